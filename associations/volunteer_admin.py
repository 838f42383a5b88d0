"""Volunteer brokering in the admin."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from associations import volunteer_services as services
from associations.models import Application, Assignment, Invitation, Skill, VolunteerProfile


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


class UnansweredFilter(admin.SimpleListFilter):
    title = _("answer guarantee")
    parameter_name = "unanswered"

    def lookups(self, request, model_admin):
        return [("yes", _("unanswered for 5 days"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.unanswered()
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "association", "status", "needs_approval", "places", "apply_by"]
    list_filter = ["status", "needs_approval", "close_reason", "is_remote", "category", "district"]
    search_fields = ["title", "association__name"]
    list_select_related = ["association"]
    raw_id_fields = ["association", "contact_person", "created_by"]
    filter_horizontal = ["skills"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    actions = ["approve", "unpublish"]

    @admin.action(description=_("Approve (first assignment of a new association)"))
    def approve(self, request, queryset):
        for assignment in queryset:
            try:
                services.approve_assignment(assignment, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{assignment}: {exc.messages[0]}", messages.WARNING)

    @admin.action(description=_("Unpublish (reason: breaks the portal's rules)"))
    def unpublish(self, request, queryset):
        for assignment in queryset:
            services.unpublish_assignment(
                assignment, by=request.user, reason=str(_("Breaks the portal's rules."))
            )


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "contactable", "last_active"]
    list_filter = ["contactable"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    exclude = ["calendar_token"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["assignment", "volunteer", "status", "created_at", "reminder_sent_at"]
    list_filter = [UnansweredFilter, "status", "anonymised"]
    search_fields = ["assignment__title", "volunteer__email"]
    list_select_related = ["assignment", "volunteer"]
    raw_id_fields = ["assignment", "volunteer"]
    readonly_fields = ["answered_at", "reminder_sent_at", "association_notified_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["assignment", "volunteer", "invited_by", "created_at", "sent_at"]
    search_fields = ["assignment__title", "volunteer__email"]
    list_select_related = ["assignment", "volunteer", "invited_by"]
    raw_id_fields = ["assignment", "volunteer", "invited_by"]
    readonly_fields = ["sent_at"]
