from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from actions import services
from actions.models import Action
from actions.models import ActionUpdate
from actions.models import ResponsibleBody
from forums.admin import RestrictedReadsLogged


@admin.register(ResponsibleBody)
class ResponsibleBodyAdmin(admin.ModelAdmin):
    list_display = ["name_sq", "name_sr", "name_tr", "kind", "municipality", "handles_sensitive_cases"]
    list_filter = ["kind", "handles_sensitive_cases", "municipality"]
    search_fields = ["name_sq", "name_sr", "name_tr"]

    def save_model(self, request, obj, form, change):
        newly_sensitive = (
            change and obj.handles_sensitive_cases and "handles_sensitive_cases" in form.changed_data
        )
        if newly_sensitive:
            # Saved as before first: the service flags it and withdraws what its actions published.
            obj.handles_sensitive_cases = False
        super().save_model(request, obj, form, change)
        if newly_sensitive:
            services.mark_body_sensitive(body=obj, by=request.user)


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["created_at", "author", "note", "old_status", "new_status", "is_public"]
    raw_id_fields = ["author"]


@admin.register(Action)
class ActionAdmin(RestrictedReadsLogged, SimpleHistoryAdmin):
    list_display = ["listed_title", "responsible_body", "assignee", "due_date", "priority", "status"]
    list_filter = ["status", "priority", "responsible_body__kind", "meeting__forum__municipality"]
    search_fields = ["title", "description"]
    raw_id_fields = ["meeting", "concern", "assignee"]
    date_hierarchy = "due_date"
    inlines = [ActionUpdateInline]
    list_select_related = ["responsible_body", "assignee", "concern"]

    @admin.display(description=_("title"))
    def listed_title(self, action: Action) -> str:
        # The list is no form: a restricted action is named by number, its text read (and logged) inside.
        return str(action)

    def restricted_parts(self, action: Action) -> dict:
        return {"action": action, "concern": action.concern}
