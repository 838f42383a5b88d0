from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AuditEvent,
    CoordinatorDigest,
    KeyFigureReminder,
    KeyFigureReport,
    ReportRun,
    TaskFailure,
    Term,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["display_name", "preferred_language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "object_label", "from_state", "to_state", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_label", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["created_at", "task_name", "task_id"]
    readonly_fields = ["created_at", "task_name", "task_id", "args", "error"]

    def has_add_permission(self, request):
        return False


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "half", "window_opens", "window_closes"]
    list_filter = ["half", "year"]


@admin.register(KeyFigureReport)
class KeyFigureReportAdmin(admin.ModelAdmin):
    list_display = [
        "term",
        "sector",
        "association",
        "employed_with_support",
        "placements",
        "employees_total",
        "reported_at",
    ]
    list_filter = ["term", "sector"]
    search_fields = ["association__name"]
    list_select_related = ["term", "association"]
    raw_id_fields = ["association", "reported_by"]


@admin.register(KeyFigureReminder)
class KeyFigureReminderAdmin(admin.ModelAdmin):
    list_display = ["term", "association", "sent_at"]
    list_filter = ["term"]
    list_select_related = ["term", "association"]
    search_fields = ["association__name"]
    raw_id_fields = ["association"]


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "period_start", "period_end", "status", "progress", "created_at"]
    list_filter = ["kind", "status", "scheduled"]
    list_select_related = ["requested_by"]
    readonly_fields = ["csv_file", "pdf_file", "error", "started_at", "finished_at", "emailed_at"]
    raw_id_fields = ["requested_by"]
    actions = ["run_again"]

    @admin.action(description=_("Run the selected reports again"))
    def run_again(self, request, queryset):
        from portal.reports.services import request_report

        for run in queryset:
            request_report(
                kind=run.kind,
                period_start=run.period_start,
                period_end=run.period_end,
                by=request.user,
            )
        self.message_user(request, _("%(n)d reports were started.") % {"n": queryset.count()})


@admin.register(CoordinatorDigest)
class CoordinatorDigestAdmin(admin.ModelAdmin):
    list_display = ["week_start", "sent_at"]
