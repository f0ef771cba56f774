from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from forums.models import (
    AgendaItem,
    Concern,
    ConcernCategory,
    Forum,
    Meeting,
    Membership,
    Minutes,
    MinutesVersion,
    Municipality,
)


class ForumInline(admin.TabularInline):
    model = Forum
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "slug", "languages"]
    search_fields = ["name_sq", "name_sr"]
    prepopulated_fields = {"slug": ("name_sq",)}
    inlines = [ForumInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "quorum", "active"]
    list_filter = ["kind", "active", "municipality"]
    search_fields = ["name", "area", "municipality__name_sq", "municipality__name_sr"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "forum", "role", "institution", "active"]
    list_filter = ["role", "institution", "active", "forum__municipality"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "forum__name"]
    autocomplete_fields = ["user", "forum"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "discussion"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_at", "location", "status", "is_public"]
    list_filter = ["status", "is_public", "forum__kind", "forum__municipality"]
    search_fields = ["location", "forum__name"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["members_present"]
    inlines = [AgendaItemInline]
    list_select_related = ["forum"]


@admin.register(ConcernCategory)
class ConcernCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "name_en", "restricted_by_default", "position"]
    list_editable = ["restricted_by_default", "position"]
    prepopulated_fields = {"slug": ("name_en",)}
    search_fields = ["name_sq", "name_sr", "name_en"]


@admin.register(Concern)
class ConcernAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "category", "meeting", "visibility", "status", "created_at"]
    list_filter = ["visibility", "status", "category", "source", "meeting__forum__municipality"]
    search_fields = ["summary", "neighbourhood"]
    raw_id_fields = ["meeting", "agenda_item", "escalated_to"]
    list_select_related = ["category", "meeting__forum"]


class MinutesVersionInline(admin.TabularInline):
    model = MinutesVersion
    extra = 0
    can_delete = False
    fields = ["number", "language", "sha256", "published_at", "pdf"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "status", "render_state", "approved_at"]
    list_filter = ["status", "render_state"]
    raw_id_fields = ["meeting"]
    inlines = [MinutesVersionInline]
