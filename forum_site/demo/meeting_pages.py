"""What citizens read on the demo's meeting pages: addresses, access notes, a published agenda.

Every demo meeting gets the (invented) address of its place and how to get in; each forum's next
public meeting gets an agenda, published by its secretary through the service (so the privacy gate
checks it), while the meetings after it still wait for theirs. Idempotent: meetings that already
have an address, or an agenda, are left as they are.
"""

from django.db import transaction
from django.utils import timezone

from forum_site.demo.tables import FOLLOW_UP_TITLE
from forum_site.demo.tables import PLACES
from forums import services
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership

# Invented addresses, by the kind of place a demo meeting is held in (see MeetingSeeder._location).
ADDRESSES = {
    "Salla e Kuvendit Komunal": "Sheshi i Demonstrimit 1, {town} (adresë e shpikur)",
    "Salla e konferencave e Stacionit Policor": "Rruga e Shembullit 10, {town} (adresë e shpikur)",
    "Shkolla fillore": "Rruga e Shkollës 5, {town} (adresë e shpikur)",
}
INTERPRETATION = {"prizren": "Shqip–Serbisht–Turqisht", "default": "Shqip–Serbisht"}
SCHOOL_NOTES = "Hyrja nga oborri i shkollës; salla është në katin përdhes. Ka vend për parkim para shkollës."
HALL_NOTES = "Hyrja kryesore ka rampë; ashensori të çon në sallën në katin e parë."

# The same place in Serbian ("sr", Latin script) and Turkish ("tr"), for the municipalities that work
# in them: (kind of place, its address, interpretation, the school's notes, the hall's notes).
IN_LANGUAGES = {
    "sr": {
        "Salla e Kuvendit Komunal": (
            "Sala Skupštine opštine",
            "Trg Demonstracija 1, {town} (izmišljena adresa)",
        ),
        "Salla e konferencave e Stacionit Policor": (
            "Konferencijska sala Policijske stanice",
            "Ulica Primera 10, {town} (izmišljena adresa)",
        ),
        "Shkolla fillore": ("Osnovna škola", "Školska ulica 5, {town} (izmišljena adresa)"),
        "interpretation": {"prizren": "Albanski–srpski–turski", "default": "Albanski–srpski"},
        "school": "Ulaz iz školskog dvorišta; sala je u prizemlju. Parking ispred škole.",
        "hall": "Glavni ulaz ima rampu; lift vodi do sale na prvom spratu.",
        "towns": {"Prishtinë": "Priština", "Gjilan": "Gnjilane"},
    },
    "tr": {
        "Salla e Kuvendit Komunal": ("Belediye Meclis Salonu", "Gösteri Meydanı 1, {town} (uydurma adres)"),
        "Salla e konferencave e Stacionit Policor": (
            "Polis Karakolu Konferans Salonu",
            "Örnek Sokak 10, {town} (uydurma adres)",
        ),
        "Shkolla fillore": ("İlkokul", "Okul Sokağı 5, {town} (uydurma adres)"),
        "interpretation": {"prizren": "Arnavutça–Sırpça–Türkçe", "default": "Arnavutça–Sırpça"},
        "school": "Giriş okul bahçesinden; salon zemin katta. Okulun önünde park yeri var.",
        "hall": "Ana girişte rampa var; asansör birinci kattaki salona çıkar.",
        "towns": {"Prishtinë": "Priştine", "Gjilan": "Gilan"},
    },
}
AGENDA = [
    FOLLOW_UP_TITLE,
    "Siguria në trafik pranë shkollave para fillimit të vitit shkollor",
    "Ndriçimi publik në lagjet e reja",
    "Pyetje dhe shqetësime të qytetarëve",
]


def describe_places() -> None:
    """Every demo meeting's address and access notes, in each language of its municipality: before
    the minutes are rendered, whose Serbian and Turkish versions name the place in those languages."""
    towns = {place.slug: place.town for place in PLACES}
    with transaction.atomic():
        for meeting in Meeting.objects.filter(address="").select_related("forum__municipality"):
            _describe_place(meeting, towns.get(meeting.forum.municipality.slug, ""))


def publish_agendas() -> None:
    """Each forum's next public meeting gets its agenda, published by its secretary."""
    for forum in Forum.objects.filter(active=True):
        _publish_next_agenda(forum)


def _describe_place(meeting: Meeting, town: str) -> None:
    kind = next((prefix for prefix in ADDRESSES if meeting.location.startswith(prefix)), None)
    if kind is None:
        return
    school = kind == "Shkolla fillore"
    municipality = meeting.forum.municipality
    # An update, not a save: the demo's history has the meeting as it was scheduled.
    Meeting.objects.filter(pk=meeting.pk).update(
        address=ADDRESSES[kind].format(town=town),
        step_free_access="no" if school else "yes",
        interpretation=INTERPRETATION.get(municipality.slug, INTERPRETATION["default"]),
        access_notes=SCHOOL_NOTES if school else HALL_NOTES,
        **_place_in_languages(meeting, kind, town, municipality),
    )


def _place_in_languages(meeting: Meeting, kind: str, town: str, municipality) -> dict[str, str]:
    """The place in Serbian and Turkish, for a municipality that works in them."""
    fields = {}
    for suffix in municipality.translation_suffixes:
        words = IN_LANGUAGES[suffix]
        local_town = words["towns"].get(town, town)
        name, address = words[kind]
        rest = meeting.location[len(kind) :].replace(town, local_town)  # ", town" or ", neighbourhood"
        interpretation = words["interpretation"]
        fields |= {
            f"location_{suffix}": name + rest,
            f"address_{suffix}": address.format(town=local_town),
            f"interpretation_{suffix}": interpretation.get(municipality.slug, interpretation["default"]),
            f"access_notes_{suffix}": words["school" if kind == "Shkolla fillore" else "hall"],
        }
    return fields


def _publish_next_agenda(forum: Forum) -> None:
    upcoming = forum.meetings.filter(status=Meeting.PLANNED, is_public=True, starts_at__gte=timezone.now())
    meeting = upcoming.order_by("starts_at").first()
    secretary = (
        forum.memberships.filter(role=Membership.SECRETARY, active=True).select_related("user").first()
    )
    if meeting is None or secretary is None or meeting.agenda_items.exists():
        return
    with transaction.atomic():
        for title in AGENDA:
            services.add_agenda_item(meeting=meeting, by=secretary.user, title=title)
        services.publish_agenda(meeting=meeting, by=secretary.user)
