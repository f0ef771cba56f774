"""Form helpers for every staff form: text fields that say their limit instead of cutting a paste,
and choice lists read once."""

from collections.abc import Iterable

from django.db.models import Model
from django.forms import BoundField
from django.forms import ModelChoiceField
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class LengthLimitBoundField(BoundField):
    """A field with a maximum length: the limit in its help text and a live count, never a silent cut.

    Django writes `maxlength` on such a field, and a browser then drops whatever is pasted beyond it,
    mid-word, without a word: the shortened text is what gets saved. Without the attribute the whole
    text reaches the form, which refuses it with the limit and the count and keeps what was typed.
    `static/js/staff.js` counts characters live from `data-max-length`.
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        limit = self.max_length
        if limit:
            limit_text = ngettext_lazy(
                "Up to %(limit)d character.", "Up to %(limit)d characters.", "limit"
            ) % {"limit": limit}
            self.help_text = (
                format_lazy("{} {}", self.help_text, limit_text) if self.help_text else limit_text
            )

    @property
    def max_length(self) -> int | None:
        if self.field.widget.is_hidden:
            return None
        return getattr(self.field, "max_length", None)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        limit = self.max_length
        if limit:
            attrs["maxlength"] = False  # False leaves the attribute out of the rendered tag
            attrs["data-max-length"] = limit
            # Filled in by staff.js: the count so far, the limit, and how many characters too many.
            attrs["data-count-text"] = _("{count} of {limit} characters")
            attrs["data-over-text"] = _("{count} of {limit} characters: {over} too many")
        return attrs


class ShowsLengthLimits:
    """Mix into a form whose text fields have a maximum length (see LengthLimitBoundField)."""

    bound_field_class = LengthLimitBoundField


def offer_choices(field: ModelChoiceField, rows: Iterable[Model] | None = None) -> list[Model]:
    """Fix a model choice field's list to `rows` (by default its queryset, read now) and answer them.

    Django reads a field's queryset each time its list is rendered; read once here, the same rows
    also serve what else a page needs of them (which categories are restricted), or rows a page has
    read already are offered as they are. `rows` must be what the queryset holds: a submitted value
    is still checked against the queryset.
    """
    rows = list(field.queryset if rows is None else rows)
    choice = field.iterator(field).choice
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = [*empty, *(choice(row) for row in rows)]
    return rows
