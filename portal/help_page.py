"""Where to get help now: the help page's entries, grouped by municipality in the reader's language."""

import copy
import re
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Q
from django.utils.translation import gettext as _

from forum_site.lib.transliteration import latin_to_cyrillic
from forums.models import Municipality
from portal.models import HelpEntry

# Dialled from any phone in Kosovo, free of charge: the only phone number this code contains.
EMERGENCY_NUMBER = "192"

KIND_ORDER = {kind: index for index, (kind, _label) in enumerate(HelpEntry.KIND_CHOICES)}

# Serbian in Cyrillic script ("sr") is read from the entries written in Latin script, as the rest of
# the site derives Cyrillic names from Latin ones (forums.models.localized_name).
CYRILLIC = "sr"
SERBIAN_LATIN = "sr-latn"
# What reads the same in both scripts: an e-mail or web address inside a description stays as written.
ADDRESS = re.compile(r"(\S+@\S+|\S*://\S+|www\.\S+)")


@dataclass
class HelpSection:
    """One municipality's entries (or, without one, those for all of Kosovo)."""

    municipality: Municipality | None
    entries: list[HelpEntry] = field(default_factory=list)
    # True when none was written in the reader's language, so the section shows those of other languages.
    other_languages: bool = False

    @property
    def title(self) -> str:
        return self.municipality.name if self.municipality else _("All of Kosovo")

    @property
    def anchor(self) -> str:
        return f"help-{self.municipality.slug}" if self.municipality else "help-kosovo"


def help_sections(language: str) -> list[HelpSection]:
    """Active entries, national ones first, then each municipality that has any, by name.

    In each section the entries in the reader's language (a Cyrillic reader's are the Serbian Latin ones
    transliterated, see `in_language`); where there are none in it, the section's entries in every
    language (help in another language is better than none).
    """
    rows = (
        HelpEntry.objects.filter(active=True)
        .filter(Q(forum__isnull=True) | Q(forum__active=True))
        .select_related("municipality", "forum")
        .order_by("municipality__name_sq", "position", "name", "pk")
    )
    grouped: dict[int | None, list[HelpEntry]] = {}
    for entry in rows:
        grouped.setdefault(entry.municipality_id, []).append(entry)
    sections = []
    for key in sorted(grouped, key=lambda key: key is not None):
        entries = grouped[key]
        own = in_language(entries, language)
        section = HelpSection(entries[0].municipality, own or entries, other_languages=not own)
        section.entries.sort(key=lambda entry: (KIND_ORDER[entry.kind], entry.position, entry.name))
        sections.append(section)
    return sections


def in_language(entries: list[HelpEntry], language: str) -> list[HelpEntry]:
    """The entries written in `language`; for a Cyrillic reader without any, the Serbian Latin ones
    transliterated (none at all: the caller shows every language's)."""
    own = [entry for entry in entries if entry.language == language]
    if own or language != CYRILLIC:
        return own
    return [in_cyrillic(entry) for entry in entries if entry.language == SERBIAN_LATIN]


def in_cyrillic(entry: HelpEntry) -> HelpEntry:
    """A copy of a Serbian Latin entry that reads in Cyrillic, marked as Serbian Cyrillic: never saved."""
    shown = copy.copy(entry)
    shown.language = CYRILLIC
    for name in ("name", "description", "hours"):
        setattr(shown, name, transliterated(getattr(entry, name)))
    return shown


def transliterated(text: str) -> str:
    """Serbian Latin text in Cyrillic, but for the e-mail and web addresses in it."""
    parts = ADDRESS.split(text)
    # split() with one group: the addresses are at the odd positions.
    return "".join(part if index % 2 else latin_to_cyrillic(part) for index, part in enumerate(parts))
