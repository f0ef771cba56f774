"""Where to get help now: the emergency number, the entries administrators keep, the link on every page."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.models import HelpEntry
from tests.session_support import fresh_login

REPO = Path(__file__).resolve().parents[2]


def not_yet_written(language: str) -> str:
    with translation.override(language):
        return gettext("Not yet written in your language; shown in the languages we have.")


def entry(**fields) -> HelpEntry:
    defaults = {
        "language": "en",
        "kind": HelpEntry.VICTIM_SUPPORT,
        "name": "Example shelter",
        "email": "help@example.org",
    }
    return HelpEntry.objects.create(**{**defaults, **fields})


def help_page(client, prefix: str = "") -> str:
    response = client.get(prefix + reverse("portal:help"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_emergency_number_comes_first_and_dials(client, db):
    body = help_page(client)

    assert 'href="tel:192"' in body
    assert body.index('href="tel:192"') < body.index("</section>")
    assert body.count("<h1") == 1


def test_entries_are_grouped_national_first_then_by_municipality(client, forum, other_forum):
    entry(name="Kosovo-wide helpline", kind=HelpEntry.OTHER)
    entry(name="Shelter of the town", municipality=forum.municipality, phone="+000 12 345")
    entry(
        name="Forum secretary's office",
        municipality=forum.municipality,
        forum=forum,
        kind=HelpEntry.FORUM_CONTACT,
    )
    entry(name="Elsewhere", municipality=other_forum.municipality)

    body = help_page(client)

    assert body.index("Kosovo-wide helpline") < body.index("Shelter of the town") < body.index("Elsewhere")
    assert f'href="#help-{forum.municipality.slug}"' in body
    assert 'href="tel:+00012345"' in body
    assert forum.name in body


def test_the_reader_sees_entries_in_their_language(client, forum):
    entry(name="Help in English", municipality=forum.municipality, language="en")
    entry(name="Ndihmë në shqip", municipality=forum.municipality, language="sq")

    english = help_page(client)
    albanian = help_page(client, "/sq")

    assert "Help in English" in english and "Ndihmë në shqip" not in english
    assert "Ndihmë në shqip" in albanian and "Help in English" not in albanian


def test_without_entries_in_the_readers_language_the_others_are_shown_marked(client, forum):
    entry(name="Vetëm shqip", municipality=forum.municipality, language="sq")

    body = help_page(client, "/tr")

    assert "Vetëm shqip" in body
    assert 'lang="sq"' in body


def test_a_cyrillic_reader_gets_the_serbian_latin_entries_in_cyrillic_once(client, forum):
    for language, name in [
        ("sq", "Strehimore"),
        ("sr-latn", "Sigurna kuća"),
        ("en", "Shelter"),
        ("tr", "Sığınak"),
    ]:
        entry(
            name=name,
            municipality=forum.municipality,
            language=language,
            description="Pišite na pomoc@example.org ili www.example.org/pomoc",
            hours="Noću",
        )

    body = help_page(client, "/sr")

    assert body.count("Сигурна кућа") == 1
    assert "Sigurna kuća" not in body and "Strehimore" not in body and "Shelter" not in body
    assert not_yet_written("sr") not in body
    assert "Пишите на pomoc@example.org или www.example.org/pomoc" in body and "Ноћу" in body
    assert '<article class="help-entry">' in body  # no lang="sr-latn": it reads in the page's own language


def test_a_cyrillic_reader_gets_entries_written_in_cyrillic_before_transliterated_ones(client, forum):
    entry(name="Сигурна кућа", municipality=forum.municipality, language="sr")
    entry(name="Savetovalište", municipality=forum.municipality, language="sr-latn")

    body = help_page(client, "/sr")

    assert "Сигурна кућа" in body and "Саветовалиште" not in body and "Savetovalište" not in body


def test_a_cyrillic_reader_without_serbian_entries_gets_the_others_marked(client, forum):
    entry(name="Vetëm shqip", municipality=forum.municipality, language="sq")

    body = help_page(client, "/sr")

    assert "Vetëm shqip" in body and 'lang="sq"' in body
    assert not_yet_written("sr") in body


def test_a_serbian_latin_reader_still_reads_the_latin_entries(client, forum):
    entry(name="Sigurna kuća", municipality=forum.municipality, language="sr-latn")

    body = help_page(client, "/sr-latn")

    assert "Sigurna kuća" in body and "Сигурна кућа" not in body


def test_hidden_entries_and_contacts_of_closed_forums_are_left_out(client, forum):
    entry(name="Switched off", active=False)
    entry(name="Old forum desk", municipality=forum.municipality, forum=forum, kind=HelpEntry.FORUM_CONTACT)
    forum.active = False
    forum.save()

    body = help_page(client)

    assert "Switched off" not in body
    assert "Old forum desk" not in body


@pytest.mark.parametrize(
    "url", ["/", "/meetings/", "/minutes/", "/accountability/", "/no-such-page/", "/accounts/login/"]
)
def test_every_public_page_links_to_help_in_its_footer(client, db, url):
    body = client.get(url).content.decode()

    footer = body[body.index('<footer class="site-footer">') :]
    assert f'href="{reverse("portal:help")}"' in footer


def test_an_entry_needs_a_way_to_reach_it(db):
    with pytest.raises(ValidationError, match="at least one way to reach them"):
        HelpEntry(language="en", kind=HelpEntry.OTHER, name="Nobody").full_clean()


def test_a_forum_contact_belongs_to_the_forums_municipality(forum, other_forum):
    contact = HelpEntry(
        language="en",
        kind=HelpEntry.FORUM_CONTACT,
        name="Desk",
        email="desk@example.org",
        forum=forum,
        municipality=other_forum.municipality,
    )
    with pytest.raises(ValidationError, match="forum of the entry's municipality"):
        contact.full_clean()

    contact.municipality = None
    contact.full_clean()
    assert contact.municipality == forum.municipality


def test_administrators_add_entries_per_municipality_and_language(client, admin_user, municipality):
    fresh_login(client, admin_user)

    response = client.post(
        reverse("admin:portal_helpentry_add"),
        {
            "municipality": municipality.pk,
            "language": "sr-latn",
            "kind": HelpEntry.VICTIM_SUPPORT,
            "name": "Sigurna kuća",
            "website": "https://example.org/kuca",
            "position": "0",
            "active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = HelpEntry.objects.get()
    assert (saved.municipality, saved.language, saved.name) == (municipality, "sr-latn", "Sigurna kuća")
    assert client.get(reverse("admin:portal_helpentry_changelist")).status_code == 200
    assert HelpEntry in admin.site._registry


PHONE_NUMBER = re.compile(
    r"(?<![\w.#-])(?:\+\d{3}[ /-]?\d{2}|0800[ -]?\d{2}[ -]?\d{3}|0\d{2}[ /-]?\d{3}[ -]?\d{3}(?![\w-]))"
)


def test_the_code_holds_no_phone_number_but_the_emergency_number():
    """Numbers change and must be checked by the people who publish them: they are data, kept in the admin."""
    sources = [
        path
        for folder in ("forum_site", "forums", "actions", "portal", "templates")
        for path in (REPO / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    ]

    found = {
        f"{path.relative_to(REPO)}: {match}"
        for path in sources
        for match in PHONE_NUMBER.findall(path.read_text(encoding="utf-8"))
    }

    assert sources and not found
