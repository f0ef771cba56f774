"""factory_boy factories for every model."""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.totp.internal.auth import format_hotp_value
from allauth.mfa.totp.internal.auth import hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action
from actions.models import ActionUpdate
from actions.models import ResponsibleBody
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import Municipality
from forums.models import SurveyResponse


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified_address(user, create, extracted, **kwargs):
        """As for real staff, whose address an administrator or an invitation set: verified.

        `UserFactory(verified_address=False)` leaves the account without an allauth address record.
        """
        if create and user.email and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
            )


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    name_sq = factory.Sequence(lambda n: f"Komuna {n}")
    name_sr = factory.Sequence(lambda n: f"Opština {n}")
    slug = factory.Sequence(lambda n: f"komuna-{n}")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Forum.MCSC
    name_sq = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    quorum = 3

    class Params:
        # Tests name a forum as people do; the name is its Albanian one.
        name = factory.Sequence(lambda n: f"KKSB {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    forum = factory.SubFactory(ForumFactory)
    role = Membership.MEMBER
    institution = Membership.COMMUNITY


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    forum = factory.SubFactory(ForumFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    location = "Sala e Kuvendit Komunal"
    is_public = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Pika {n}")


class ConcernCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcernCategory
        django_get_or_create = ["slug"]

    slug = "traffic-safety"
    name_sq = "Siguria në trafik"
    name_sr = "Bezbednost saobraćaja"
    name_en = "Traffic safety"


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    meeting = factory.SubFactory(MeetingFactory)
    category = factory.SubFactory(ConcernCategoryFactory)
    summary = "Shpejtësi e lartë pranë shkollës"
    details = ""
    neighbourhood = "Lagjja e Muhaxherëve"
    visibility = Concern.PUBLIC


class ResponsibleBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibleBody

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = ResponsibleBody.POLICE
    name_sq = factory.Sequence(lambda n: f"Stacioni Policor {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    concern = None
    title = factory.Sequence(lambda n: f"Veprim {n}")
    responsible_body = factory.SubFactory(
        ResponsibleBodyFactory, municipality=factory.SelfAttribute("..meeting.forum.municipality")
    )
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    note = "Patrullimi u shtua."


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    """An answer agreeing with every statement; pass a field (`good_job=1`) to disagree with one."""

    class Meta:
        model = SurveyResponse

    meeting = factory.SubFactory(MeetingFactory)
    listens = SurveyResponse.AGREE
    relied_upon = SurveyResponse.AGREE
    fair = SurveyResponse.AGREE
    what_matters = SurveyResponse.AGREE
    informed = SurveyResponse.AGREE
    good_job = SurveyResponse.AGREE
    forum_told = SurveyResponse.AGREE


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user, secret: str = TEST_TOTP_SECRET):
    """Give a user a TOTP authenticator, as staff who see restricted data must have."""
    return TOTP.activate(user, secret)


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The authenticator app's current code for `secret`."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
