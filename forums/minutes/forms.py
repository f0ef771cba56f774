"""Forms of the minutes workflow (kept apart from forums/forms.py, which records meetings)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum_site.lib.forms import ShowsLengthLimits
from forums.models import Minutes


class MinutesForm(forms.ModelForm):
    """The secretary's text of the minutes; everything else comes from what was recorded."""

    class Meta:
        model = Minutes
        fields = ["narrative", "decisions"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "narrative": _(
                "Published for everyone. Never write names of citizens or details of restricted concerns here."
            ),
            "decisions": _("One decision per line. Published for everyone."),
        }


class ReturnMinutesForm(ShowsLengthLimits, forms.Form):
    """The chair's reason for sending minutes back."""

    comment = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
