"""The site speaks Albanian by default and the other languages by URL prefix."""

import re

import polib
import pytest
from django.conf import settings
from django.urls import clear_url_caches

from forums.management.commands.translit_sr import transliterate_catalog
from forums.management.commands.translit_sr import transliterate_text


@pytest.fixture
def albanian(settings):
    """The site's real default (the suite runs in English otherwise)."""
    settings.LANGUAGE_CODE = "sq"
    # Django caches reversed URLs per language, prefixes included: forget those made with English
    # as the default (no /en/ prefix), before and after.
    clear_url_caches()
    yield
    clear_url_caches()


def test_albanian_is_the_configured_default():
    from forum_site import settings as site_settings

    assert site_settings.LANGUAGE_CODE == "sq"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Forumet për Siguri në Bashkësi"),
        ("/sr-latn/", "Forumi za bezbednost zajednice"),
        ("/sr/", "Форуми за безбедност заједнице"),
        ("/tr/", "Toplum Güvenliği Forumları"),
        ("/en/", "Community Safety Forums"),
    ],
)
def test_the_home_page_is_translated_for_each_language_prefix(client, db, path, text, albanian):
    response = client.get(path)

    assert response.status_code == 200
    assert text in response.content.decode()


def test_the_login_page_is_albanian_without_a_prefix(client, db, albanian):
    page = client.get("/accounts/login/").content.decode()

    assert "Fjalëkalim" in page
    assert "Password" not in page
    # allauth ships no Albanian: this one comes from locale_vendor/.
    assert "Keni harruar fjalëkalimin?" in page


def test_the_login_page_is_english_under_en(client, db, albanian):
    page = client.get("/en/accounts/login/").content.decode()

    assert "Password" in page
    assert "Fjalëkalim" not in page


def test_transliteration_keeps_placeholders_tags_and_acronyms():
    text = 'Izaberite organ opštine %(municipality)s.\\n<a href=\\"/x\\">PDF</a> %s {name} (iCalendar)'

    assert transliterate_text(text) == (
        'Изаберите орган општине %(municipality)s.\\n<a href=\\"/x\\">PDF</a> %s {name} (iCalendar)'
    )


def test_translit_sr_rewrites_only_translations_and_the_language_header():
    source = (
        'msgid ""\nmsgstr ""\n"Language: sr_Latn\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.py:1\nmsgid "Log out"\nmsgstr "Odjavi se"\n\n'
        'msgid ""\n"Long text"\nmsgstr ""\n"Prvi red "\n"drugi red"\n'
    )

    result = transliterate_catalog(source)

    assert '"Language: sr\\n"' in result
    assert "charset=UTF-8" in result
    assert 'msgid "Log out"\nmsgstr "Одјави се"' in result
    assert '"Long text"\nmsgstr ""\n"Први ред "\n"други ред"' in result


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/tr/minutes/?q=x", "sq", "/minutes/?q=x"),
        ("/tr/minutes/", "en", "/en/minutes/"),
        ("/en/meetings/", "sr", "/sr/meetings/"),
        ("/sr/", "sr-latn", "/sr-latn/"),
        ("/minutes/", "tr", "/tr/minutes/"),
    ],
)
def test_the_language_switcher_translates_a_page_of_any_language(
    client, db, albanian, path, language, expected
):
    response = client.get("/i18n/switch/", {"language": language, "next": path})

    assert response.status_code == 302
    assert response["Location"] == expected


CATALOGUES = ["sq", "sr_Latn", "sr", "tr"]


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"))


def _plural_count(catalogue: polib.POFile) -> int:
    return int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_string_of_the_catalogue_is_translated_and_none_is_fuzzy(language):
    catalogue = _catalogue(language)
    plurals = _plural_count(catalogue)

    def complete(entry: polib.POEntry) -> bool:
        if entry.msgid_plural:
            # polib counts a plural as translated when the forms present are filled: Serbian needs all 3.
            forms = entry.msgstr_plural
            return len(forms) == plurals and all(forms.values())
        return bool(entry.msgstr)

    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not complete(entry)]
    fuzzy = [entry.msgid for entry in catalogue if not entry.obsolete and "fuzzy" in entry.flags]

    assert missing == [], f"{len(missing)} untranslated in {language}, e.g. {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language} (check, then drop the flag), e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", CATALOGUES)
def test_the_compiled_catalogue_matches_its_po_file(language):
    """A translation left out of the .mo (compilemessages not run) would not reach the site either."""
    source = _catalogue(language)
    compiled = polib.mofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.mo"))

    def table(catalogue) -> dict:
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or dict(sorted(entry.msgstr_plural.items()))
            for entry in catalogue
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    assert table(compiled) == table(source)


def test_the_cyrillic_catalogue_is_the_transliteration_of_the_latin_one():
    """sr is derived from sr_Latn (manage.py translit_sr): an edit of sr_Latn alone leaves them apart."""
    root = settings.LOCALE_PATHS[0]
    latin = (root / "sr_Latn" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    cyrillic = (root / "sr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")

    assert cyrillic == transliterate_catalog(latin)
