"""Searching the published minutes ignores accents, case and script, ranks by relevance, and shows a
highlighted passage of the public text. The same tests run on SQLite (`make test`) and PostgreSQL
(`make test-full`), which search differently behind the same function."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Minutes
from forums.models import MinutesVersion
from tests import factories
from tests.minutes_support import past_meeting


@pytest.fixture
def published(forum):
    """Minutes published with the given text, as a version in one language."""

    def make(text: str, *, language: str = "sq", days_ago: int = 10, withdrawn: bool = False) -> Minutes:
        meeting = past_meeting(forum, days_ago=days_ago)
        minutes = factories.MinutesFactory(meeting=meeting, status=Minutes.PUBLISHED)
        MinutesVersion.objects.create(
            minutes=minutes,
            number=1,
            language=language,
            html=f"<p>{text}</p>",
            text=text,
            pdf="minutes/search.pdf",
            sha256="0" * 64,
            withdrawn_at=timezone.now() if withdrawn else None,
        )
        return minutes

    return make


def found(client, query: str) -> list[int]:
    """The meeting ids of the results, in the order shown."""
    body = client.get(reverse("portal:minutes_list"), {"q": query}).content.decode()
    return [int(pk) for pk in re.findall(r'href="/minutes/(\d+)/"', body)]


@pytest.mark.parametrize(
    "query", ["bullizëm", "bullizem", "BULLIZEM", "Bullizëm", "bulliz", "shkolle", "çeshtje", "ceshtje"]
)
def test_albanian_is_found_with_or_without_e_diaeresis_and_c_cedilla(client, published, query):
    minutes = published("Bullizëm në shkollë: një çështje e hapur.")

    assert found(client, query) == [minutes.meeting_id]


@pytest.mark.parametrize("query", ["cacak", "ČAČAK", "Чачак", "djordje", "dorde", "Đorđe", "ђорђе", "cuprij"])
def test_serbian_latin_is_found_without_hacek_and_d_stroke_and_in_cyrillic(client, published, query):
    minutes = published("Đorđe iz Čačka i Ćuprije: Čačak.", language="sr-latn")

    assert found(client, query) == [minutes.meeting_id]


@pytest.mark.parametrize("query", ["nasilje", "NASILJE", "Насиље", "porodici", "cacak", "djordje", "dzamija"])
def test_serbian_cyrillic_is_found_through_its_latin_form(client, published, query):
    minutes = published("Насиље у породици, Ђорђе, Чачак, џамија.", language="sr")

    assert found(client, query) == [minutes.meeting_id]


@pytest.mark.parametrize(
    "query", ["isik", "IŞIK", "Işık", "istanbul", "İSTANBUL", "sokagi", "ogrenci", "çocuk", "cocuk"]
)
def test_turkish_is_found_without_dotless_i_cedilla_breve_and_umlauts(client, published, query):
    minutes = published("Işık Sokağı, İstanbul yolu: öğrenci ve çocuk güvenliği.", language="tr")

    assert found(client, query) == [minutes.meeting_id]


def test_every_word_of_the_query_must_be_found(client, published):
    both = published("Ndriçimi i rrugës dhe trafiku.")
    published("Vetëm trafiku.")

    assert found(client, "trafik rruges") == [both.meeting_id]


def test_a_word_is_found_by_its_start_not_its_middle(client, published):
    published("Patrullimi i policisë.")

    assert found(client, "trull") == []


def test_results_are_ranked_by_relevance_before_date(client, published):
    once = published("Trafiku u diskutua.", days_ago=1)
    often = published("Trafiku, trafiku dhe përsëri trafiku.", days_ago=30)

    assert found(client, "trafiku") == [often.meeting_id, once.meeting_id]


def test_a_result_shows_a_passage_of_the_public_text_with_the_words_marked(client, published):
    published("Hyrje. " + "fjalë " * 40 + "Bullizmi në shkollë u diskutua gjatë. " + "mbyllje " * 40)

    body = client.get(reverse("portal:minutes_list"), {"q": "bullizmi shkolle"}).content.decode()

    assert "<mark>Bullizmi</mark> në <mark>shkollë</mark> u diskutua" in body
    assert "Hyrje" not in body  # a passage, not the whole text
    assert "…" in body


def test_the_passage_is_escaped(client, published):
    published("Trafiku <script>alert(1)</script> & rruga.")

    body = client.get(reverse("portal:minutes_list"), {"q": "trafiku"}).content.decode()

    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body


def test_the_passage_comes_from_the_readers_language(client, published, forum):
    minutes = published("Siguria në rrugë.", language="sq")
    MinutesVersion.objects.create(
        minutes=minutes,
        number=1,
        language="sr-latn",
        html="",
        text="Bezbednost na ulici, rrugë.",
        pdf="minutes/search.pdf",
        sha256="1" * 64,
    )

    body = client.get("/sr-latn" + reverse("portal:minutes_list"), {"q": "rruge"}).content.decode()

    assert "Bezbednost na ulici" in body
    assert "Siguria" not in body


def test_withdrawn_versions_are_not_searched(client, published):
    published("Emri i fshehur Zyhdi.", withdrawn=True)

    assert found(client, "zyhdi") == []


def test_a_query_without_letters_finds_nothing(client, published):
    published("Trafiku.")

    assert found(client, "?!") == []


def test_the_search_column_follows_the_text_when_a_version_is_saved(published):
    minutes = published("Ndriçim")
    version = minutes.versions.get()

    assert version.search_text == " ndricim"


def test_search_costs_the_same_queries_for_few_and_many_results(
    client, published, django_assert_max_num_queries
):
    counts = []
    for size in (2, 12):
        for n in range(size):
            published(f"Trafiku i rrugës {n}.", days_ago=n + 1)
        with django_assert_max_num_queries(8) as captured:
            assert client.get(reverse("portal:minutes_list"), {"q": "trafiku", "n": size}).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_minutes_of_a_meeting_before_the_search_date_filter_are_left_out(client, published):
    old = published("Trafiku.", days_ago=400)
    recent = published("Trafiku.", days_ago=2)
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()

    body = client.get(reverse("portal:minutes_list"), {"q": "trafiku", "date_from": since}).content.decode()

    assert f'href="/minutes/{recent.meeting_id}/"' in body
    assert f'href="/minutes/{old.meeting_id}/"' not in body
