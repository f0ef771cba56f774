"""Fill the database with about two years of made-up forum work in three municipalities.

Idempotent: what exists (by slug or e-mail) is kept, and a forum that already has meetings
gets no new ones. Demo accounts get the password from --password, or a random one that is
printed; a second run without --password leaves existing passwords alone. Every name below
is invented; concerns record the kind of source, never a citizen's name.
"""

import random
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import Action, ActionUpdate, ResponsibleBody
from forums.demo import privacy_cases
from forums.management.commands import demo_minutes, demo_two_factor
from forums.models import (
    AgendaItem,
    Concern,
    ConcernCategory,
    Forum,
    Meeting,
    Membership,
    Municipality,
    add_months,
)
from forums.services import escalation_copy

EMAIL_DOMAIN = "demo.forums.test"
SITE_DOMAIN = "127.0.0.1:8000"
SITE_NAME = "Community Safety Forums"

# slug, Albanian, Serbian (Latin), English, Turkish, restricted by default
CATEGORIES = [
    (
        "domestic-violence",
        "Dhuna në familje",
        "Nasilje u porodici",
        "Domestic violence",
        "Aile içi şiddet",
        True,
    ),
    (
        "youth-delinquency",
        "Delikuenca e të rinjve dhe të miturit",
        "Maloletnička delinkvencija i maloletnici",
        "Youth delinquency and minors",
        "Gençlik suçluluğu ve reşit olmayanlar",
        False,
    ),
    (
        "violent-extremism",
        "Ekstremizmi i dhunshëm",
        "Nasilni ekstremizam",
        "Violent extremism",
        "Şiddet içeren aşırıcılık",
        True,
    ),
    ("narcotics", "Narkotikët", "Narkotici", "Narcotics", "Uyuşturucu", False),
    (
        "property-crime",
        "Krimet ndaj pronës",
        "Imovinski kriminal",
        "Property crime",
        "Mülkiyete karşı suçlar",
        False,
    ),
    (
        "traffic-safety",
        "Siguria në trafik",
        "Bezbednost saobraćaja",
        "Traffic safety",
        "Trafik güvenliği",
        False,
    ),
    (
        "school-safety",
        "Siguria në shkolla dhe bullizmi",
        "Bezbednost u školama i vršnjačko nasilje",
        "School safety and bullying",
        "Okul güvenliği ve zorbalık",
        False,
    ),
    ("public-order", "Rendi publik", "Javni red i mir", "Public order", "Kamu düzeni", False),
    (
        "public-health",
        "Zbatimi i masave të shëndetit publik",
        "Poštovanje mera javnog zdravlja",
        "Public-health rule compliance",
        "Halk sağlığı kurallarına uyum",
        False,
    ),
    ("other", "Tjetër", "Ostalo", "Other", "Diğer", False),
]

# Responsible bodies of every municipality: key, kind, Albanian, Serbian (Latin).
# key, kind, Albanian, Serbian (Latin); the bodies in SENSITIVE_BODIES handle sensitive cases.
BODIES = [
    ("station", ResponsibleBody.POLICE, "Stacioni Policor Qendër", "Policijska stanica Centar"),
    (
        "domestic",
        ResponsibleBody.POLICE,
        "Njësia për Hetimin e Dhunës në Familje",
        "Jedinica za istraživanje nasilja u porodici",
    ),
    (
        "extremism",
        ResponsibleBody.POLICE,
        "Njësia për Parandalimin e Ekstremizmit të Dhunshëm",
        "Jedinica za prevenciju nasilnog ekstremizma",
    ),
    ("traffic", ResponsibleBody.POLICE, "Njësia e Trafikut", "Saobraćajna jedinica"),
    ("community", ResponsibleBody.POLICE, "Njësia e Policisë në Bashkësi", "Jedinica policije u zajednici"),
    ("education", ResponsibleBody.MUNICIPAL, "Drejtoria e Arsimit", "Direkcija za obrazovanje"),
    ("services", ResponsibleBody.MUNICIPAL, "Drejtoria e Shërbimeve Publike", "Direkcija za javne službe"),
    ("health", ResponsibleBody.MUNICIPAL, "Drejtoria e Shëndetësisë", "Direkcija za zdravstvo"),
    ("urbanism", ResponsibleBody.MUNICIPAL, "Drejtoria e Urbanizmit", "Direkcija za urbanizam"),
    ("social", ResponsibleBody.OTHER, "Qendra për Punë Sociale", "Centar za socijalni rad"),
]
SENSITIVE_BODIES = {"domestic", "extremism"}

# Per category: agenda title, discussion summary, concerns (summary, restricted details),
# actions (title, responsible body key).
CONTENT = {
    "domestic-violence": {
        "agenda": "Dhuna në familje: rastet e raportuara dhe strehimi",
        "discussion": (
            "Njësia për hetimin e dhunës në familje paraqiti numrin e rasteve të raportuara që nga takimi i "
            "kaluar. U diskutua bashkëpunimi me Qendrën për Punë Sociale dhe kapacitetet e strehimores."
        ),
        "concerns": [
            (
                "Raste të përsëritura të dhunës në familje në lagje",
                "Fqinjët dëgjojnë zëra dhe përleshje të shpeshta në të njëjtën banesë gjatë natës; viktima "
                "ka frikë të paraqitet në polici. Kërkohet vizitë e koordinuar me punëtorin social.",
            ),
            (
                "Gratë në fshat nuk e dinë ku të kërkojnë ndihmë",
                "Një organizatë e grave raportoi se disa gra nuk e njohin linjën e ndihmës dhe as mundësinë "
                "e strehimit; një rast konkret u përcoll te njësia.",
            ),
            (
                "Shkelje e urdhrit për mbrojtje",
                "Kryesi i dhunës është parë disa herë pranë shtëpisë së viktimës pavarësisht urdhrit për "
                "mbrojtje emergjente.",
            ),
        ],
        "actions": [
            ("Vizitë e koordinuar e policisë dhe Qendrës për Punë Sociale", "domestic"),
            ("Patrullim dhe kontroll i zbatimit të urdhrit për mbrojtje", "domestic"),
            ("Sesion informues për linjën e ndihmës me gratë e fshatit", "social"),
        ],
    },
    "youth-delinquency": {
        "agenda": "Të miturit dhe delikuenca e të rinjve",
        "discussion": (
            "Përfaqësuesit e shkollave dhe policia folën për grupet e të miturve që qëndrojnë natën pranë "
            "lokaleve. U propozua angazhimi i të rinjve në aktivitete sportive pas mësimit."
        ),
        "concerns": [
            (
                "Grupe të miturish qëndrojnë pas orës 22:00 pranë lokaleve",
                "Banorët thonë se të miturit konsumojnë alkool të blerë në dyqanin afër; shitësi nuk kërkon "
                "dokument identifikimi.",
            ),
            ("Dëmtime të përsëritura të inventarit në parkun e lagjes", ""),
            ("Shitje e duhanit dhe alkoolit të miturve", ""),
        ],
        "actions": [
            ("Kontroll i përbashkët i lokaleve për shitjen e alkoolit të miturve", "station"),
            ("Aktivitete sportive pas mësimit për të rinjtë e lagjes", "education"),
            ("Riparimi i ulëseve dhe ndriçimit në park", "services"),
        ],
    },
    "violent-extremism": {
        "agenda": "Parandalimi i ekstremizmit të dhunshëm",
        "discussion": (
            "U prezantua plani komunal për parandalimin e radikalizmit. Përfaqësuesit e bashkësive fetare "
            "theksuan rëndësinë e bashkëpunimit me familjet dhe shkollat."
        ),
        "concerns": [
            (
                "Materiale propaganduese në rrjete sociale që u drejtohen nxënësve",
                "Një grup i mbyllur në rrjete sociale ndan përmbajtje që lavdëron dhunën; disa nxënës të "
                "shkollës së mesme janë anëtarë.",
            ),
            (
                "Mungon mbështetja për riintegrimin e familjeve të kthyera",
                "Fëmijët e kthyer nuk kanë mbështetje psikosociale; komuniteti ka frikë dhe ka rrezik "
                "stigmatizimi.",
            ),
            (
                "Mbishkrime me gjuhë urrejtjeje pranë një objekti fetar",
                "Mbishkrimet u shfaqën dy herë brenda një jave; kamera e objektit nuk funksionon.",
            ),
        ],
        "actions": [
            ("Takim me shkollën dhe prindërit për parandalimin e radikalizmit", "education"),
            ("Vlerësim i rrezikut nga njësia përkatëse e policisë", "station"),
            ("Mbështetje psikosociale për familjet e riintegruara", "social"),
        ],
    },
    "narcotics": {
        "agenda": "Narkotikët pranë shkollave dhe në hapësira publike",
        "discussion": (
            "Policia raportoi për kontrollet e fundit pranë shkollave. Drejtoria e Shëndetësisë ofroi "
            "ligjërata për nxënësit dhe prindërit për rreziqet e narkotikëve."
        ),
        "concerns": [
            (
                "Dyshime për shitje të narkotikëve pranë shkollës së mesme",
                "Prindërit kanë parë të njëjtën veturë që ndalet çdo pasdite pranë hyrjes së shkollës.",
            ),
            ("Shiringa të hedhura në parkun e qytetit", ""),
            ("Përdorim i narkotikëve në një ndërtesë të braktisur", ""),
        ],
        "actions": [
            ("Patrullim i shtuar në orarin e daljes nga shkolla", "station"),
            ("Pastrimi i parkut dhe largimi i mbetjeve të rrezikshme", "services"),
            ("Ligjëratë për rreziqet e narkotikëve në shkolla", "health"),
            ("Mbyllja e hyrjeve të ndërtesës së braktisur", "urbanism"),
        ],
    },
    "property-crime": {
        "agenda": "Vjedhjet në shtëpi dhe në automjete",
        "discussion": (
            "Stacioni policor paraqiti statistikat e vjedhjeve sipas lagjeve. Banorët kërkuan më shumë "
            "patrullime gjatë ditës dhe ndriçim më të mirë në rrugët anësore."
        ),
        "concerns": [
            ("Vjedhje të shpeshta në shtëpi gjatë ditës", ""),
            ("Vjedhje e kabllove të ndriçimit publik", ""),
            ("Vjedhje të bagëtive në fshat", ""),
            ("Thyerje të veturave të parkuara natën", ""),
        ],
        "actions": [
            ("Patrullim i shtuar gjatë ditës në lagje", "station"),
            ("Zëvendësimi i kabllove të vjedhura të ndriçimit publik", "services"),
            ("Këshilla për banorët për mbrojtjen e pronës", "community"),
        ],
    },
    "traffic-safety": {
        "agenda": "Siguria në trafik pranë shkollave",
        "discussion": (
            "Njësia e trafikut raportoi për aksidentet me këmbësorë. Drejtoria e Urbanizmit u zotua të "
            "shqyrtojë sinjalizimin pranë shkollave para fillimit të vitit shkollor."
        ),
        "concerns": [
            ("Mungon vendkalimi për këmbësorë para shkollës fillore", ""),
            ("Shpejtësi e tepërt në rrugën kryesore të fshatit", ""),
            ("Parkim i parregullt që bllokon trotuarin", ""),
            ("Udhëkryq pa ndriçim dhe pa shenja", ""),
        ],
        "actions": [
            ("Vijëzimi i vendkalimit dhe vendosja e shenjave", "urbanism"),
            ("Kontroll i shpejtësisë me radar", "traffic"),
            ("Vendosja e pengesave për ngadalësimin e shpejtësisë", "services"),
        ],
    },
    "school-safety": {
        "agenda": "Siguria në shkolla dhe bullizmi",
        "discussion": (
            "Drejtorët e shkollave ndanë përvojat me ekipet për parandalimin e dhunës. U diskutua bullizmi "
            "në internet dhe nevoja për punëtori me prindërit."
        ),
        "concerns": [
            ("Bullizëm ndaj nxënësve më të vegjël në oborrin e shkollës", ""),
            ("Persona të jashtëm hyjnë në oborrin e shkollës gjatë mësimit", ""),
            ("Bullizëm në internet mes nxënësve", ""),
            ("Mungon roja në hyrje të shkollës", ""),
        ],
        "actions": [
            ("Punëtori kundër bullizmit me nxënës dhe mësimdhënës", "education"),
            ("Kontrolli i hyrjes dhe kamera në oborrin e shkollës", "education"),
            ("Vizita të rregullta të policisë në bashkësi në shkollë", "community"),
        ],
    },
    "public-order": {
        "agenda": "Rendi dhe qetësia publike",
        "discussion": (
            "Banorët u ankuan për zhurmën dhe përleshjet pranë lokaleve. Inspektorati dhe policia ranë "
            "dakord për kontrolle të përbashkëta të orarit të punës."
        ),
        "concerns": [
            ("Zhurmë e madhe nga lokalet pas mesnate", ""),
            ("Qen endacakë në lagje", ""),
            ("Përleshje të shpeshta pranë stacionit të autobusëve", ""),
            ("Hedhje e mbeturinave në hapësira publike", ""),
        ],
        "actions": [
            ("Kontroll i orarit të punës së lokaleve", "station"),
            ("Kapja dhe strehimi i qenve endacakë", "services"),
            ("Prani e policisë në stacionin e autobusëve në mbrëmje", "community"),
        ],
    },
    "public-health": {
        "agenda": "Zbatimi i masave të shëndetit publik",
        "discussion": (
            "Drejtoria e Shëndetësisë informoi për masat në fuqi. Policia dhe inspektorët raportuan për "
            "kontrollet në ambientet e mbyllura dhe në tregje."
        ),
        "concerns": [
            ("Mosrespektim i vetizolimit pas kthimit nga jashtë", ""),
            ("Tubime të mëdha në ambiente të mbyllura gjatë masave kufizuese", ""),
            ("Mungon informimi për vaksinimin në fshatra", ""),
        ],
        "actions": [
            ("Inspektim i përbashkët i zbatimit të masave", "health"),
            ("Fushatë informuese për vaksinimin në fshatra", "health"),
            ("Kontrolle të policisë në tregje dhe ambiente të mbyllura", "station"),
        ],
    },
    "other": {
        "agenda": "Të ndryshme",
        "discussion": (
            "Anëtarët ngritën çështje të tjera të bashkësisë. U ra dakord që çështjet jashtë kompetencës së "
            "forumit t'u përcillen institucioneve përkatëse."
        ),
        "concerns": [
            ("Ndriçim i dobët publik në rrugën drejt fshatit", ""),
            ("Kërkesë që takimet të mbahen pasdite, që të marrin pjesë edhe gratë", ""),
            ("Mungon transporti publik në mbrëmje", ""),
        ],
        "actions": [
            ("Riparimi i ndriçimit publik", "services"),
            ("Shqyrtimi i orarit të takimeve të forumit", "services"),
        ],
    },
}

FOLLOW_UP_TITLE = "Përcjellja e veprimeve nga takimet e mëparshme"
FOLLOW_UP_DISCUSSION = (
    "U shqyrtuan veprimet e hapura; institucionet përgjegjëse raportuan për ecurinë dhe për vonesat."
)
FIRST_ITEM_TITLE = "Prezantimi i anëtarëve dhe i rregullores së punës"
FIRST_ITEM_DISCUSSION = "Anëtarët u prezantuan dhe miratuan rregulloren e punës dhe planin e takimeve."

START_NOTES = [
    "Njësia përgjegjëse e mori çështjen dhe caktoi personin kontaktues.",
    "U bë vizita e parë në terren; po përgatitet plani i punës.",
    "U kërkua buxheti nga drejtoria; puna fillon pas miratimit.",
]
DONE_NOTES = [
    "Veprimi u krye; banorët konfirmuan përmirësimin në takimin e radhës.",
    "Puna përfundoi dhe u verifikua në terren nga zyrtari komunal.",
    "U realizua sipas planit; situata do të përcillet edhe në tremujorin e ardhshëm.",
]
CANCEL_NOTES = [
    "U anulua: çështjen e mori përsipër një institucion tjetër.",
    "U anulua: situata ndryshoi dhe veprimi nuk ishte më i nevojshëm.",
]
INTERNAL_NOTES = [
    "Shënim i brendshëm: kontakti me palën u realizua përmes punëtorit social.",
    "Shënim i brendshëm: pritet raporti i njësisë hetuese para se të informohet forumi.",
]
REFERRALS = [
    "Qendra për Punë Sociale",
    "Prokuroria Themelore",
    "Inspektorati Komunal",
    "Kompania Rajonale e Ujësjellësit",
]


@dataclass
class Person:
    """A demo login: e-mail local part, names, and the forum roles it holds."""

    local: str
    first_name: str
    last_name: str
    roles: list[tuple[str, str, str]] = field(default_factory=list)  # (forum slug, role, institution)

    @property
    def email(self) -> str:
        return f"{self.local}@{EMAIL_DOMAIN}"


@dataclass
class Place:
    """A municipality with its forums, people and neighbourhoods."""

    slug: str
    name_sq: str
    name_sr: str
    languages: str
    town: str
    neighbourhoods: list[str]
    officials: dict[str, tuple[str, str]]  # role key → (first name, last name)
    lpsc: (
        tuple[str, str, str, list[str], dict[str, tuple[str, str]]] | None
    )  # slug, name, area, places, people


PLACES = [
    Place(
        slug="prishtine",
        name_sq="Prishtinë",
        name_sr="Priština",
        languages="sq,sr-latn",
        town="Prishtinë",
        neighbourhoods=["Dardania", "Kodra e Diellit", "Arbëria", "Mati 1", "Sofali", "Fshati Hajvali"],
        officials={
            "sekretari": ("Drita", "Berisha"),
            "kryesuesi": ("Besnik", "Gashi"),
            "polici": ("Arben", "Krasniqi"),
            "zyrtari": ("Vlora", "Hoxha"),
            "anetari1": ("Mërgim", "Shala"),
            "anetari2": ("Nikola", "Jovanović"),
            "anetari3": ("Qëndresa", "Bytyçi"),
            "anetari4": ("Fitore", "Kelmendi"),
            "anetari5": ("Ilir", "Rexhepi"),
            "anetari6": ("Dragana", "Petrović"),
        },
        lpsc=(
            "klsp-ulpiana",
            "Komiteti Lokal për Siguri Publike — Ulpiana",
            "Ulpiana, Lakrishte, Veternik",
            ["Ulpiana", "Lakrishte", "Veternik"],
            {"sekretari": ("Arta", "Morina"), "kryesuesi": ("Faton", "Hasani")},
        ),
    ),
    Place(
        slug="prizren",
        name_sq="Prizren",
        name_sr="Prizren",
        languages="sq,sr-latn,tr",
        town="Prizren",
        neighbourhoods=["Bajram Curri", "Arbana", "Jeni Mahalla", "Lagjja e Marashit", "Fshati Landovicë"],
        officials={
            "sekretari": ("Lirije", "Thaçi"),
            "kryesuesi": ("Agron", "Kryeziu"),
            "polici": ("Valon", "Morina"),
            "zyrtari": ("Elvira", "Kastrati"),
            "anetari1": ("Driton", "Çitaku"),
            "anetari2": ("Ayşe", "Doğan"),
            "anetari3": ("Blerta", "Kabashi"),
            "anetari4": ("Jelena", "Stojanović"),
            "anetari5": ("Erdal", "Bayram"),
            "anetari6": ("Gëzim", "Hoti"),
        },
        lpsc=(
            "klsp-ortakoll",
            "Komiteti Lokal për Siguri Publike — Ortakoll",
            "Ortakoll, Tusus",
            ["Ortakoll", "Tusus"],
            {"sekretari": ("Mimoza", "Bytyqi"), "kryesuesi": ("Ramadan", "Çela")},
        ),
    ),
    Place(
        slug="gjilan",
        name_sq="Gjilan",
        name_sr="Gnjilane",
        languages="sq,sr-latn",
        town="Gjilan",
        neighbourhoods=["Qendra", "Lagjja e Dëshmorëve", "Arbëria", "Fshati Livoç", "Fshati Pasjak"],
        officials={
            "sekretari": ("Nora", "Sejdiu"),
            "kryesuesi": ("Lulzim", "Musliu"),
            "polici": ("Driton", "Rama"),
            "zyrtari": ("Snežana", "Živković"),
            "anetari1": ("Miloš", "Đorđević"),
            "anetari2": ("Bekim", "Aliu"),
            "anetari3": ("Jehona", "Ramadani"),
            "anetari4": ("Žarko", "Stanković"),
            "anetari5": ("Shpend", "Limani"),
            "anetari6": ("Đurđa", "Mićić"),
        },
        lpsc=(
            "klsp-zheger",
            "Komiteti Lokal për Siguri Publike — Zhegër",
            "Zhegër, Livoç i Epërm",
            ["Fshati Zhegër", "Livoç i Epërm"],
            {"sekretari": ("Arbenita", "Salihu"), "kryesuesi": ("Hajrush", "Ahmeti")},
        ),
    ),
]

# Role and institution of each MCSC seat; the member seats cover every kind of institution.
MCSC_SEATS = {
    "sekretari": (Membership.SECRETARY, Membership.MUNICIPALITY),
    "kryesuesi": (Membership.CHAIR, Membership.MUNICIPALITY),
    "polici": (Membership.POLICE_LIAISON, Membership.POLICE),
    "zyrtari": (Membership.MUNICIPAL_OFFICER, Membership.MUNICIPALITY),
    "anetari1": (Membership.MEMBER, Membership.POLICE),
    "anetari2": (Membership.MEMBER, Membership.MUNICIPALITY),
    "anetari3": (Membership.MEMBER, Membership.SCHOOL),
    "anetari4": (Membership.MEMBER, Membership.CIVIL_SOCIETY),
    "anetari5": (Membership.MEMBER, Membership.RELIGIOUS),
    "anetari6": (Membership.MEMBER, Membership.COMMUNITY),
}
# The municipality's people who also sit in its LPSC, besides the LPSC's own secretary and chair.
LPSC_SHARED_SEATS = {
    "polici": (Membership.POLICE_LIAISON, Membership.POLICE),
    "zyrtari": (Membership.MUNICIPAL_OFFICER, Membership.MUNICIPALITY),
    "anetari3": (Membership.MEMBER, Membership.SCHOOL),
    "anetari6": (Membership.MEMBER, Membership.COMMUNITY),
}
LPSC_OWN_SEATS = {
    "sekretari": (Membership.SECRETARY, Membership.MUNICIPALITY),
    "kryesuesi": (Membership.CHAIR, Membership.COMMUNITY),
}


def mcsc_slug(place: Place) -> str:
    return f"kksb-{place.slug}"


def demo_people() -> list[Person]:
    """Every demo login with the forum roles it holds (the admin is added separately)."""
    people = []
    for place in PLACES:
        lpsc_slug = place.lpsc[0] if place.lpsc else None
        for key, (first, last) in place.officials.items():
            role, institution = MCSC_SEATS[key]
            person = Person(f"{key}.{place.slug}", first, last, [(mcsc_slug(place), role, institution)])
            if lpsc_slug and key in LPSC_SHARED_SEATS:
                person.roles.append((lpsc_slug, *LPSC_SHARED_SEATS[key]))
            people.append(person)
        if place.lpsc:
            area_key = lpsc_slug.removeprefix("klsp-")
            for key, (first, last) in place.lpsc[4].items():
                role, institution = LPSC_OWN_SEATS[key]
                people.append(Person(f"{key}.{area_key}", first, last, [(lpsc_slug, role, institution)]))
    return people


class Command(BaseCommand):
    help = "Create demo municipalities, forums, people and two years of meetings (idempotent; DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for the demo accounts; given explicitly it also resets existing ones. "
            "Without it new accounts get a random password that is printed.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a real production site)."
        )
        parser.add_argument(
            "--totp-secret",
            help="Base32 TOTP secret enrolled for demo staff who must use two-factor login "
            "(secretaries, chairs, police liaisons, the admin). Without it a random one is printed.",
        )
        parser.add_argument(
            "--published-minutes",
            type=int,
            default=12,
            help="How many of each forum's latest held meetings get published minutes (PDFs rendered "
            "through the Celery task); the latest held meeting's minutes wait for the chair instead.",
        )

    def handle(self, *args, password=None, force=False, totp_secret=None, published_minutes=12, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; pass --force if this really is a demo site."
            )
        explicit = password is not None
        if explicit and not password:
            raise CommandError("--password must not be empty.")
        password = password or secrets.token_urlsafe(12)
        now = timezone.now()
        with transaction.atomic():
            Site.objects.update_or_create(pk=1, defaults={"domain": SITE_DOMAIN, "name": SITE_NAME})
            categories = self._categories()
            created_users, roles = self._people(password, reset=explicit)
            for place in PLACES:
                municipality = self._municipality(place)
                bodies = self._bodies(municipality)
                forums = self._forums(place, municipality, roles)
                for forum in forums:
                    if forum.meetings.exists():
                        continue
                    MeetingSeeder(forum, place, bodies, categories, now, mcsc=forums[0]).run()
        secret, enrolled = demo_two_factor.enrol(totp_secret)
        rendered = demo_minutes.publish_recent(per_forum=published_minutes)
        privacy_cases.seed()
        self._report(password, explicit, created_users)
        self.stdout.write(f"Minutes published for {rendered} demo meetings (PDFs rendered).")
        demo_two_factor.report(self.stdout, secret, enrolled)

    def _categories(self) -> list[ConcernCategory]:
        categories = []
        for position, (slug, sq, sr, en, tr, restricted) in enumerate(CATEGORIES):
            category, _ = ConcernCategory.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_sq": sq,
                    "name_sr": sr,
                    "name_en": en,
                    "name_tr": tr,
                    "restricted_by_default": restricted,
                    "position": position,
                },
            )
            categories.append(category)
        return categories

    def _people(self, password: str, *, reset: bool) -> tuple[int, dict[str, list]]:
        """Create missing accounts (reset passwords when one was given): how many were new, roles by forum."""
        User = get_user_model()
        forums = {}
        created = 0
        # Hashing is deliberately slow; hash once and share it (demo accounts only).
        hashed = make_password(password)
        admin = Person("admin", "Admin", "Demo")
        for person in [admin, *demo_people()]:
            user, is_new = User.objects.get_or_create(
                username=person.email,
                defaults={
                    "email": person.email,
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                },
            )
            if person is admin and not (user.is_staff and user.is_superuser):
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            if is_new or reset:
                user.password = hashed
                user.save(update_fields=["password"])
            created += is_new
            EmailAddress.objects.get_or_create(
                user=user, email=person.email, defaults={"verified": True, "primary": True}
            )
            # Forums are created later; remember the roles and attach them once forums exist.
            for forum_slug, role, institution in person.roles:
                forums.setdefault(forum_slug, []).append((user, role, institution))
        return created, forums

    def _municipality(self, place: Place) -> Municipality:
        municipality, _ = Municipality.objects.get_or_create(
            slug=place.slug,
            defaults={"name_sq": place.name_sq, "name_sr": place.name_sr, "languages": place.languages},
        )
        return municipality

    def _bodies(self, municipality: Municipality) -> dict[str, ResponsibleBody]:
        return {
            key: ResponsibleBody.objects.get_or_create(
                municipality=municipality,
                name_sq=name_sq,
                defaults={
                    "kind": kind,
                    "name_sr": name_sr,
                    "handles_sensitive_cases": key in SENSITIVE_BODIES,
                },
            )[0]
            for key, kind, name_sq, name_sr in BODIES
        }

    def _forums(self, place: Place, municipality: Municipality, roles: dict[str, list]) -> list[Forum]:
        """The municipality's MCSC first, then its LPSC, each with its memberships."""
        specs = [
            (
                mcsc_slug(place),
                Forum.MCSC,
                f"Këshilli Komunal për Siguri në Bashkësi — {place.name_sq}",
                "",
                6,
            )
        ]
        if place.lpsc:
            slug, name, area, _, _ = place.lpsc
            specs.append((slug, Forum.LPSC, name, area, 4))
        forums = []
        for slug, kind, name, area, quorum in specs:
            forum, _ = Forum.objects.get_or_create(
                slug=slug,
                defaults={
                    "municipality": municipality,
                    "kind": kind,
                    "name": name,
                    "area": area,
                    "quorum": quorum,
                },
            )
            for user, role, institution in roles.get(slug, []):
                Membership.objects.get_or_create(
                    user=user, forum=forum, role=role, defaults={"institution": institution}
                )
            forums.append(forum)
        return forums

    def _report(self, password: str, explicit: bool, created_users: int) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Municipality.objects.count()} municipalities, {Forum.objects.count()} "
                f"forums, {Meeting.objects.count()} meetings, {Concern.objects.count()} concerns, "
                f"{Action.objects.count()} actions."
            )
        )
        self.stdout.write(
            f"Log in at http://{SITE_DOMAIN}/accounts/login/ as e.g. sekretari.prishtine@{EMAIL_DOMAIN}"
        )
        if explicit:
            self.stdout.write("Demo accounts use the password given with --password.")
        elif created_users:
            self.stdout.write(f"Password of the new demo accounts: {password}")
        else:
            self.stdout.write("Existing demo accounts keep their passwords; pass --password to reset them.")


class MeetingSeeder:
    """Generates one forum's meetings, agendas, attendance, concerns, actions and updates."""

    def __init__(self, forum, place, bodies, categories, now: datetime, *, mcsc: Forum):
        self.forum = forum
        self.place = place
        self.bodies = bodies
        self.categories = categories
        self.now = now
        self.today = timezone.localdate(now)
        self.mcsc = mcsc
        # Seeded by the forum, so skipping one forum does not change what the others get.
        self.rng = random.Random(f"seed-demo:{forum.slug}")
        self.memberships = list(forum.memberships.select_related("user").order_by("pk"))
        self.by_role = {m.role: m.user for m in self.memberships}
        self.deck: list[ConcernCategory] = []
        is_lpsc = forum.kind == Forum.LPSC
        self.neighbourhoods = place.lpsc[3] if is_lpsc else place.neighbourhoods
        self.past_count, self.future_count = (12, 1) if is_lpsc else (24, 2)

    def _next_category(self) -> ConcernCategory:
        # A shuffled deck rather than independent draws, so every category comes up regularly.
        if not self.deck:
            self.deck = self.rng.sample(self.categories, len(self.categories))
        return self.deck.pop()

    def _dates(self) -> tuple[list[datetime], list[datetime]]:
        tz = ZoneInfo(settings.TIME_ZONE)
        local_now = timezone.localtime(self.now, tz)
        hour = 17 if self.forum.kind == Forum.LPSC else 10
        first = datetime(local_now.year, local_now.month, self.rng.randint(5, 25), hour, tzinfo=tz)
        span = range(-(self.past_count + 1), self.future_count + 2)
        dates = [self._weekday(add_months(first, offset)) for offset in span]
        past = [d for d in dates if d < self.now][-self.past_count :]
        future = [d for d in dates if d >= self.now][: self.future_count]
        return past, future

    @staticmethod
    def _weekday(moment: datetime) -> datetime:
        # Forums meet on working days: a Saturday or Sunday moves to the Monday after.
        return moment + timedelta(days=max(0, 7 - moment.weekday())) if moment.weekday() >= 5 else moment

    def _location(self) -> str:
        if self.forum.kind == Forum.LPSC:
            return f"Shkolla fillore, {self.neighbourhoods[0]}"
        return self.rng.choice(
            [
                f"Salla e Kuvendit Komunal, {self.place.town}",
                f"Salla e Kuvendit Komunal, {self.place.town}",
                f"Salla e konferencave e Stacionit Policor, {self.place.town}",
            ]
        )

    def run(self) -> None:
        rng = self.rng
        past, future = self._dates()
        cancelled_index = rng.randint(2, len(past) - 4)
        meetings = []
        for number, starts_at in enumerate(past + future, start=1):
            held = number <= len(past)
            status = Meeting.HELD if held else Meeting.PLANNED
            if number - 1 == cancelled_index:
                status = Meeting.CANCELLED
            meeting = Meeting(
                forum=self.forum,
                number=number,
                starts_at=starts_at,
                location=self._location(),
                is_public=not (held and rng.random() < 0.12),
                status=status,
                series=uuid.UUID(int=rng.getrandbits(128), version=4) if not held else None,
            )
            if status == Meeting.HELD:
                self._attendance(meeting, number)
            meeting._history_date = starts_at - timedelta(days=21)
            meeting._history_user = self.by_role.get(Membership.SECRETARY)
            meetings.append(meeting)
        if future:
            # The upcoming meetings were scheduled together as one series.
            for meeting in meetings[len(past) :]:
                meeting.series = meetings[len(past)].series
        bulk_create_with_history(meetings, Meeting)

        present_rows, items, concerns, actions, updates = [], [], [], [], []
        for meeting in meetings:
            if meeting.status != Meeting.HELD:
                continue
            present_rows += [
                Meeting.members_present.through(meeting_id=meeting.pk, membership_id=m.pk)
                for m in meeting._present
            ]
            self._agenda_and_concerns(meeting, items, concerns, actions, updates)
        Meeting.members_present.through.objects.bulk_create(present_rows)
        # bulk_create takes each foreign key's id from its object, saved just before.
        bulk_create_with_history(items, AgendaItem)
        bulk_create_with_history(concerns, Concern)
        bulk_create_with_history(actions, Action)
        ActionUpdate.objects.bulk_create(updates)
        self._backdate(meetings, concerns, actions)
        if self.forum.kind == Forum.LPSC:
            self._escalate(concerns)

    def _attendance(self, meeting: Meeting, number: int) -> None:
        rng = self.rng
        secretary = [m for m in self.memberships if m.role == Membership.SECRETARY]
        others = [m for m in self.memberships if m.role != Membership.SECRETARY]
        count = max(1, min(len(others), round(rng.gauss(self.forum.quorum, 1.5))))
        meeting._present = secretary + rng.sample(others, count)
        scale = 0.5 if self.forum.kind == Forum.LPSC else 1.0
        # Women and youth come less often; slowly more as the forum becomes known.
        men = round(rng.randint(8, 22) * scale)
        women = round((rng.randint(1, 6) + number // 8) * scale)
        youth = min(men + women, round(rng.randint(0, 5) * scale))
        meeting.citizens_men, meeting.citizens_women, meeting.citizens_youth = men, women, youth

    def _agenda_and_concerns(self, meeting, items, concerns, actions, updates) -> None:
        rng = self.rng
        secretary = self.by_role.get(Membership.SECRETARY)
        meeting_items = []
        if meeting.number == 1:
            meeting_items.append(
                AgendaItem(meeting=meeting, title=FIRST_ITEM_TITLE, discussion=FIRST_ITEM_DISCUSSION)
            )
        else:
            meeting_items.append(
                AgendaItem(
                    meeting=meeting, title=FOLLOW_UP_TITLE, discussion=FOLLOW_UP_DISCUSSION, is_follow_up=True
                )
            )
        picked = []
        for _ in range(rng.randint(1, 3)):
            category = self._next_category()
            if category not in picked:
                picked.append(category)
        for category in picked:
            content = CONTENT.get(category.slug, CONTENT["other"])
            item = AgendaItem(meeting=meeting, title=content["agenda"], discussion=content["discussion"])
            meeting_items.append(item)
            for _ in range(1 if rng.random() < 0.75 else 2):
                concern = self._concern(meeting, item, category, content)
                concerns.append(concern)
                self._actions_for(meeting, concern, content, actions, updates)
        if rng.random() < 0.1:
            self._decision_action(meeting, actions)
        for position, item in enumerate(meeting_items):
            item.position = position
            item._history_date = meeting.starts_at
            item._history_user = secretary
        items += meeting_items

    def _concern(self, meeting, item, category, content) -> Concern:
        rng = self.rng
        summary, details = rng.choice(content["concerns"])
        restricted = category.restricted_by_default
        source_choices = [Concern.SOURCE_CITIZEN] * 3 + [
            Concern.SOURCE_POLICE,
            Concern.SOURCE_MUNICIPALITY,
            Concern.SOURCE_SCHOOL,
            Concern.SOURCE_CIVIL_SOCIETY,
        ]
        concern = Concern(
            meeting=meeting,
            agenda_item=item,
            category=category,
            summary=summary,
            details=details,
            neighbourhood=rng.choice(self.neighbourhoods),
            source=rng.choice(source_choices),
            visibility=Concern.RESTRICTED if restricted else Concern.PUBLIC,
            created_by=self.by_role.get(Membership.SECRETARY),
        )
        concern._history_date = meeting.starts_at + timedelta(minutes=30)
        concern._history_user = concern.created_by
        concern._actions = []
        return concern

    def _assignee(self, body: ResponsibleBody):
        if body.kind == ResponsibleBody.POLICE:
            return self.by_role.get(Membership.POLICE_LIAISON)
        if body.kind == ResponsibleBody.MUNICIPAL:
            return self.by_role.get(Membership.MUNICIPAL_OFFICER)
        return None

    def _new_action(self, meeting, title, body_key, concern=None) -> Action:
        rng = self.rng
        body = self.bodies[body_key]
        meeting_day = timezone.localtime(meeting.starts_at).date()
        due_date = meeting_day + timedelta(days=rng.choice([14, 21, 30, 45, 60]))
        action = Action(
            meeting=meeting,
            concern=concern,
            title=title,
            description="",
            responsible_body=body,
            assignee=self._assignee(body) if rng.random() < 0.8 else None,
            due_date=due_date,
            priority=rng.choice([Action.LOW, Action.NORMAL, Action.NORMAL, Action.HIGH, Action.URGENT]),
            created_by=self.by_role.get(Membership.SECRETARY),
        )
        action.status = self._action_status(due_date)
        if action.status == Action.DONE:
            latest = min(self.now, self._at(due_date + timedelta(days=10)))
            start = meeting.starts_at + timedelta(days=4)
            action.completed_at = start + (latest - start) * rng.random() if latest > start else start
        action._history_date = meeting.starts_at + timedelta(hours=1)
        action._history_user = action.created_by
        return action

    def _at(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))

    def _action_status(self, due_date: date) -> str:
        rng = self.rng
        age = (self.today - due_date).days
        if age > 30:
            weights = {Action.DONE: 75, Action.CANCELLED: 10, Action.IN_PROGRESS: 8, Action.OPEN: 7}
        elif age > -30:
            weights = {Action.DONE: 30, Action.IN_PROGRESS: 35, Action.OPEN: 30, Action.CANCELLED: 5}
        else:
            weights = {Action.OPEN: 55, Action.IN_PROGRESS: 35, Action.DONE: 10}
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    def _actions_for(self, meeting, concern, content, actions, updates) -> None:
        rng = self.rng
        count = rng.choices([0, 1, 2], weights=[20, 60, 20])[0]
        for title, body_key in rng.sample(content["actions"], min(count, len(content["actions"]))):
            action = self._new_action(meeting, title, body_key, concern)
            concern._actions.append(action)
            actions.append(action)
            updates += self._updates(action, restricted=concern.is_restricted)
        self._settle_concern(concern)

    def _decision_action(self, meeting, actions) -> None:
        action = self._new_action(meeting, "Përgatitja e planit vjetor të sigurisë në bashkësi", "services")
        action.description = (
            "Vendim i forumit: plani i përbashkët i policisë dhe komunës për vitin e ardhshëm."
        )
        actions.append(action)

    def _updates(self, action: Action, *, restricted: bool) -> list[ActionUpdate]:
        """Progress notes that lead to the action's status, public unless the concern is restricted."""
        rng = self.rng
        author = action.assignee or self.by_role.get(Membership.SECRETARY)
        started = action.meeting.starts_at + timedelta(days=rng.randint(1, 3))
        notes = []
        if action.status in (Action.IN_PROGRESS, Action.DONE):
            notes.append((started, rng.choice(START_NOTES), Action.OPEN, Action.IN_PROGRESS))
        if action.status == Action.DONE:
            notes.append((action.completed_at, rng.choice(DONE_NOTES), Action.IN_PROGRESS, Action.DONE))
        if action.status == Action.CANCELLED:
            notes.append((started, rng.choice(CANCEL_NOTES), Action.OPEN, Action.CANCELLED))
        result = [
            ActionUpdate(
                action=action,
                author=author,
                created_at=min(moment, self.now),
                note=note,
                old_status=old,
                new_status=new,
                is_public=not restricted and rng.random() < 0.7,
            )
            for moment, note, old, new in notes
        ]
        if restricted and action.status != Action.OPEN:
            result.append(
                ActionUpdate(
                    action=action,
                    author=author,
                    created_at=min(started, self.now),
                    note=rng.choice(INTERNAL_NOTES),
                )
            )
        return result

    def _settle_concern(self, concern: Concern) -> None:
        """Concern status follows its actions; old concerns without actions are closed honestly."""
        rng = self.rng
        statuses = {action.status for action in concern._actions}
        if statuses & set(Action.ACTIVE_STATUSES):
            concern.status = Concern.IN_PROGRESS
        elif statuses:
            concern.status = Concern.CLOSED
            concern.closing_reason = (
                Concern.RESOLVED if Action.DONE in statuses else Concern.NO_FURTHER_ACTION
            )
            done = [a.completed_at for a in concern._actions if a.completed_at]
            concern.closed_at = max(done) if done else concern.meeting.starts_at + timedelta(days=30)
        elif (self.now - concern.meeting.starts_at).days > 60:
            concern.status = Concern.CLOSED
            concern.closing_reason = rng.choice(
                [Concern.REFERRED, Concern.REFERRED, Concern.NOT_OUR_COMPETENCE, Concern.NO_FURTHER_ACTION]
            )
            if concern.closing_reason == Concern.REFERRED:
                concern.referred_to = rng.choice(REFERRALS)
            concern.closed_at = concern.meeting.starts_at + timedelta(days=rng.randint(7, 40))
        if concern.closed_at:
            concern.closed_at = min(concern.closed_at, self.now)

    def _backdate(self, meetings, concerns, actions) -> None:
        """Set creation times to when things happened (auto_now_add stamped them with now)."""
        for meeting in meetings:
            Meeting.objects.filter(pk=meeting.pk).update(created_at=meeting._history_date)
        by_meeting = {}
        for concern in concerns:
            by_meeting.setdefault(concern.meeting_id, concern.meeting.starts_at)
        for meeting_id, starts_at in by_meeting.items():
            Concern.objects.filter(meeting_id=meeting_id).update(created_at=starts_at + timedelta(minutes=30))
            Action.objects.filter(meeting_id=meeting_id).update(created_at=starts_at + timedelta(hours=1))

    def _escalate(self, concerns: list[Concern]) -> None:
        """Escalate two LPSC concerns to the MCSC's next meeting, as the escalation service does.

        The two records point at each other and the LPSC concern is closed as referred to the council.
        """
        # Concerns without actions: an old one (closed, now as an escalation) and the latest open one.
        without_actions = [c for c in concerns if not c._actions]
        older = [c for c in without_actions if c.status == Concern.CLOSED][:1]
        recent = [c for c in without_actions if c.status == Concern.OPEN][-1:]
        secretary = self.mcsc.memberships.filter(role=Membership.SECRETARY).first()
        secretary = secretary.user if secretary else None
        for concern in older + recent:
            target = (
                self.mcsc.meetings.filter(
                    status__in=[Meeting.HELD, Meeting.PLANNED], starts_at__gt=concern.meeting.starts_at
                )
                .order_by("starts_at")
                .first()
            )
            if target is None:
                continue
            escalated = escalation_copy(concern, meeting=target, by=secretary)
            escalated_at = min(self.now, concern.meeting.starts_at + timedelta(days=2))
            Concern.objects.filter(pk=escalated.pk).update(created_at=escalated_at)
            Concern.objects.filter(pk=concern.pk).update(
                escalated_to=escalated,
                status=Concern.CLOSED,
                closing_reason=Concern.REFERRED,
                referred_to=str(self.mcsc),
                closed_at=escalated_at,
            )
