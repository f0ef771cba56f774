"""The demo's invented world as data: categories, bodies, what is discussed, places and people.

Every name here is invented; concerns record the kind of source, never a citizen's name.
"""

from dataclasses import dataclass
from dataclasses import field

from actions.models import ResponsibleBody
from forums.models import Membership

EMAIL_DOMAIN = "demo.forums.test"

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

# Responsible bodies of every municipality: key, kind, Albanian, Serbian (Latin), Turkish; the bodies
# in SENSITIVE_BODIES handle sensitive cases.
BODIES = [
    (
        "station",
        ResponsibleBody.POLICE,
        "Stacioni Policor Qendër",
        "Policijska stanica Centar",
        "Merkez Polis Karakolu",
    ),
    (
        "domestic",
        ResponsibleBody.POLICE,
        "Njësia për Hetimin e Dhunës në Familje",
        "Jedinica za istraživanje nasilja u porodici",
        "Aile İçi Şiddet Soruşturma Birimi",
    ),
    (
        "extremism",
        ResponsibleBody.POLICE,
        "Njësia për Parandalimin e Ekstremizmit të Dhunshëm",
        "Jedinica za prevenciju nasilnog ekstremizma",
        "Şiddet İçeren Aşırıcılığı Önleme Birimi",
    ),
    ("traffic", ResponsibleBody.POLICE, "Njësia e Trafikut", "Saobraćajna jedinica", "Trafik Birimi"),
    (
        "community",
        ResponsibleBody.POLICE,
        "Njësia e Policisë në Bashkësi",
        "Jedinica policije u zajednici",
        "Toplum Polisliği Birimi",
    ),
    (
        "education",
        ResponsibleBody.MUNICIPAL,
        "Drejtoria e Arsimit",
        "Direkcija za obrazovanje",
        "Eğitim Müdürlüğü",
    ),
    (
        "services",
        ResponsibleBody.MUNICIPAL,
        "Drejtoria e Shërbimeve Publike",
        "Direkcija za javne službe",
        "Kamu Hizmetleri Müdürlüğü",
    ),
    (
        "health",
        ResponsibleBody.MUNICIPAL,
        "Drejtoria e Shëndetësisë",
        "Direkcija za zdravstvo",
        "Sağlık Müdürlüğü",
    ),
    (
        "urbanism",
        ResponsibleBody.MUNICIPAL,
        "Drejtoria e Urbanizmit",
        "Direkcija za urbanizam",
        "Şehircilik Müdürlüğü",
    ),
    (
        "social",
        ResponsibleBody.OTHER,
        "Qendra për Punë Sociale",
        "Centar za socijalni rad",
        "Sosyal Hizmet Merkezi",
    ),
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


@dataclass(frozen=True)
class Names:
    """A name in Albanian, Serbian (Latin script) and Turkish."""

    sq: str
    sr: str
    tr: str

    def as_fields(self) -> dict[str, str]:
        return {"name_sq": self.sq, "name_sr": self.sr, "name_tr": self.tr}


# Every municipality's council, named after the municipality in each language.
MCSC_NAME = Names(
    "Këshilli Komunal për Siguri në Bashkësi — {sq}",
    "Opštinski savet za bezbednost zajednice — {sr}",
    "Belediye Toplum Güvenliği Konseyi — {tr}",
)


@dataclass
class Place:
    """A municipality with its forums, people and neighbourhoods."""

    slug: str
    names: Names
    languages: str
    town: str
    neighbourhoods: list[str]
    officials: dict[str, tuple[str, str]]  # role key → (first name, last name)
    lpsc: (
        tuple[str, Names, str, list[str], dict[str, tuple[str, str]]] | None
    )  # slug, names, area, places, people

    @property
    def mcsc_names(self) -> Names:
        own = vars(self.names)
        return Names(**{code: getattr(MCSC_NAME, code).format(**own) for code in own})


PLACES = [
    Place(
        slug="prishtine",
        names=Names("Prishtinë", "Priština", "Priştine"),
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
            Names(
                "Komiteti Lokal për Siguri Publike — Ulpiana",
                "Lokalni komitet za javnu bezbednost — Ulpijana",
                "Yerel Kamu Güvenliği Komitesi — Ulpiana",
            ),
            "Ulpiana, Lakrishte, Veternik",
            ["Ulpiana", "Lakrishte", "Veternik"],
            {"sekretari": ("Arta", "Morina"), "kryesuesi": ("Faton", "Hasani")},
        ),
    ),
    Place(
        slug="prizren",
        names=Names("Prizren", "Prizren", "Prizren"),
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
            Names(
                "Komiteti Lokal për Siguri Publike — Ortakoll",
                "Lokalni komitet za javnu bezbednost — Ortakol",
                "Yerel Kamu Güvenliği Komitesi — Ortakol",
            ),
            "Ortakoll, Tusus",
            ["Ortakoll", "Tusus"],
            {"sekretari": ("Mimoza", "Bytyqi"), "kryesuesi": ("Ramadan", "Çela")},
        ),
    ),
    Place(
        slug="gjilan",
        names=Names("Gjilan", "Gnjilane", "Gilan"),
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
            Names(
                "Komiteti Lokal për Siguri Publike — Zhegër",
                "Lokalni komitet za javnu bezbednost — Žegra",
                "Yerel Kamu Güvenliği Komitesi — Jegra",
            ),
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
