"""The trust survey of one forum, for its secretary and chair: results and comments by theme.

The shares here follow the same minimum as on public pages (privacy rule 10): the forum's own
people could otherwise recognise an answer among a handful. Comments are shown as written, since
someone must read them to file them; the secretary files each under a theme, or sets it aside,
which erases its text.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists
from django.db.models import OuterRef
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forums import permissions
from forums import survey
from forums.errors import ForumError
from forums.models import Forum
from forums.models import Meeting
from forums.models import MinutesVersion
from forums.models import SurveyResponse

# Meetings listed with their survey, newest first.
MEETINGS_SHOWN = 12
# Quarters of the forum's trend.
QUARTERS_SHOWN = 4


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), choices=SurveyResponse.THEME_CHOICES)


def _forum_for_reader(user, slug: str) -> Forum:
    """404 for who may not see the forum, 403 for its members who do not read the survey."""
    forum = permissions.get_forum_for_user(user, slug)
    if not permissions.can_read_survey(user, forum):
        raise PermissionDenied
    return forum


def _surveyed_meetings(forum: Forum) -> list[survey.MeetingSurvey]:
    published = MinutesVersion.objects.filter(minutes__meeting=OuterRef("pk"))
    meetings = (
        Meeting.objects.filter(forum=forum, is_public=True)
        .filter(Exists(published))
        .select_related("forum")
        .order_by("-starts_at")[:MEETINGS_SHOWN]
    )
    return [survey.meeting_survey(meeting) for meeting in meetings]


@login_required
def forum_survey(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum_for_reader(request.user, slug)
    quarters = survey.recent_quarters(timezone.localdate(), QUARTERS_SHOWN)
    by_quarter = survey.results_by_quarter(
        SurveyResponse.objects.filter(meeting__forum=forum),
        by="meeting__forum_id",
        quarters=quarters,
        labels={forum.pk: (forum, forum.name)},
    )
    waiting, themes = survey.comments_by_theme(forum)
    context = {
        "forum": forum,
        "meetings": _surveyed_meetings(forum),
        "quarters": [(start, survey.quarter_label(start)) for start in quarters],
        "quarter_lines": by_quarter[0].lines() if by_quarter else [],
        "waiting": waiting,
        "themes": themes,
        "theme_form": ThemeForm(),
        "can_moderate": permissions.can_moderate_survey(request.user, forum),
    }
    return render(request, "forums/survey_results.html", context)


@login_required
@require_POST
def survey_comment_theme(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """File one comment under a theme (the secretary only)."""
    forum = _forum_for_reader(request.user, slug)
    if not permissions.can_moderate_survey(request.user, forum):
        raise PermissionDenied
    response = get_object_or_404(
        SurveyResponse.objects.select_related("meeting__forum"), pk=pk, meeting__forum=forum
    )
    form = ThemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a theme from the list."))
        return redirect("forums:forum_survey", slug=forum.slug)
    try:
        survey.assign_theme(response=response, theme=form.cleaned_data["theme"], by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The comment was filed under “%(theme)s”.") % {"theme": response.get_theme_display()}
        )
    return redirect("forums:forum_survey", slug=forum.slug)
