"""Where a meeting is and how to come, in the reader's language: the secretary writes the place in
Serbian and Turkish beside the Albanian where the municipality works in them; pages, calendar events
and e-mails show the reader's version, and the Albanian text where none was written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from icalendar import Calendar

from forums.models import Meeting
from tests import factories

ALBANIAN = {
    "location": "Qendra Rinore",
    "address": "Rruga e Dëshmorëve 12, Prishtinë",
    "interpretation": "Shqip–Serbisht",
    "access_notes": "Hyrja nga oborri.",
}
SERBIAN = {
    "location_sr": "Omladinski centar",
    "address_sr": "Ulica Mučenika 12, Priština",
    "interpretation_sr": "Albanski–srpski",
    "access_notes_sr": "Ulaz iz dvorišta.",
}


@pytest.fixture
def coming(forum):
    return factories.MeetingFactory(
        forum=forum, number=70, starts_at=timezone.now() + datetime.timedelta(days=12), **ALBANIAN, **SERBIAN
    )


def meeting_page(client, meeting, language: str) -> str:
    with translation.override(language):
        return client.get(reverse("portal:meeting_detail", args=[meeting.pk])).content.decode()


def test_a_serbian_reader_reads_the_place_in_serbian_in_either_script(client, coming):
    latin = meeting_page(client, coming, "sr-latn")
    cyrillic = meeting_page(client, coming, "sr")

    assert all(text in latin for text in SERBIAN.values())
    assert "Qendra Rinore" not in latin and "Hyrja nga oborri." not in latin
    assert "Омладински центар" in cyrillic and "Улаз из дворишта." in cyrillic


def test_a_reader_in_a_language_nobody_wrote_the_place_in_reads_the_albanian(client, coming):
    turkish = meeting_page(client, coming, "tr")

    assert all(text in turkish for text in ALBANIAN.values())
    assert "Omladinski centar" not in turkish


def test_the_calendar_event_gives_the_place_in_the_readers_language(client, coming):
    with translation.override("sr-latn"):
        response = client.get(reverse("portal:meeting_ics", args=[coming.pk]))
    [event] = Calendar.from_ical(response.content).walk("VEVENT")

    assert str(event["location"]) == "Omladinski centar, Ulica Mučenika 12, Priština"
    assert "Albanski–srpski" in str(event["description"]) and "Ulaz iz dvorišta." in str(event["description"])


def form_fields(client, forum) -> set[str]:
    form = client.get(reverse("forums:meeting_create", args=[forum.slug])).context["form"]
    return set(form.fields)


def test_the_form_asks_for_the_place_in_each_language_the_municipality_works_in(client, secretary, forum):
    client.force_login(secretary)
    translated = {f"{name}_{suffix}" for name in Meeting.TRANSLATED_PLACE_FIELDS for suffix in ("sr", "tr")}

    forum.municipality.languages = "sq"
    forum.municipality.save()
    assert form_fields(client, forum) & translated == set()

    forum.municipality.languages = "sq,sr-latn,tr"
    forum.municipality.save()
    assert form_fields(client, forum) >= translated


def test_a_series_shares_the_place_in_every_language(client, secretary, forum):
    client.force_login(secretary)

    client.post(
        reverse("forums:meeting_create", args=[forum.slug]),
        {
            "starts_at": "2027-03-05T18:00",
            **ALBANIAN,
            **SERBIAN,
            "step_free_access": "yes",
            "is_public": "on",
            "repeat_monthly": "2",
        },
    )

    meetings = Meeting.objects.filter(forum=forum)
    assert meetings.count() == 2
    assert {tuple(getattr(meeting, name) for name in SERBIAN) for meeting in meetings} == {
        tuple(SERBIAN.values())
    }


def test_editing_keeps_a_translation_the_form_did_not_ask_for(client, secretary, forum, coming):
    forum.municipality.languages = "sq"
    forum.municipality.save()
    client.force_login(secretary)

    client.post(
        reverse("forums:meeting_edit", args=[coming.pk]),
        {
            "starts_at": "2027-03-05T18:00",
            **ALBANIAN,
            "location": "Salla e Kuvendit",
            "step_free_access": "yes",
            "is_public": "on",
            "status": "planned",
        },
    )

    coming.refresh_from_db()
    assert (coming.location, coming.location_sr) == ("Salla e Kuvendit", "Omladinski centar")


def test_the_place_in_other_languages_comes_after_the_main_fields_folded_unless_written(
    client, secretary, forum, coming
):
    forum.municipality.languages = "sq,sr-latn,tr"
    forum.municipality.save()
    client.force_login(secretary)

    new = client.get(reverse("forums:meeting_create", args=[forum.slug])).content.decode()
    edit = client.get(reverse("forums:meeting_edit", args=[coming.pk])).content.decode()

    assert (
        new.index('name="repeat_monthly"') < new.index('name="location_sr"') < new.index('name="location_tr"')
    )
    assert new.count('<details class="field-group">') == 2  # both folded: nothing written yet
    assert "The place in Serbian (Latin script)" in new and "The place in Turkish" in new
    # Serbian is written for this meeting, so its group is open; Turkish is not.
    assert edit.count('<details class="field-group" open>') == 1
    assert edit.index('<details class="field-group" open>') < edit.index('name="location_sr"')
