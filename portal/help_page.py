"""Where to get help now: the help page's entries, grouped by municipality in the reader's language."""

from dataclasses import dataclass
from dataclasses import field

from django.db.models import Q
from django.utils.translation import gettext as _

from forums.models import Municipality
from portal.models import HelpEntry

# Dialled from any phone in Kosovo, free of charge: the only phone number this code contains.
EMERGENCY_NUMBER = "192"

KIND_ORDER = {kind: index for index, (kind, _label) in enumerate(HelpEntry.KIND_CHOICES)}


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

    In each section the entries in the reader's language; where there are none in it, the section's
    entries in every language (help in another language is better than none).
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
        own = [entry for entry in entries if entry.language == language]
        section = HelpSection(entries[0].municipality, own or entries, other_languages=not own)
        section.entries.sort(key=lambda entry: (KIND_ORDER[entry.kind], entry.position, entry.name))
        sections.append(section)
    return sections
