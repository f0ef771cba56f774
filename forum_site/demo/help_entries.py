"""The demo's help page: clearly invented entries beside the police emergency number (192).

Every entry says it is an invented example, and reaches no real service: addresses are at
example.org and no entry has a phone number (real numbers are data administrators enter and check).
Idempotent: nothing is added once any help entry exists.
"""

from forums.models import Forum
from forums.models import Municipality
from portal.models import HelpEntry

# (language, kind, name, description): one of each kind of service for all of Kosovo.
NATIONAL = [
    (
        "sq",
        HelpEntry.POLICE_APP,
        "Shembull: aplikacioni i policimit në bashkësi",
        "Hyrje e shpikur për demonstrim. Këtu administratori shkruan si të raportohet një rast te policia "
        "nga telefoni.",
    ),
    (
        "sq",
        HelpEntry.VICTIM_SUPPORT,
        "Shembull: linja e ndihmës për viktimat e dhunës në familje",
        "Hyrje e shpikur për demonstrim. Këtu administratori shkruan shërbimin e vërtetë dhe orarin e tij.",
    ),
    (
        "sr-latn",
        HelpEntry.POLICE_APP,
        "Primer: aplikacija za policiju u zajednici",
        "Izmišljen unos za demonstraciju. Ovde administrator upisuje kako se slučaj prijavljuje policiji.",
    ),
    (
        "sr-latn",
        HelpEntry.VICTIM_SUPPORT,
        "Primer: linija za pomoć žrtvama nasilja u porodici",
        "Izmišljen unos za demonstraciju. Ovde administrator upisuje pravu službu i njeno radno vreme.",
    ),
    (
        "en",
        HelpEntry.POLICE_APP,
        "Example: community-policing app",
        "Invented entry for the demo. Administrators write here how to report a case to the police by phone app.",
    ),
    (
        "en",
        HelpEntry.VICTIM_SUPPORT,
        "Example: helpline for victims of domestic violence",
        "Invented entry for the demo. Administrators write here the real service and when it answers.",
    ),
    (
        "tr",
        HelpEntry.VICTIM_SUPPORT,
        "Örnek: aile içi şiddet mağdurları için yardım hattı",
        "Tanıtım için uydurulmuş kayıt. Yönetici buraya gerçek hizmeti ve çalışma saatlerini yazar.",
    ),
]
FORUM_CONTACT = {
    "sq": ("Shembull: sekretaria e {forum}", "Hyrje e shpikur për demonstrim: pyetje për takimet e forumit."),
    "sr-latn": (
        "Primer: sekretarijat — {forum}",
        "Izmišljen unos za demonstraciju: pitanja o sastancima foruma.",
    ),
    "tr": (
        "Örnek: {forum} sekreterliği",
        "Tanıtım için uydurulmuş kayıt: forum toplantıları hakkında sorular.",
    ),
}
SHELTER = {
    "sq": (
        "Shembull: strehimorja e {town}",
        "Hyrje e shpikur për demonstrim: strehim dhe këshillim për gratë dhe fëmijët.",
    ),
    "sr-latn": (
        "Primer: sigurna kuća — {town}",
        "Izmišljen unos za demonstraciju: smeštaj i savetovanje za žene i decu.",
    ),
    "tr": (
        "Örnek: {town} sığınma evi",
        "Tanıtım için uydurulmuş kayıt: kadınlar ve çocuklar için barınma ve danışmanlık.",
    ),
}


def seed() -> None:
    if HelpEntry.objects.exists():
        return
    entries = [
        HelpEntry(
            language=language,
            kind=kind,
            name=name,
            description=description,
            website=f"https://example.org/{kind.replace('_', '-')}",
            hours="24/7" if kind == HelpEntry.VICTIM_SUPPORT else "",
            position=position,
        )
        for position, (language, kind, name, description) in enumerate(NATIONAL)
    ]
    for municipality in Municipality.objects.all():
        council = Forum.objects.filter(municipality=municipality, kind=Forum.MCSC, active=True).first()
        for language in municipality.language_codes:
            if language in SHELTER:
                name, description = SHELTER[language]
                entries.append(
                    HelpEntry(
                        municipality=municipality,
                        language=language,
                        kind=HelpEntry.VICTIM_SUPPORT,
                        name=name.format(town=municipality.name_sq),
                        description=description,
                        email=f"strehimi.{municipality.slug}@example.org",
                    )
                )
            if council is not None and language in FORUM_CONTACT:
                name, description = FORUM_CONTACT[language]
                entries.append(
                    HelpEntry(
                        municipality=municipality,
                        forum=council,
                        language=language,
                        kind=HelpEntry.FORUM_CONTACT,
                        name=name.format(forum=council.name),
                        description=description,
                        email=f"{council.slug}@example.org",
                    )
                )
    HelpEntry.objects.bulk_create(entries)
