"""The meeting page saved in place: each form's URL answers htmx with its section of the page (200, or
422 with the typed values and what is wrong), and a plain post with a page or a redirect, as before."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Concern
from forums.models import Meeting
from forums.models import RestrictedAccess
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HTTP_HX_REQUEST": "true"}


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    return re.search(rf'<[^>]*id="{element_id}"[^>]*>', html).group(0)


def options(html: str, element_id: str) -> list[str]:
    """The values a select offers."""
    select = re.search(rf'<select[^>]*id="{element_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def is_fragment(response) -> bool:
    return b"<html" not in response.content


@pytest.fixture
def held_meeting(forum):
    return factories.MeetingFactory(
        forum=forum, starts_at=timezone.now() - datetime.timedelta(hours=2), status=Meeting.HELD
    )


def test_htmx_adding_an_agenda_item_answers_the_agenda_with_a_fresh_form_and_the_saved_message(
    client, secretary, held_meeting
):
    client.force_login(secretary)
    url = reverse("forums:agenda_item_add", args=[held_meeting.pk])
    response = client.post(url, {"title": "Siguria pranë shkollave"}, **HTMX)
    assert response.status_code == 200
    assert is_fragment(response)
    html = response.content.decode()
    assert 'id="agenda"' in html and "Siguria pranë shkollave" in html
    assert 'hx-swap-oob="innerHTML"' in html and "Agenda item added." in html
    # The cursor goes back to the empty title field for the next item.
    assert "autofocus" in tag(html, "agenda-title")
    assert "agenda-changed" in response["HX-Trigger"]
    assert "HX-Request" in response["Vary"]


def test_a_plain_post_adding_an_agenda_item_still_redirects_to_the_meeting(client, secretary, held_meeting):
    client.force_login(secretary)
    response = client.post(reverse("forums:agenda_item_add", args=[held_meeting.pk]), {"title": "Hapja"})
    assert response.status_code == 302
    assert response["Location"] == held_meeting.get_absolute_url() + "#agenda"


def test_htmx_agenda_item_without_a_title_comes_back_422_with_the_discussion_typed(
    client, secretary, held_meeting
):
    client.force_login(secretary)
    url = reverse("forums:agenda_item_add", args=[held_meeting.pk])
    response = client.post(url, {"title": "", "discussion": "U fol për ndriçimin"}, **HTMX)
    assert response.status_code == 422
    assert is_fragment(response)
    html = response.content.decode()
    assert "U fol për ndriçimin" in html
    assert 'aria-invalid="true"' in html
    assert "HX-Trigger" not in response
    assert not held_meeting.agenda_items.exists()


def test_htmx_editing_an_agenda_item_opens_its_form_in_place_and_saves_it(client, secretary, held_meeting):
    item = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    client.force_login(secretary)
    url = reverse("forums:agenda_item_edit", args=[held_meeting.pk, item.pk])
    opened = client.get(url, **HTMX)
    assert opened.status_code == 200 and is_fragment(opened)
    assert f'id="agenda-{item.pk}-title"' in opened.content.decode()
    # Only opened: the agenda did not change, so the concern form need not fetch its list again.
    assert "HX-Trigger" not in opened
    invalid = client.post(url, {"title": "", "discussion": "Fjala e hapjes"}, **HTMX)
    assert invalid.status_code == 422 and "Fjala e hapjes" in invalid.content.decode()
    saved = client.post(url, {"title": "Hapja e takimit", "discussion": "Fjala e hapjes"}, **HTMX)
    assert saved.status_code == 200
    assert "Agenda item saved." in saved.content.decode()
    item.refresh_from_db()
    assert (item.title, item.discussion) == ("Hapja e takimit", "Fjala e hapjes")


def test_a_plain_get_of_the_agenda_item_edit_url_is_still_its_own_page(client, secretary, held_meeting):
    item = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    client.force_login(secretary)
    response = client.get(reverse("forums:agenda_item_edit", args=[held_meeting.pk, item.pk]))
    assert response.status_code == 200 and not is_fragment(response)


def test_htmx_moving_an_agenda_item_answers_the_agenda_in_its_new_order(client, secretary, held_meeting):
    first = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    second = factories.AgendaItemFactory(meeting=held_meeting, title="Të ndryshme", position=2)
    client.force_login(secretary)
    url = reverse("forums:agenda_item_move", args=[held_meeting.pk, second.pk])
    response = client.post(url, {"direction": "up"}, **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    html = response.content.decode()
    assert html.index("Të ndryshme") < html.index("Hapja")
    assert "Agenda reordered." in html
    assert [first.pk, second.pk] != list(
        held_meeting.agenda_items.order_by("position").values_list("pk", flat=True)
    )
    plain = client.post(url, {"direction": "down"})
    assert plain.status_code == 302


def test_htmx_marking_a_meeting_held_answers_its_status_without_the_prompt(client, secretary, forum):
    meeting = factories.MeetingFactory(forum=forum, starts_at=timezone.now() - datetime.timedelta(hours=3))
    client.force_login(secretary)
    url = reverse("forums:meeting_outcome", args=[meeting.pk])
    response = client.post(url, {"status": Meeting.HELD}, **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    html = response.content.decode()
    assert 'id="meeting-status"' in html and "badge-held" in html
    assert "Was this meeting held?" not in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.HELD
    assert client.post(url, {"status": Meeting.HELD}).status_code == 302


def test_htmx_attendance_is_saved_in_place_and_a_wrong_count_comes_back_422_as_typed(
    client, secretary, chair, held_meeting
):
    client.force_login(secretary)
    url = reverse("forums:meeting_attendance", args=[held_meeting.pk])
    present = list(held_meeting.forum.memberships.values_list("pk", flat=True))
    wrong = client.post(
        url,
        {"members_present": present, "citizens_women": "2", "citizens_men": "3", "citizens_youth": "9"},
        **HTMX,
    )
    assert wrong.status_code == 422 and is_fragment(wrong)
    assert 'value="9"' in wrong.content.decode()
    assert 'id="attendance-citizens_youth"' in wrong.content.decode()
    saved = client.post(
        url,
        {"members_present": present, "citizens_women": "2", "citizens_men": "3", "citizens_youth": "1"},
        **HTMX,
    )
    assert saved.status_code == 200
    assert "Attendance recorded." in saved.content.decode()
    assert held_meeting.members_present.count() == 2
    plain = client.post(url, {"citizens_women": "0", "citizens_men": "0", "citizens_youth": "0"})
    assert plain.status_code == 302


def test_htmx_logging_a_concern_answers_the_concerns_and_tells_the_action_form(
    client, secretary, held_meeting, category
):
    client.force_login(secretary)
    url = reverse("forums:concern_create", args=[held_meeting.pk])
    data = {"category": category.pk, "summary": "Makinat ecin shpejt", "source": "citizen"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    assert 'id="concerns"' in response.content.decode()
    assert "Makinat ecin shpejt" in response.content.decode()
    assert "concerns-changed" in response["HX-Trigger"]
    assert Concern.objects.filter(meeting=held_meeting).count() == 1


def test_htmx_concern_without_a_category_comes_back_422_with_the_summary_typed(
    client, secretary, held_meeting
):
    client.force_login(secretary)
    url = reverse("forums:concern_create", args=[held_meeting.pk])
    response = client.post(url, {"summary": "Makinat ecin shpejt", "source": "citizen"}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Makinat ecin shpejt" in html
    assert "autofocus" in tag(html, "concern-category")
    assert not Concern.objects.exists()
    plain = client.post(url, {"summary": "Makinat ecin shpejt", "source": "citizen"})
    assert plain.status_code == 200 and not is_fragment(plain)


def test_htmx_get_of_the_concern_form_answers_the_form_alone_for_its_agenda_list(
    client, secretary, held_meeting, restricted_category
):
    factories.ConcernFactory(meeting=held_meeting, category=restricted_category, summary="Rast i ndjeshëm")
    factories.AgendaItemFactory(meeting=held_meeting, title="Siguria", position=1)
    client.force_login(secretary)
    response = client.get(reverse("forums:concern_create", args=[held_meeting.pk]), **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    html = response.content.decode()
    assert 'id="concern-agenda_item"' in html and "Siguria" in html
    # Only the form: no concern's text, so nothing to log.
    assert "Rast i ndjeshëm" not in html
    assert not RestrictedAccess.objects.exists()


def test_the_concerns_answered_to_htmx_log_the_restricted_ones_they_show(
    client, secretary, held_meeting, restricted_category
):
    client.force_login(secretary)
    url = reverse("forums:concern_create", args=[held_meeting.pk])
    data = {"category": restricted_category.pk, "summary": "Rast i ndjeshëm", "source": "police"}
    response = client.post(url, data, **HTMX)
    assert "Rast i ndjeshëm" in response.content.decode()
    concern = Concern.objects.get()
    assert RestrictedAccess.objects.filter(concern=concern, surface=RestrictedAccess.MEETING_PAGE).exists()


def test_the_meeting_page_answers_htmx_only_the_section_it_targets(client, secretary, held_meeting):
    factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    client.force_login(secretary)
    url = held_meeting.get_absolute_url()
    section = client.get(url, HTTP_HX_TARGET="agenda", **HTMX)
    assert section.status_code == 200 and is_fragment(section)
    html = section.content.decode()
    assert 'id="agenda"' in html and 'id="concerns"' not in html
    assert not is_fragment(client.get(url))


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("forums:agenda_item_add", [], {"title": "Hapja"}),
        (
            "forums:meeting_attendance",
            [],
            {"citizens_women": "1", "citizens_men": "1", "citizens_youth": "0"},
        ),
        ("forums:meeting_outcome", [], {"status": "held"}),
        ("forums:concern_create", [], {"summary": "x", "source": "citizen"}),
    ],
)
def test_htmx_saves_keep_the_permissions_a_member_403_an_outsider_404(
    client, member, outsider, held_meeting, name, args, data
):
    url = reverse(name, args=[held_meeting.pk, *args])
    client.force_login(member)
    assert client.post(url, data, **HTMX).status_code == 403
    client.force_login(outsider)
    assert client.post(url, data, **HTMX).status_code == 404


def test_the_meeting_page_offers_the_secretary_to_start_the_minutes_until_they_are_started(
    client, secretary, chair, held_meeting
):
    client.force_login(secretary)
    start = reverse("minutes:start", args=[held_meeting.pk])
    assert f'action="{start}"' in client.get(held_meeting.get_absolute_url()).content.decode()
    client.force_login(chair)
    assert f'action="{start}"' not in client.get(held_meeting.get_absolute_url()).content.decode()
    client.force_login(secretary)
    client.post(start)
    assert f'action="{start}"' not in client.get(held_meeting.get_absolute_url()).content.decode()


def test_the_meeting_page_configures_htmx_for_the_strict_csp(client, secretary, held_meeting):
    client.force_login(secretary)
    html = client.get(held_meeting.get_absolute_url()).content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
    assert '"historyEnabled": false' in html
    assert "vendor/htmx/htmx.min.js" in html


# --- Concerns edited in place ------------------------------------------------------------------------


def concern_data(concern, **changes) -> dict:
    return {
        "category": concern.category_id,
        "summary": concern.summary,
        "details": concern.details,
        "neighbourhood": concern.neighbourhood,
        "source": concern.source,
        "visibility": concern.visibility,
        **changes,
    }


@pytest.fixture
def sensitive_concern(held_meeting, restricted_category):
    return factories.ConcernFactory(
        meeting=held_meeting,
        category=restricted_category,
        summary="Rast i ndjeshëm",
        details="Nëna dhe dy fëmijë, adresa e njohur",
        visibility=Concern.RESTRICTED,
    )


def test_the_meeting_page_offers_the_secretary_to_edit_each_concern_in_place(
    client, secretary, chair, held_meeting, category
):
    concern = factories.ConcernFactory(meeting=held_meeting, category=category)
    edit = reverse("forums:concern_edit", args=[concern.pk])
    client.force_login(secretary)
    link = tag(client.get(held_meeting.get_absolute_url()).content.decode(), f"concern-{concern.pk}-edit")
    # A link to the concern's own edit page without JavaScript, the row opened in place with htmx.
    assert f'href="{edit}"' in link and f'data-hx-get="{edit}"' in link
    client.force_login(chair)
    assert edit not in client.get(held_meeting.get_absolute_url()).content.decode()


def test_htmx_editing_a_concern_opens_its_row_as_the_form_and_logs_the_details_it_shows(
    client, secretary, held_meeting, sensitive_concern
):
    client.force_login(secretary)
    response = client.get(reverse("forums:concern_edit", args=[sensitive_concern.pk]), **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    html = response.content.decode()
    assert 'id="concerns"' in html
    assert "autofocus" in tag(html, f"concern-{sensitive_concern.pk}-category")
    assert "Nëna dhe dy fëmijë, adresa e njohur" in html
    # Logged as the concern's own edit page logs it, and as the meeting page logs the list around it.
    assert set(RestrictedAccess.objects.values_list("surface", "concern_id", "user_id")) == {
        (RestrictedAccess.CONCERN_EDIT, sensitive_concern.pk, secretary.pk),
        (RestrictedAccess.MEETING_PAGE, sensitive_concern.pk, secretary.pk),
    }


def test_htmx_saving_a_concern_in_place_answers_the_concerns_and_tells_the_action_form(
    client, secretary, held_meeting, category
):
    concern = factories.ConcernFactory(meeting=held_meeting, category=category, summary="Makina të shpejta")
    client.force_login(secretary)
    url = reverse("forums:concern_edit", args=[concern.pk])
    response = client.post(url, concern_data(concern, summary="Makina shumë të shpejta"), **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    html = response.content.decode()
    assert "Makina shumë të shpejta" in html and "Concern saved." in html
    # The row is back: no form of this concern is left open.
    assert f'id="concern-{concern.pk}-summary"' not in html and f'id="concern-{concern.pk}-edit"' in html
    assert "concerns-changed" in response["HX-Trigger"]
    concern.refresh_from_db()
    assert concern.summary == "Makina shumë të shpejta"


def test_htmx_concern_edit_with_an_error_comes_back_422_with_everything_typed(
    client, secretary, held_meeting, category
):
    concern = factories.ConcernFactory(meeting=held_meeting, category=category, summary="Makina të shpejta")
    client.force_login(secretary)
    url = reverse("forums:concern_edit", args=[concern.pk])
    typed = concern_data(concern, category="", summary="Përmbledhje e re", details="Detaje të reja")
    response = client.post(url, typed, **HTMX)
    assert response.status_code == 422 and is_fragment(response)
    html = response.content.decode()
    assert "Përmbledhje e re" in html and "Detaje të reja" in html
    assert "autofocus" in tag(html, f"concern-{concern.pk}-category")
    assert "HX-Trigger" not in response
    concern.refresh_from_db()
    assert concern.summary == "Makina të shpejta"


def test_in_place_a_sensitive_concern_still_becomes_public_only_through_the_chair(
    client, secretary, held_meeting, sensitive_concern
):
    client.force_login(secretary)
    url = reverse("forums:concern_edit", args=[sensitive_concern.pk])
    opened = client.get(url, **HTMX).content.decode()
    # Public is not offered; the proposal the chair confirms is linked, as on the concern's edit page.
    assert options(opened, f"concern-{sensitive_concern.pk}-visibility") == [Concern.RESTRICTED]
    assert reverse("forums:concern_propose_public", args=[sensitive_concern.pk]) in opened
    response = client.post(url, concern_data(sensitive_concern, visibility=Concern.PUBLIC), **HTMX)
    assert response.status_code == 422
    sensitive_concern.refresh_from_db()
    assert sensitive_concern.visibility == Concern.RESTRICTED


def test_a_plain_get_of_the_concern_edit_url_is_still_its_own_page(client, secretary, held_meeting, category):
    concern = factories.ConcernFactory(meeting=held_meeting, category=category)
    client.force_login(secretary)
    response = client.get(reverse("forums:concern_edit", args=[concern.pk]))
    assert response.status_code == 200 and not is_fragment(response)
    saved = client.post(reverse("forums:concern_edit", args=[concern.pk]), concern_data(concern))
    assert saved.status_code == 302 and saved["Location"] == concern.get_absolute_url()


def test_htmx_concern_edits_keep_the_permissions_a_police_liaison_403_an_outsider_404(
    client, police_liaison, outsider, held_meeting, category
):
    concern = factories.ConcernFactory(meeting=held_meeting, category=category, summary="Makina")
    url = reverse("forums:concern_edit", args=[concern.pk])
    client.force_login(police_liaison)
    assert client.get(url, **HTMX).status_code == 403
    assert client.post(url, concern_data(concern, summary="Tjetër"), **HTMX).status_code == 403
    client.force_login(outsider)
    assert client.get(url, **HTMX).status_code == 404
    assert client.post(url, concern_data(concern, summary="Tjetër"), **HTMX).status_code == 404
    concern.refresh_from_db()
    assert concern.summary == "Makina"


def test_cancelling_a_concern_edit_answers_the_concerns_without_the_form(
    client, secretary, held_meeting, category
):
    concern = factories.ConcernFactory(meeting=held_meeting, category=category)
    client.force_login(secretary)
    opened = client.get(reverse("forums:concern_edit", args=[concern.pk]), **HTMX).content.decode()
    cancel = f'data-hx-get="{held_meeting.get_absolute_url()}"'
    assert cancel in opened
    section = client.get(held_meeting.get_absolute_url(), HTTP_HX_TARGET="concerns", **HTMX)
    html = section.content.decode()
    assert 'id="concerns"' in html and f'id="concern-{concern.pk}-summary"' not in html


# --- Agenda items removed in place ---------------------------------------------------------------------


def test_the_remove_link_asks_in_the_browsers_dialog_with_htmx_and_is_the_confirmation_page_without(
    client, secretary, held_meeting
):
    item = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    remove = reverse("forums:agenda_item_remove", args=[held_meeting.pk, item.pk])
    client.force_login(secretary)
    link = tag(client.get(held_meeting.get_absolute_url()).content.decode(), f"agenda-{item.pk}-remove")
    assert f'href="{remove}"' in link and f'data-hx-post="{remove}"' in link
    assert 'data-hx-confirm="Remove “Hapja” from the agenda?' in link
    assert "X-CSRFToken" in link
    page = client.get(remove)
    assert page.status_code == 200 and not is_fragment(page)


def test_htmx_removing_an_agenda_item_answers_the_agenda_without_it(client, secretary, held_meeting):
    kept = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    removed = factories.AgendaItemFactory(meeting=held_meeting, title="Të ndryshme", position=2)
    client.force_login(secretary)
    response = client.post(reverse("forums:agenda_item_remove", args=[held_meeting.pk, removed.pk]), **HTMX)
    assert response.status_code == 200 and is_fragment(response)
    html = response.content.decode()
    assert 'id="agenda"' in html and "Hapja" in html and "Të ndryshme" not in html
    assert "Agenda item removed." in html
    # The concern form's list of agenda items follows.
    assert "agenda-changed" in response["HX-Trigger"]
    assert list(held_meeting.agenda_items.all()) == [kept]


def test_a_plain_post_removing_an_agenda_item_still_redirects(client, secretary, held_meeting):
    item = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    client.force_login(secretary)
    response = client.post(reverse("forums:agenda_item_remove", args=[held_meeting.pk, item.pk]))
    assert response.status_code == 302
    assert response["Location"] == held_meeting.get_absolute_url() + "#agenda"


def test_htmx_removing_keeps_the_permissions_a_member_403_an_outsider_404(
    client, member, outsider, held_meeting
):
    item = factories.AgendaItemFactory(meeting=held_meeting, title="Hapja", position=1)
    url = reverse("forums:agenda_item_remove", args=[held_meeting.pk, item.pk])
    client.force_login(member)
    assert client.post(url, **HTMX).status_code == 403
    client.force_login(outsider)
    assert client.post(url, **HTMX).status_code == 404
    assert held_meeting.agenda_items.count() == 1


def test_the_meeting_page_names_the_categories_restricted_by_default_for_its_concern_form(
    client, secretary, held_meeting, category, restricted_category
):
    client.force_login(secretary)
    html = client.get(held_meeting.get_absolute_url()).content.decode()
    script = re.search(r'<script id="restricted-categories" type="application/json">(.*?)</script>', html)
    assert script.group(1) == f"[{restricted_category.pk}]"
    assert sorted(options(html, "concern-category")) == sorted(
        ["", str(category.pk), str(restricted_category.pk)]
    )
