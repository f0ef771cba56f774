"""Write the Serbian Cyrillic catalog (sr) from the Serbian Latin one (sr_Latn).

Serbian is translated once, in Latin script; the Cyrillic catalog is derived so the two
never drift apart. Placeholders, HTML tags, escapes, all-caps acronyms (PDF) and camel-case
names (iCalendar) are kept as they are. Run it after editing sr_Latn, then compilemessages (`make messages` does all).
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from forum_site.lib.transliteration import latin_to_cyrillic

# What must not be transliterated: %(name)s and %s placeholders, {name}, tags, entities,
# backslash escapes, acronyms written in capitals (PDF) and product names in camel case (iCalendar).
_PROTECTED = re.compile(
    r"(%\([^)]+\)[a-zA-Z]|%[a-zA-Z%]|\{[^}]*\}|<[^>]+>|&[#\w]+;|\\.|\b[A-Z]{2,}\b|\b\w*[a-z][A-Z]\w*\b)"
)
_QUOTED = re.compile(r'"(.*)"')


def transliterate_text(text: str) -> str:
    """Transliterate a msgstr's text, leaving protected tokens alone."""
    parts = _PROTECTED.split(text)
    # split() with one group alternates: text, token, text, token, …
    return "".join(part if index % 2 else latin_to_cyrillic(part) for index, part in enumerate(parts))


def transliterate_catalog(source: str) -> str:
    """The sr_Latn .po text turned into the sr one: msgstrs in Cyrillic, the header's language changed."""
    out = []
    in_msgstr = False
    in_header = True  # the first entry (msgid "") is the header
    for line in source.splitlines():
        if line.startswith("msgid "):
            in_msgstr = False
        elif line.startswith("msgstr"):
            in_msgstr = True
        elif not line.strip():
            if in_msgstr:
                in_header = False
            in_msgstr = False
        if in_header:
            line = re.sub(r'^"Language: sr_Latn\\n"$', r'"Language: sr\\n"', line)
            line = re.sub(r'^"Language-Team: sr_Latn\\n"$', r'"Language-Team: sr\\n"', line)
        elif in_msgstr and not line.startswith("#"):
            line = _QUOTED.sub(lambda match: f'"{transliterate_text(match.group(1))}"', line, count=1)
        out.append(line)
    return "\n".join(out) + "\n"


class Command(BaseCommand):
    help = "Fill the Serbian Cyrillic catalog (sr) from the Serbian Latin one (sr_Latn)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale-dir",
            default=str(settings.LOCALE_PATHS[0]),
            help="The folder holding sr_Latn/ and sr/ (default: the first of LOCALE_PATHS).",
        )

    def handle(self, *args, locale_dir: str, **options):
        root = Path(locale_dir)
        source = root / "sr_Latn" / "LC_MESSAGES" / "django.po"
        target = root / "sr" / "LC_MESSAGES" / "django.po"
        if not source.exists():
            raise CommandError(f"{source} does not exist; run makemessages -l sr_Latn first.")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(transliterate_catalog(source.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"Wrote {target}")
