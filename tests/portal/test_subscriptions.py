"""E-mail alerts: double opt-in, alerts on scheduling and on publishing (only to confirmed addresses,
in their language, in batches, once), one-click leaving, erasing the unconfirmed, counts for the
admin, and an address never in a log."""

import datetime
import logging

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums import signals
from forums import visibility
from forums.models import Concern
from portal import alert_mail
from portal import tasks
from portal.models import SentAlert
from portal.models import Subscription
from tests import factories
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.minutes_support import publish
from tests.session_support import fresh_login
from tests.submission_support import solved_proof_of_work

ADDRESS = "qytetari@example.org"


def subscribe(client, *, remote_addr: str = "127.0.0.1", **fields):
    """The form sent from a browser at `remote_addr`, its proof of work solved."""
    data = {"email": ADDRESS, "language": "en", "altcha": solved_proof_of_work(), **fields}
    return client.post(reverse("portal:subscribe"), data, REMOTE_ADDR=remote_addr)


def confirmed(email: str, *, language: str = "sq", **followed) -> Subscription:
    return Subscription.objects.create(
        email=email, language=language, confirmed_at=timezone.now(), **followed
    )


def schedule(forum, secretary, *, is_public: bool = True, capture, repeat: int = 1):
    with capture(execute=True):
        return services.schedule_meeting(
            forum=forum,
            by=secretary,
            starts_at=timezone.now() + datetime.timedelta(days=10),
            location="Salla e Kuvendit",
            is_public=is_public,
            repeat_monthly=repeat,
        )


# --- Asking and confirming ---------------------------------------------------------------------------


def test_asking_sends_a_confirmation_link_in_the_chosen_language_and_subscribes_nobody_yet(
    client, forum, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, follow=f"forum:{forum.slug}", language="en")

    assert "Check your inbox" in response.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.forum, subscription.is_confirmed) == (ADDRESS, forum, False)
    [message] = mailoutbox
    assert message.to == [ADDRESS]
    assert reverse("portal:subscribe_confirm", args=[subscription.token]) in message.body
    assert message.subject == f"Confirm your e-mail alerts about {forum.name}"


def test_a_municipality_may_be_followed_as_a_whole(client, forum, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, follow=f"municipality:{forum.municipality.slug}")

    subscription = Subscription.objects.get()
    assert (subscription.municipality, subscription.forum) == (forum.municipality, None)


def test_asking_for_an_address_already_confirmed_answers_the_same_and_sends_nothing(
    client, forum, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(ADDRESS, forum=forum)

    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, follow=f"forum:{forum.slug}")

    assert "Check your inbox" in response.content.decode()
    assert mailoutbox == []
    assert Subscription.objects.count() == 1


def test_one_address_gets_few_links_an_hour_however_many_ask(
    client, forum, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            subscribe(client, follow=f"forum:{forum.slug}", remote_addr=f"198.51.100.{n}")

    assert len(mailoutbox) == 3


def test_the_form_preselects_the_forum_of_the_link(client, forum):
    body = client.get(reverse("portal:subscribe"), {"forum": forum.slug}).content.decode()
    assert f'<option value="forum:{forum.slug}" selected>' in body


def test_a_wrong_address_shows_the_form_again(client, forum):
    response = subscribe(client, email="not-an-address", follow=f"forum:{forum.slug}")
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_a_filled_honeypot_is_refused_as_on_the_raise_form_and_nothing_is_stored(client, forum, mailoutbox):
    response = subscribe(client, follow=f"forum:{forum.slug}", website="x")
    assert response.status_code == 400
    assert "Leave this field empty" in response.content.decode()
    assert not Subscription.objects.exists()


def test_no_link_goes_out_without_a_solved_proof_of_work(client, forum, mailoutbox):
    response = subscribe(client, follow=f"forum:{forum.slug}", altcha="")
    assert response.status_code == 400
    assert "<altcha-widget" in response.content.decode()
    assert not Subscription.objects.exists()


def test_requests_past_the_limit_per_network_address_are_refused_for_the_hour(client, forum, settings):
    settings.SUBSCRIPTION_REQUESTS_PER_ADDRESS_PER_HOUR = 2
    for n in range(2):
        subscribe(
            client, email=f"person{n}@example.org", follow=f"forum:{forum.slug}", remote_addr="203.0.113.7"
        )

    refused = subscribe(
        client, email="third@example.org", follow=f"forum:{forum.slug}", remote_addr="203.0.113.7"
    )
    elsewhere = subscribe(
        client, email="fourth@example.org", follow=f"forum:{forum.slug}", remote_addr="198.51.100.1"
    )

    assert refused.status_code == 429
    assert elsewhere.status_code == 200
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "fourth@example.org",
        "person0@example.org",
        "person1@example.org",
    ]


def test_opening_the_confirmation_link_confirms_nothing_the_button_does(client, forum):
    subscription = Subscription.objects.create(email=ADDRESS, forum=forum, language="sq")
    link = reverse("portal:subscribe_confirm", args=[subscription.token])

    page = client.get(link)
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    assert "Yes, send me these e-mails" in page.content.decode()
    assert page["Cache-Control"] == "no-store"

    client.post(link)
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_an_expired_confirmation_link_confirms_nothing(client, forum, settings):
    subscription = Subscription.objects.create(
        email=ADDRESS,
        forum=forum,
        language="sq",
        created_at=timezone.now() - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS + 1),
    )

    response = client.post(reverse("portal:subscribe_confirm", args=[subscription.token]))

    assert "no longer valid" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_unconfirmed_addresses_are_erased_after_the_days_set(forum, settings):
    old = timezone.now() - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS, hours=1)
    Subscription.objects.create(email="old@example.org", forum=forum, language="sq", created_at=old)
    kept_new = Subscription.objects.create(email="new@example.org", forum=forum, language="sq")
    kept_confirmed = Subscription.objects.create(
        email="yes@example.org", forum=forum, language="sq", created_at=old, confirmed_at=old
    )

    assert tasks.erase_unconfirmed_subscriptions() == 1
    assert set(Subscription.objects.all()) == {kept_new, kept_confirmed}


def test_beat_erases_unconfirmed_addresses_daily():
    task = settings.CELERY_BEAT_SCHEDULE["erase-unconfirmed-subscriptions"]["task"]
    assert task == "portal.tasks.erase_unconfirmed_subscriptions"


# --- Alerts ------------------------------------------------------------------------------------------


def test_a_public_meeting_scheduled_is_told_to_confirmed_followers_of_the_forum_or_its_municipality(
    forum, other_forum, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("forum@example.org", forum=forum, language="en")
    confirmed("municipality@example.org", municipality=forum.municipality, language="en")
    confirmed("elsewhere@example.org", forum=other_forum)
    Subscription.objects.create(email="unconfirmed@example.org", forum=forum, language="sq")

    schedule(forum, secretary, capture=django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "forum@example.org",
        "municipality@example.org",
    ]
    message = mailoutbox[0]
    assert message.subject == f"{forum.name}: a public meeting is scheduled"
    assert "Salla e Kuvendit" in message.body


def test_a_closed_meeting_is_told_to_nobody(forum, secretary, mailoutbox, django_capture_on_commit_callbacks):
    confirmed("forum@example.org", forum=forum)

    schedule(forum, secretary, is_public=False, capture=django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_a_monthly_series_is_one_alert_listing_its_dates(
    forum, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("forum@example.org", forum=forum, language="en")

    meetings = schedule(forum, secretary, repeat=3, capture=django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.subject == f"{forum.name}: 3 public meetings are scheduled"
    assert message.body.count("Salla e Kuvendit") == len(meetings)


def test_an_alert_is_in_the_subscribers_language_with_one_click_unsubscribe_headers(
    forum, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    subscription = confirmed("forum@example.org", forum=forum, language="sr-latn")

    schedule(forum, secretary, capture=django_capture_on_commit_callbacks)

    [message] = mailoutbox
    link = f"{settings.SITE_URL}/sr-latn/unsubscribe/{subscription.token}/"
    assert message.extra_headers == {
        "List-Unsubscribe": f"<{link.replace('/sr-latn', '')}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert link in message.body
    assert "/sr-latn/meetings/" in message.body


def test_published_minutes_are_told_once_with_links_to_them_and_to_the_survey_and_no_text_of_them(
    forum, secretary, chair, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("forum@example.org", forum=forum, language="en")
    meeting = past_meeting(forum)
    minutes = publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="TEKSTI I PROCESVERBALIT"),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )

    [message] = mailoutbox
    assert message.subject == f"{forum.name}: minutes of meeting {meeting.number} published"
    assert reverse("portal:minutes_detail", args=[meeting.pk]) in message.body
    assert reverse("portal:feedback", args=[meeting.pk]) in message.body
    assert "TEKSTI I PROCESVERBALIT" not in message.body + message.alternatives[0][0]

    # A correction (version 2) tells nobody again.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signals.minutes_published.send(sender=None, minutes_id=minutes.pk, version_number=2)
    assert mailoutbox == []


def test_an_alert_of_minutes_holding_a_restricted_concern_carries_none_of_its_text(
    forum, secretary, chair, restricted_category, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("forum@example.org", forum=forum, language="en")
    meeting = past_meeting(forum)
    factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        summary="MRKALERTSUMMARY",
        details="MRKALERTDETAILS",
        neighbourhood="MRKALERTHOOD",
    )
    publish(
        approved_minutes(meeting, secretary=secretary, chair=chair, narrative="U diskutua."),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )

    [message] = mailoutbox
    sent = message.subject + message.body + message.alternatives[0][0]
    assert "MRKALERT" not in sent
    assert reverse("portal:minutes_detail", args=[meeting.pk]) in sent


def upcoming_with_agenda(forum, *titles: str):
    meeting = factories.MeetingFactory(
        forum=forum, number=5, starts_at=timezone.now() + datetime.timedelta(days=12), location="Salla"
    )
    for title in titles:
        factories.AgendaItemFactory(meeting=meeting, title=title)
    return meeting


def test_publishing_the_agenda_tells_followers_with_a_link_to_the_meeting_page_never_its_titles(
    forum, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("forum@example.org", forum=forum, language="en")
    meeting = upcoming_with_agenda(forum, "Ndriçimi në rrugën e shkollës")

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, by=secretary)

    [message] = mailoutbox
    assert message.subject == f"{forum.name}: the agenda of the next meeting is out"
    assert f"{settings.SITE_URL}{reverse('portal:meeting_detail', args=[meeting.pk])}" in message.body
    assert "Ndriçimi" not in message.body + message.alternatives[0][0]


def test_an_agenda_the_privacy_gate_took_off_the_public_pages_is_told_to_nobody(
    forum, secretary, category, mailoutbox, django_capture_on_commit_callbacks
):
    """A record restricted between publishing and the alert's task: the agenda holds its words."""
    confirmed("forum@example.org", forum=forum, language="en")
    meeting = upcoming_with_agenda(forum, "Vjedhjet në Rrugën B")
    copied = factories.ConcernFactory(meeting=meeting, category=category, summary="Vjedhjet në Rrugën B")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.publish_agenda(meeting=meeting, by=secretary)
    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)

    for callback in queued:
        callback()

    assert mailoutbox == []


def test_alerts_go_in_batches_and_a_retried_batch_sends_nobody_twice(
    forum, secretary, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.ALERT_BATCH_SIZE = 2
    followers = [confirmed(f"f{n}@example.org", forum=forum) for n in range(5)]
    meeting = factories.MeetingFactory(forum=forum, number=7)

    assert tasks.queue_alert(alert_mail.SCHEDULED, [meeting.pk]) == 3
    assert len(mailoutbox) == 5
    assert (
        tasks.send_alert_batch(alert_mail.SCHEDULED, [meeting.pk], forum.pk, [f.pk for f in followers]) == 0
    )
    assert len(mailoutbox) == 5
    assert SentAlert.objects.count() == 5


def test_a_batch_skips_whoever_left_or_was_never_confirmed_since_it_was_queued(forum, mailoutbox):
    meeting = factories.MeetingFactory(forum=forum, number=7)
    stays = confirmed("stays@example.org", forum=forum)
    leaves = confirmed("leaves@example.org", forum=forum)
    pending = Subscription.objects.create(email="pending@example.org", forum=forum, language="sq")
    ids = [stays.pk, leaves.pk, pending.pk]
    leaves.delete()

    tasks.send_alert_batch(alert_mail.SCHEDULED, [meeting.pk], forum.pk, ids)

    assert [message.to for message in mailoutbox] == [["stays@example.org"]]


def test_an_address_never_reaches_the_log(
    client, forum, secretary, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, follow=f"forum:{forum.slug}")
    subscription = Subscription.objects.get()
    client.post(reverse("portal:subscribe_confirm", args=[subscription.token]))
    schedule(forum, secretary, capture=django_capture_on_commit_callbacks)
    client.post(reverse("portal:unsubscribe", args=[subscription.token]))

    assert len(mail.outbox) == 2
    assert ADDRESS not in caplog.text
    assert ADDRESS not in str(subscription)


# --- Leaving -----------------------------------------------------------------------------------------


def test_the_unsubscribe_link_shows_a_button_and_never_the_address(client, forum):
    subscription = confirmed(ADDRESS, forum=forum)

    body = client.get(reverse("portal:unsubscribe", args=[subscription.token])).content.decode()

    assert "Stop these e-mails" in body
    assert ADDRESS not in body
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_one_click_leaves_and_erases_the_address_without_a_csrf_token(forum):
    from django.test import Client

    subscription = confirmed(ADDRESS, forum=forum)
    SentAlert.objects.create(subscription=subscription, key="scheduled:1")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("portal:unsubscribe", args=[subscription.token]), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert "your address has been erased" in response.content.decode()
    assert not Subscription.objects.filter(email=ADDRESS).exists()
    assert not SentAlert.objects.exists()


def test_an_unknown_unsubscribe_link_says_there_is_nothing_to_end(client, db):
    response = client.post(reverse("portal:unsubscribe", args=["no-such-token"]))
    assert "There is no subscription with this link" in response.content.decode()


# --- The administrator sees counts ---------------------------------------------------------------------


def test_the_admin_sees_counts_never_addresses(client, admin_user, forum):
    confirmed(ADDRESS, forum=forum)
    Subscription.objects.create(email="waiting@example.org", municipality=forum.municipality, language="sq")
    fresh_login(client, admin_user)

    body = client.get(reverse("admin:portal_subscription_changelist")).content.decode()

    assert "Confirmed: 1. Waiting for confirmation: 1." in body
    assert ADDRESS not in body and "waiting@example.org" not in body
    assert client.get(
        f"/admin/portal/subscription/{Subscription.objects.first().pk}/change/"
    ).status_code in (
        302,
        404,
    )


# --- The per-forum feed --------------------------------------------------------------------------------


def test_the_forum_feed_lists_only_that_forums_minutes(
    client, forum, other_forum, secretary, outsider, chair, django_capture_on_commit_callbacks
):
    ours = publish(
        approved_minutes(past_meeting(forum), secretary=secretary, chair=chair),
        by=secretary,
        capture=django_capture_on_commit_callbacks,
    )
    other_chair = factories.UserFactory(username="other-chair")
    factories.MembershipFactory(user=other_chair, forum=other_forum, role="chair")
    theirs = publish(
        approved_minutes(past_meeting(other_forum), secretary=outsider, chair=other_chair),
        by=outsider,
        capture=django_capture_on_commit_callbacks,
    )

    body = client.get(reverse("portal:forum_minutes_feed", args=[forum.slug])).content.decode()

    assert f"minutes:{ours.meeting_id}:v1" in body
    assert f"minutes:{theirs.meeting_id}:v1" not in body
    assert forum.name in body
    forum.active = False
    forum.save()
    assert client.get(reverse("portal:forum_minutes_feed", args=[forum.slug])).status_code == 404
