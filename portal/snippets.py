"""A short passage of the public text around the words searched for, with those words marked.

Taken only from versions the search itself may look in (published, not withdrawn: portal.queries),
so a snippet shows nothing the minutes page would not.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe

from forum_site.lib import search_text
from forums.models import Minutes
from forums.models import MinutesVersion
from portal import queries

# Words of context shown around the first match.
SNIPPET_WORDS = 30
_SPLIT = re.compile(r"([^\W_]+)")


def snippet(text: str, terms: list[str]) -> SafeString | None:
    """About SNIPPET_WORDS words of `text` around the first match, matches in <mark>; None without one."""
    pieces = _SPLIT.split(text)  # separators at even positions, words at odd ones
    words = range(1, len(pieces), 2)
    first = next((n for n, index in enumerate(words) if search_text.matches(pieces[index], terms)), None)
    if first is None:
        return None
    start = max(0, first - SNIPPET_WORDS // 3)
    end = min(len(words), start + SNIPPET_WORDS)
    html = ["… " if start else ""]
    for index in range(words[start], words[end - 1] + 1):
        piece = escape(pieces[index])
        if index % 2 and search_text.matches(pieces[index], terms):
            piece = f"<mark>{piece}</mark>"
        html.append(piece)
    html.append(" …" if end < len(words) else "")
    return mark_safe("".join(html))  # noqa: S308 (every piece of text is escaped above)


def attach_snippets(page: list[Minutes], query: str, language: str) -> None:
    """Give each minutes of a results page a `snippet`: from its version in the reader's language if
    that one matches, else from its newest matching version."""
    terms = search_text.query_terms(query)
    if not page or not terms:
        return
    versions = MinutesVersion.objects.filter(
        minutes_id__in=[minutes.pk for minutes in page], withdrawn_at__isnull=True
    )
    candidates: dict[int, list[tuple[int, str, str]]] = {}
    rows = queries.matching_versions(versions, terms, versions.db).values_list(
        "minutes_id", "number", "language", "text"
    )
    for minutes_id, number, version_language, text in rows:
        candidates.setdefault(minutes_id, []).append((number, version_language, text))
    for minutes in page:
        ranked = sorted(candidates.get(minutes.pk, []), key=lambda row: (row[1] != language, -row[0], row[1]))
        minutes.snippet = next(
            (found for found in (snippet(text, terms) for _n, _l, text in ranked) if found), None
        )
