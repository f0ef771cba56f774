"""Atom feed of published minutes: one entry per published version, in the reader's language."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum_site.lib.links import absolute_url
from forums.models import Forum
from forums.models import MinutesVersion
from portal.queries import language_rank

FEED_LENGTH = 20


class LatestMinutesFeed(Feed):
    """Newest published minutes versions of public meetings; no text beyond title and place."""

    feed_type = Atom1Feed
    title = gettext_lazy("Published minutes of the community safety forums")
    subtitle = gettext_lazy("New and corrected minutes of public forum meetings.")

    # Absolute links from SITE_URL: Django would complete relative ones with the Sites table's domain.
    def link(self):
        return absolute_url(reverse("portal:minutes_list"))

    def feed_url(self):
        return absolute_url(reverse("portal:minutes_feed"))

    def versions(self, forum: Forum | None):
        """Versions the public may read, of one forum's minutes when it is given."""
        versions = MinutesVersion.objects.filter(
            minutes__meeting__is_public=True,
            minutes__meeting__forum__active=True,
            withdrawn_at__isnull=True,
        )
        return versions.filter(minutes__meeting__forum=forum) if forum is not None else versions

    def items(self, forum: Forum | None = None):
        wanted = translation.get_language()
        rows = (
            self.versions(forum)
            .select_related("minutes__meeting__forum__municipality")
            .only(
                "number",
                "language",
                "published_at",
                "sha256",
                "minutes__meeting__number",
                "minutes__meeting__starts_at",
                "minutes__meeting__location",
                "minutes__meeting__location_sr",
                "minutes__meeting__location_tr",
                "minutes__meeting__forum__name_sq",
                "minutes__meeting__forum__name_sr",
                "minutes__meeting__forum__name_tr",
                "minutes__meeting__forum__slug",
                "minutes__meeting__forum__municipality__languages",
                "minutes__meeting__forum__municipality__name_sq",
                "minutes__meeting__forum__municipality__name_sr",
                "minutes__meeting__forum__municipality__name_tr",
            )
            .order_by("-published_at", "-pk")[: FEED_LENGTH * 6]
        )
        # One entry per (minutes, version): the reader's language if published in it, else the first.
        chosen: dict[tuple[int, int], MinutesVersion] = {}
        for version in rows:
            key = (version.minutes_id, version.number)
            codes = version.minutes.meeting.forum.municipality.document_languages
            current = chosen.get(key)
            if current is None or _rank(version, wanted, codes) < _rank(current, wanted, codes):
                chosen[key] = version
        return list(chosen.values())[:FEED_LENGTH]

    def item_title(self, item: MinutesVersion) -> str:
        meeting = item.minutes.meeting
        return _("%(forum)s — minutes of meeting %(number)s (version %(version)s)") % {
            "forum": meeting.forum.name,
            "number": meeting.number,
            "version": item.number,
        }

    def item_description(self, item: MinutesVersion) -> str:
        meeting = item.minutes.meeting
        return _("Meeting of %(date)s in %(place)s, %(municipality)s.") % {
            "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
            "place": meeting.local_location,
            "municipality": meeting.forum.municipality.name,
        }

    def item_link(self, item: MinutesVersion) -> str:
        return absolute_url(reverse("portal:minutes_detail", args=[item.minutes.meeting_id]))

    def item_guid(self, item: MinutesVersion) -> str:
        # A version never changes, so its entry id is fixed: an URN needs no domain name.
        return f"urn:community-safety-forums:minutes:{item.minutes.meeting_id}:v{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: MinutesVersion):
        return item.published_at

    def item_updateddate(self, item: MinutesVersion):
        return item.published_at


def _rank(version: MinutesVersion, wanted: str, codes: list[str]) -> tuple[int, int]:
    first = codes.index(version.language) if version.language in codes else len(codes)
    return (language_rank(version.language, wanted), first)


class ForumMinutesFeed(LatestMinutesFeed):
    """The same feed for one active forum: `/feeds/minutes/<forum slug>/`."""

    def get_object(self, request, slug: str) -> Forum:
        return get_object_or_404(Forum, slug=slug, active=True)

    def title(self, forum: Forum) -> str:
        return _("Published minutes of %(forum)s") % {"forum": forum.name}

    def subtitle(self, forum: Forum) -> str:
        return _("New and corrected minutes of the public meetings of %(forum)s, %(municipality)s.") % {
            "forum": forum.name,
            "municipality": forum.municipality.name,
        }

    def link(self, forum: Forum) -> str:
        return absolute_url(f"{reverse('portal:minutes_list')}?forum={forum.pk}")

    def feed_url(self, forum: Forum) -> str:
        return absolute_url(reverse("portal:forum_minutes_feed", args=[forum.slug]))
