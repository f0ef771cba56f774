"""The demo's municipalities, bodies, forums, people and memberships, made from the tables."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from actions.models import ResponsibleBody
from forum_site.demo.tables import BODIES
from forum_site.demo.tables import CATEGORIES
from forum_site.demo.tables import SENSITIVE_BODIES
from forum_site.demo.tables import Person
from forum_site.demo.tables import Place
from forum_site.demo.tables import demo_people
from forum_site.demo.tables import mcsc_slug
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Membership
from forums.models import Municipality


def categories() -> list[ConcernCategory]:
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


def people(password: str, *, reset: bool) -> tuple[int, dict[str, list]]:
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


def municipality_of(place: Place) -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        slug=place.slug,
        defaults={**place.names.as_fields(), "languages": place.languages},
    )
    return municipality


def bodies_of(municipality: Municipality) -> dict[str, ResponsibleBody]:
    return {
        key: ResponsibleBody.objects.get_or_create(
            municipality=municipality,
            name_sq=name_sq,
            defaults={
                "kind": kind,
                "name_sr": name_sr,
                "name_tr": name_tr,
                "handles_sensitive_cases": key in SENSITIVE_BODIES,
            },
        )[0]
        for key, kind, name_sq, name_sr, name_tr in BODIES
    }


def forums_of(place: Place, municipality: Municipality, roles: dict[str, list]) -> list[Forum]:
    """The municipality's MCSC first, then its LPSC, each with its memberships."""
    specs = [(mcsc_slug(place), Forum.MCSC, place.mcsc_names, "", 6)]
    if place.lpsc:
        slug, names, area, _, _ = place.lpsc
        specs.append((slug, Forum.LPSC, names, area, 4))
    forums = []
    for slug, kind, names, area, quorum in specs:
        forum, _ = Forum.objects.get_or_create(
            slug=slug,
            defaults={
                "municipality": municipality,
                "kind": kind,
                **names.as_fields(),
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
