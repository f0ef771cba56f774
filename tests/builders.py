"""The rows behind the fixtures of tests/conftest.py, as plain functions.

The fixtures call these, and so do worlds built once per module (tests/shared_rows.py), so both
get the same municipalities, forums and personas.
"""

from types import SimpleNamespace

from forums.models import Membership
from forums.permissions import RESTRICTED_VIEWER_ROLES
from tests import factories

# Persona → (username, role, institution). The outsider is the secretary of `other_forum`.
PERSONAS = {
    "secretary": ("secretary", Membership.SECRETARY, Membership.MUNICIPALITY),
    "chair": ("chair", Membership.CHAIR, Membership.MUNICIPALITY),
    "police_liaison": ("police", Membership.POLICE_LIAISON, Membership.POLICE),
    "municipal_officer": ("officer", Membership.MUNICIPAL_OFFICER, Membership.MUNICIPALITY),
    "member": ("member", Membership.MEMBER, Membership.CIVIL_SOCIETY),
    "outsider": ("outsider", Membership.SECRETARY, Membership.MUNICIPALITY),
}


def municipality():
    return factories.MunicipalityFactory(name_sq="Prishtinë", name_sr="Priština", slug="prishtine")


def forum(home_municipality):
    return factories.ForumFactory(
        municipality=home_municipality, name="KKSB Prishtinë", slug="kksb-prishtine"
    )


def other_forum():
    other = factories.MunicipalityFactory(name_sq="Prizren", name_sr="Prizren", slug="prizren")
    return factories.ForumFactory(municipality=other, name="KKSB Prizren", slug="kksb-prizren")


def persona(name: str, its_forum):
    """The persona's user with their membership; those who see restricted data have TOTP."""
    username, role, institution = PERSONAS[name]
    user = factories.UserFactory(username=username)
    factories.MembershipFactory(user=user, forum=its_forum, role=role, institution=institution)
    if role in RESTRICTED_VIEWER_ROLES:
        factories.enrol_totp(user)
    return user


def personas(home_forum, away_forum) -> SimpleNamespace:
    """All six, in the order the `personas` fixture creates them."""
    return SimpleNamespace(
        **{
            name: persona(name, away_forum if name == "outsider" else home_forum)
            for name in ("secretary", "chair", "police_liaison", "municipal_officer", "member", "outsider")
        }
    )


def administrator(username: str = "root"):
    """A superuser with the two-factor login the admin site requires."""
    admin = factories.UserFactory(username=username, is_staff=True, is_superuser=True)
    factories.enrol_totp(admin)
    return admin


def police_unit(home_municipality):
    return factories.ResponsibleBodyFactory(
        municipality=home_municipality, name_sq="Stacioni Policor Qendra", kind="police"
    )


def directorate(home_municipality):
    return factories.ResponsibleBodyFactory(
        municipality=home_municipality, name_sq="Drejtoria e Arsimit", kind="municipal"
    )


def restricted_category():
    return factories.ConcernCategoryFactory(
        slug="domestic-violence",
        name_sq="Dhuna në familje",
        name_sr="Nasilje u porodici",
        name_en="Domestic violence",
        restricted_by_default=True,
    )


def category():
    return factories.ConcernCategoryFactory()


def action_edit_data(action, **changes) -> dict:
    """What the action's edit form posts when nothing is changed, with `changes` over it."""
    return {
        "title": action.title,
        "description": action.description,
        "priority": action.priority,
        "responsible_body": action.responsible_body_id,
        "assignee": action.assignee_id or "",
        "due_date": action.due_date.isoformat(),
        **changes,
    }
