"""What one run of `seed_demo` makes: built once for the module (tests/shared_rows.py).

Runs of the command on an empty database are in test_seed_demo_runs.py: here every test sees the rows.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from actions.models import Action
from actions.models import ActionUpdate
from actions.models import ResponsibleBody
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import Municipality
from portal.models import HelpEntry
from tests.seed_support import PASSWORD
from tests.seed_support import SECRETARY
from tests.seed_support import seed


@pytest.fixture(scope="module")
def built_seeded(module_rows) -> str:
    """One run of the command for the module's tests, which read what it made or run it again."""
    with module_rows.building(), override_settings(DEBUG=True):
        return seed("--password", PASSWORD)


@pytest.fixture
def seeded(built_seeded, module_rows, db, debug, request) -> str:
    return module_rows.for_test(built_seeded, request)


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_creates_three_municipalities_with_an_mcsc_each_and_lpscs_in_at_least_two(seeded):
    municipalities = set(Municipality.objects.values_list("slug", flat=True))
    assert municipalities == {"prishtine", "prizren", "gjilan"}
    assert Municipality.objects.get(slug="gjilan").name_sr == "Gnjilane"
    for municipality in Municipality.objects.all():
        assert municipality.forums.filter(kind=Forum.MCSC).count() == 1
    with_lpsc = Municipality.objects.filter(forums__kind=Forum.LPSC).distinct().count()
    assert with_lpsc >= 2


def test_municipalities_forums_and_bodies_are_named_in_serbian_and_turkish_too(seeded):
    for model in (Municipality, Forum, ResponsibleBody):
        assert not model.objects.filter(Q(name_sr="") | Q(name_tr="")).exists(), model
    ulpiana = Forum.objects.get(slug="klsp-ulpiana")
    with translation.override("tr"):
        assert ulpiana.name == "Yerel Kamu Güvenliği Komitesi — Ulpiana"
        assert ulpiana.municipality.name == "Priştine"
    with translation.override("sr"):
        assert ulpiana.name == "Локални комитет за јавну безбедност — Улпијана"


def test_it_creates_the_ten_categories_with_domestic_violence_and_extremism_restricted(seeded):
    categories = ConcernCategory.objects.all()
    assert categories.count() == 10
    restricted = set(categories.filter(restricted_by_default=True).values_list("slug", flat=True))
    assert restricted == {"domestic-violence", "violent-extremism"}
    assert all(c.name_sq and c.name_sr and c.name_en and c.name_tr for c in categories)


def test_every_role_is_held_in_every_forum_and_every_user_logs_in_by_verified_email(seeded):
    roles = {role for role, _ in Membership.ROLE_CHOICES}
    for forum in Forum.objects.all():
        assert set(forum.memberships.values_list("role", flat=True)) == roles
    institutions = {institution for institution, _ in Membership.INSTITUTION_CHOICES}
    assert set(Membership.objects.values_list("institution", flat=True)) == institutions
    users = get_user_model().objects.all()
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == users.count()
    admin = users.get(email="admin@demo.forums.test")
    assert admin.is_staff and admin.is_superuser
    assert not users.exclude(pk=admin.pk).filter(is_staff=True).exists()


def test_meetings_cover_two_years_with_attendance_and_upcoming_planned_ones(seeded):
    forum = Forum.objects.get(slug="kksb-prishtine")
    meetings = forum.meetings.all()
    assert meetings.filter(status=Meeting.HELD).count() >= 22
    assert meetings.filter(status=Meeting.PLANNED, starts_at__gt=timezone.now()).count() == 2
    assert meetings.filter(is_public=False).exists()
    assert Meeting.objects.filter(status=Meeting.CANCELLED).exists()
    numbers = sorted(meetings.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    for meeting in meetings.filter(status=Meeting.HELD):
        assert meeting.members_present.exists()
        assert 2 <= meeting.agenda_items.count() <= 4
        assert meeting.citizens_youth <= meeting.citizens_total
    held = Meeting.objects.filter(status=Meeting.HELD)
    assert sum(m.citizens_women for m in held) < sum(m.citizens_men for m in held)


def test_each_forums_next_meeting_has_a_published_agenda_and_every_meeting_says_how_to_come(seeded, client):
    for forum in Forum.objects.all():
        coming = list(
            forum.meetings.filter(starts_at__gt=timezone.now(), is_public=True).order_by("starts_at")
        )
        assert coming[0].agenda_is_published, forum.slug
        assert not any(meeting.agenda_is_published for meeting in coming[1:])
    assert not Meeting.objects.filter(address="").exists()
    assert set(Meeting.objects.values_list("step_free_access", flat=True)) == {"yes", "no"}
    first = Forum.objects.get(slug="kksb-prishtine").meetings.filter(agenda_published_at__isnull=False).get()
    body = client.get(reverse("portal:meeting_detail", args=[first.pk])).content.decode()
    assert "Ndriçimi publik në lagjet e reja" in body


def test_demo_meetings_say_how_to_come_in_each_language_of_their_municipality(seeded):
    assert not Meeting.objects.filter(location_sr="").exists()  # every demo municipality works in Serbian
    turkish = Meeting.objects.exclude(location_tr="")
    assert turkish.exists()
    assert set(turkish.values_list("forum__municipality__slug", flat=True)) == {"prizren"}
    assert not Meeting.objects.filter(location_sr__contains="Prishtinë").exists()  # the town in Serbian


def test_the_help_page_has_invented_entries_beside_the_emergency_number(seeded, client):
    entries = HelpEntry.objects.all()

    assert {entry.kind for entry in entries} == {kind for kind, _label in HelpEntry.KIND_CHOICES} - {"other"}
    assert set(entries.values_list("language", flat=True)) >= {"sq", "sr-latn", "en", "tr"}
    assert all(entry.name.startswith(("Shembull:", "Primer:", "Example:", "Örnek:")) for entry in entries)
    assert not entries.exclude(phone="").exists()
    assert all("example.org" in (entry.email or entry.website) for entry in entries)
    body = client.get(reverse("portal:help")).content.decode()
    assert 'href="tel:192"' in body
    assert "Example: community-policing app" in body


def test_every_category_has_concerns_and_restricted_ones_follow_the_category(seeded):
    for category in ConcernCategory.objects.all():
        assert category.concerns.exists(), category.slug
    restricted = Concern.objects.filter(visibility=Concern.RESTRICTED)
    assert restricted.exists()
    # Other categories' concerns are restricted only later, by a step the demo shows (privacy cases).
    for concern in restricted.filter(category__restricted_by_default=False):
        assert concern.history.filter(visibility=Concern.PUBLIC).exists(), concern.pk
    # Sensitive ones are public only after two people agreed.
    for concern in Concern.objects.filter(category__restricted_by_default=True, visibility=Concern.PUBLIC):
        assert concern.visibility_proposals.filter(status="confirmed").exists(), concern.pk
    reasons = set(Concern.objects.filter(status=Concern.CLOSED).values_list("closing_reason", flat=True))
    assert reasons == {code for code, _ in Concern.CLOSING_REASON_CHOICES}
    assert not Concern.objects.filter(closing_reason=Concern.REFERRED, referred_to="").exists()
    escalated = Concern.objects.exclude(escalated_to=None).select_related("escalated_to__meeting__forum")
    assert escalated.exists()
    for concern in escalated:
        assert concern.meeting.forum.kind == Forum.LPSC
        assert concern.escalated_to.meeting.forum.kind == Forum.MCSC
        assert concern.status == Concern.CLOSED
        assert concern.closing_reason == Concern.REFERRED


def test_actions_reach_every_status_some_overdue_and_respect_the_assignment_rules(seeded):
    assert set(Action.objects.values_list("status", flat=True)) == {code for code, _ in Action.STATUS_CHOICES}
    assert any(action.is_overdue for action in Action.objects.all())
    assert not Action.objects.filter(status=Action.DONE, completed_at=None).exists()
    for action in Action.objects.select_related("meeting__forum", "responsible_body"):
        forum = action.meeting.forum
        assert action.responsible_body.municipality_id == forum.municipality_id
        assert action.due_date >= timezone.localtime(action.meeting.starts_at).date()
        if action.assignee_id:
            assert Membership.objects.filter(forum=forum, user_id=action.assignee_id).exists()
    assert ActionUpdate.objects.filter(is_public=True).exists()
    assert ActionUpdate.objects.filter(is_public=False).exists()
    assert ResponsibleBody.objects.filter(name_sq="Njësia për Hetimin e Dhunës në Familje").count() == 3


def test_running_it_twice_changes_no_table(seeded):
    before = table_counts()
    password_hash = get_user_model().objects.get(email=SECRETARY).password

    output = seed()

    assert table_counts() == before
    assert get_user_model().objects.get(email=SECRETARY).password == password_hash
    assert "keep their passwords" in output


def test_an_explicit_password_resets_existing_accounts(seeded, client):
    seed("--password", "another-demo-password")

    response = client.post("/accounts/login/", {"login": SECRETARY, "password": PASSWORD})
    assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": SECRETARY, "password": "another-demo-password"})
    assert response.status_code == 302


def test_survey_answers_cover_most_published_meetings_and_show_both_trends_and_suppression(seeded):
    """Minutes published as the demo publishes them (twelve per forum, two weeks after the meeting),
    without rendering PDFs here; then the survey's demo answers."""
    from forum_site.demo import survey as demo_survey
    from forums.models import SurveyResponse
    from portal import trust

    for forum in Forum.objects.all():
        for meeting in forum.meetings.filter(status=Meeting.HELD, minutes__isnull=True).order_by(
            "-starts_at"
        )[:12]:
            minutes = Minutes.objects.create(meeting=meeting, status=Minutes.PUBLISHED)
            MinutesVersion.objects.create(
                minutes=minutes,
                number=1,
                language="sq",
                html="<p>v1</p>",
                sha256="0" * 64,
                published_at=meeting.starts_at + datetime.timedelta(days=14),
            )

    made = demo_survey.seed(timezone.now())

    published = Meeting.objects.filter(minutes__versions__isnull=False, is_public=True).distinct()
    answered = published.filter(survey_responses__isnull=False).distinct()
    assert made == SurveyResponse.objects.count() > 0
    assert answered.count() >= published.count() * 0.6
    assert all(
        response.answered_on
        >= timezone.localtime(response.meeting.minutes.versions.first().published_at).date()
        for response in SurveyResponse.objects.select_related("meeting__minutes")
    )
    cells = [
        row.quarters[start].share_of("good_job")
        for row in trust.trust_results().rows
        for start in trust.trust_results().quarters
    ]
    assert sum(not cell.suppressed and cell.answers > 0 for cell in cells) >= 6  # a trend to read
    assert any(cell.suppressed for cell in cells)  # and suppression to see
    assert SurveyResponse.objects.exclude(comment="").exclude(theme="").exists()
    assert demo_survey.seed(timezone.now()) == 0
