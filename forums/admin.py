from django.contrib import admin
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from forum_site.lib import reauth
from forums import retention
from forums.errors import ForumError
from forums.invitations import send_invitation
from forums.minutes.views import version_file_response
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import Municipality
from forums.models import RestrictedAccess


class ForumInline(admin.TabularInline):
    model = Forum
    extra = 0
    prepopulated_fields = {"slug": ("name_sq",)}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "name_tr", "slug", "languages"]
    search_fields = ["name_sq", "name_sr", "name_tr"]
    prepopulated_fields = {"slug": ("name_sq",)}
    inlines = [ForumInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "name_tr", "municipality", "kind", "quorum", "active"]
    list_filter = ["kind", "active", "municipality"]
    search_fields = [
        "name_sq",
        "name_sr",
        "name_tr",
        "area",
        "municipality__name_sq",
        "municipality__name_sr",
    ]
    prepopulated_fields = {"slug": ("name_sq",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "forum", "role", "institution", "active"]
    list_filter = ["role", "institution", "active", "forum__municipality"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "forum__name_sq", "forum__name_sr"]
    autocomplete_fields = ["user", "forum"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "discussion"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_at", "location", "status", "is_public"]
    list_filter = ["status", "is_public", "forum__kind", "forum__municipality"]
    search_fields = ["location", "forum__name_sq", "forum__name_sr"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["members_present"]
    inlines = [AgendaItemInline]
    list_select_related = ["forum"]


@admin.register(ConcernCategory)
class ConcernCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "name_tr", "name_en", "restricted_by_default", "position"]
    list_editable = ["restricted_by_default", "position"]
    prepopulated_fields = {"slug": ("name_en",)}
    search_fields = ["name_sq", "name_sr", "name_tr", "name_en"]


class RestrictedReadsLogged:
    """Admin pages that show a record's text (its form, its history, a past version) log restricted reads.

    `restricted_parts(obj)` names what of the record to log: {"concern": …} or {"action": …}.
    """

    def restricted_parts(self, obj) -> dict:
        raise NotImplementedError

    def _record_read(self, request, object_id, response):
        if response.status_code != 200:
            return  # a redirect (saved, or refused) showed nothing
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is not None:
            retention.record_restricted_view(
                by=request.user, surface=RestrictedAccess.ADMIN, **self.restricted_parts(obj)
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_read(request, object_id, response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        # The history lists old and new values of every change.
        response = super().history_view(request, object_id, extra_context)
        self._record_read(request, object_id, response)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_read(request, object_id, response)
        return response


@admin.register(Concern)
class ConcernAdmin(RestrictedReadsLogged, SimpleHistoryAdmin):
    list_display = ["pk", "category", "meeting", "visibility", "status", "created_at", "details_erased_at"]
    list_filter = ["visibility", "status", "category", "source", "meeting__forum__municipality"]
    search_fields = ["summary"]
    raw_id_fields = ["meeting", "agenda_item", "escalated_to"]
    list_select_related = ["category", "meeting__forum"]
    actions = ["redact_details", "undo_redactions"]

    def restricted_parts(self, obj) -> dict:
        return {"concern": obj}

    @admin.action(description=_("Redact restricted details (can be undone for a limited time)"))
    def redact_details(self, request, queryset):
        # Erasing is sensitive: a stale session re-authenticates, then allauth replays this POST.
        reauth.require_recent_authentication(request)
        self._apply(
            request, queryset, lambda c: retention.redact_concern(concern=c, by=request.user, reason="admin")
        )

    @admin.action(description=_("Undo redaction"))
    def undo_redactions(self, request, queryset):
        self._apply(request, queryset, lambda c: retention.undo_redaction(concern=c, by=request.user))

    def _apply(self, request, queryset, change):
        for concern in queryset:
            try:
                change(concern)
            except ForumError as error:
                self.message_user(request, f"#{concern.pk}: {error.message}", messages.ERROR)


class MinutesVersionInline(admin.TabularInline):
    model = MinutesVersion
    extra = 0
    can_delete = False
    fields = ["number", "language", "sha256", "published_at", "withdrawn_at", "download"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("PDF"))
    def download(self, version: MinutesVersion) -> str:
        # Through the admin view below: media is never served by path, and withdrawn reads are logged.
        url = reverse("admin:forums_minutes_version_pdf", args=[version.pk])
        return format_html('<a href="{}">{}</a>', url, version.pdf.name.rsplit("/", 1)[-1])


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "status", "render_state", "approved_at"]
    list_filter = ["status", "render_state"]
    raw_id_fields = ["meeting"]
    inlines = [MinutesVersionInline]

    def get_urls(self):
        pdf = path(
            "version/<int:version_pk>/pdf/",
            self.admin_site.admin_view(self.version_pdf),
            name="forums_minutes_version_pdf",
        )
        return [pdf, *super().get_urls()]

    def version_pdf(self, request, version_pk: int):
        """Any version's PDF for administrators; reading a withdrawn one is written to the access log."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = get_object_or_404(MinutesVersion.objects.select_related("minutes__meeting"), pk=version_pk)
        if version.is_withdrawn:
            retention.record_withdrawn_version_read(version=version, by=request.user)
        return version_file_response(version)


class InvitationUserAdmin(UserAdmin):
    """Django's user admin, plus sending the set-password invitation."""

    actions = ["send_invitations"]

    @admin.action(description=_("Send an invitation e-mail with a set-password link"))
    def send_invitations(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_active=True):
            if user.email and not user.has_usable_password():
                send_invitation(user=user)
                sent += 1
        self.message_user(request, _("%(count)d invitation(s) sent.") % {"count": sent}, messages.SUCCESS)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), InvitationUserAdmin)


@admin.register(RestrictedAccess)
class RestrictedAccessAdmin(admin.ModelAdmin):
    """Who was shown which restricted record, where and when; nobody may add, change or delete it."""

    list_display = ["accessed_at", "user", "surface", "forum", "concern", "action_id", "rows"]
    list_filter = ["surface", "forum__municipality", "forum"]
    search_fields = ["user__email"]
    raw_id_fields = ["concern", "user", "forum"]
    date_hierarchy = "accessed_at"
    list_select_related = ["user", "forum", "concern__category"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Also removes the "delete selected" bulk action: an access log one can prune proves nothing.
        return False
