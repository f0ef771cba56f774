"""Demo answers to the trust survey, after the demo's minutes are published.

Most published meetings get answers, given within the weeks their survey was open. Trust rises over
the year in Prishtinë, holds in Prizren; Gjilan gets few answers, so most of its quarters fall below
the minimum and the accountability page shows what suppression looks like. Some answers carry a
comment (invented, naming nobody); the older ones are filed under a theme, as a secretary would.
Runs once: a second `seed_demo` finds answers and adds nothing.
"""

import random
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from forums import survey
from forums.models import Meeting
from forums.models import SurveyResponse

# Answers per meeting (fewest, most), and the chance of agreeing at the start and the end of the year.
PROFILES = {
    "prishtine": ((5, 12), 0.42, 0.68),
    "prizren": ((3, 9), 0.55, 0.57),
    "gjilan": ((0, 3), 0.5, 0.6),
}
# How each statement sits against the municipality's level: people feel least informed.
STATEMENT_SHIFT = {
    "listens": 0.0,
    "relied_upon": -0.05,
    "fair": -0.08,
    "what_matters": 0.02,
    "informed": -0.15,
    "good_job": 0.0,
    "forum_told": 0.05,
}
SKIPPED_SHARE = 0.15  # meetings nobody answered for
DONT_KNOW_SHARE = 0.08
COMMENT_SHARE = 0.25
ATTENDED = [True, True, False, None]
COMMENTS = [
    ("Ndriçimi në rrugën e shkollës ende mungon, fëmijët kthehen në errësirë.", "municipal_services"),
    ("Patrullat e policisë në lagje janë shtuar, ndihemi më të sigurt.", "praise"),
    ("Do të ishte mirë që takimet të mbaheshin pas orës pesë, kur jemi të lirë nga puna.", "forum_meetings"),
    ("Nuk e dinim që procesverbali publikohet në internet, duhet të njoftohet më shumë.", "information"),
    ("Policia erdhi shpejt kur e thirrëm për aksidentin në udhëkryq.", "police_response"),
    ("Parku pranë tregut është i pasigurt natën, aty mblidhen të rinj që pinë.", "safety_in_a_place"),
    ("Faleminderit që na dëgjuat për vendkalimin e këmbësorëve.", "praise"),
    ("Komuna premtoi shenja trafiku para tre muajsh, ende asgjë.", "municipal_services"),
    ("Rasvetu kod škole su popravili, hvala.", "praise"),
    ("Informacionet duhet të jenë edhe në gjuhën serbe dhe turke.", "information"),
    ("Pas takimit askush nuk na tregoi çfarë u bë me ankesën tonë.", "forum_meetings"),
    ("Autobusi i shkollës ndalet në vend të rrezikshëm.", "safety_in_a_place"),
]


def _answer(rng: random.Random, agree: float) -> int:
    if rng.random() < DONT_KNOW_SHARE:
        return SurveyResponse.DONT_KNOW
    if rng.random() < agree:
        return rng.choice([SurveyResponse.AGREE, SurveyResponse.AGREE, SurveyResponse.STRONGLY_AGREE])
    return rng.choice([SurveyResponse.NEITHER, SurveyResponse.DISAGREE, SurveyResponse.STRONGLY_DISAGREE])


def _responses(meeting: Meeting, opened: datetime, rng: random.Random, progress: float, today: date) -> list:
    (fewest, most), start, end = PROFILES.get(meeting.forum.municipality.slug, ((2, 8), 0.5, 0.5))
    level = start + (end - start) * progress
    first_day = timezone.localtime(opened).date()
    last_day = min(first_day + survey.open_period(), today)
    if last_day < first_day:
        return []
    responses = []
    for _n in range(rng.randint(fewest, most)):
        comment, theme = rng.choice(COMMENTS) if rng.random() < COMMENT_SHARE else ("", "")
        answered_on = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
        responses.append(
            SurveyResponse(
                meeting=meeting,
                answered_on=answered_on,
                attended=rng.choice(ATTENDED),
                comment=comment,
                # The secretary files comments some days after they come in; the newest still wait.
                theme=theme if comment and (today - answered_on).days > 14 else "",
                **{
                    name: _answer(rng, min(max(level + STATEMENT_SHIFT[name], 0.05), 0.95))
                    for name in SurveyResponse.statement_fields()
                },
            )
        )
    return responses


def seed(now: datetime) -> int:
    """Answers for most meetings whose minutes are published; how many were made."""
    if SurveyResponse.objects.exists():
        return 0
    rng = random.Random(13)  # the same demo every time
    today = timezone.localdate(now)
    meetings = list(
        Meeting.objects.filter(is_public=True, forum__active=True, minutes__versions__isnull=False)
        .annotate(opened=Min("minutes__versions__published_at"))
        .select_related("forum__municipality")
        .order_by("starts_at")
    )
    if not meetings:
        return 0
    first, last = meetings[0].starts_at, meetings[-1].starts_at
    span = max((last - first).total_seconds(), 1)
    responses = []
    for meeting in meetings:
        if rng.random() < SKIPPED_SHARE:
            continue
        progress = (meeting.starts_at - first).total_seconds() / span
        responses += _responses(meeting, meeting.opened, rng, progress, today)
    SurveyResponse.objects.bulk_create(responses)
    return len(responses)
