"""Admin for council secretaries: each secretary sees and edits only the councils they are named
on; adjust/publish/correct go through councils.services (with their checks and audit)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils import personnummer, services
from councils.models import (
    AgendaItem,
    Attachment,
    Council,
    CouncilMember,
    Decision,
    Meeting,
    Minutes,
    MinutesVersion,
    Subscription,
)
from councils.search import reindex_meeting
from portal.permissions import is_council_secretary


def _councils_for(user):
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(secretaries=user)


class SecretaryInlinePermissions:
    """Inlines on a parent the user may edit (the parent's queryset is already scoped)."""

    def _ok(self, request, obj=None):
        return request.user.is_superuser or is_council_secretary(request.user)

    def has_view_permission(self, request, obj=None):
        return self._ok(request)

    def has_change_permission(self, request, obj=None):
        return self._ok(request)

    def has_add_permission(self, request, obj=None):
        return self._ok(request)

    def has_delete_permission(self, request, obj=None):
        return self._ok(request) and getattr(self, "can_delete", True)


def _published(meeting) -> bool:
    minutes = getattr(meeting, "minutes", None) if meeting is not None and meeting.pk else None
    return minutes is not None and minutes.is_published


class PersonalNumberCheckForm(forms.ModelForm):
    """Text that is public already (the notice is out) may not gain a personal number."""

    checked_fields = ("title", "description")

    def _meeting(self):
        return getattr(self.instance, "meeting", None) if self.instance.meeting_id else None

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting") or self._meeting()
        if meeting is not None and meeting.notice_published:
            texts = [str(data.get(name) or "") for name in self.checked_fields]
            upload = data.get("file")
            if upload is not None and not getattr(upload, "_committed", True):
                from councils.pdf import extract_text

                texts.append(extract_text(upload))
            if any(personnummer.find(text) for text in texts):
                raise ValidationError(
                    _("This is public already and contains what looks like a personal identity "
                      "number. Remove it.")
                )  # fmt: skip
        return data


class SecretaryScopedAdmin(admin.ModelAdmin):
    """Limits the queryset (and thus change/delete) to the user's councils."""

    council_path = "council"

    def has_module_permission(self, request):
        return request.user.is_superuser or is_council_secretary(request.user)

    def _ok(self, request):
        return request.user.is_superuser or is_council_secretary(request.user)

    def has_view_permission(self, request, obj=None):
        return self._ok(request)

    def has_change_permission(self, request, obj=None):
        return self._ok(request)

    def has_add_permission(self, request, *args):
        return self._ok(request)

    def has_delete_permission(self, request, obj=None):
        return self._ok(request)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.council_path}__secretaries": request.user}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "council":
            kwargs["queryset"] = _councils_for(request.user)
        if db_field.name == "meeting":
            kwargs["queryset"] = Meeting.objects.filter(
                council__in=_councils_for(request.user)
            ).select_related("council")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Council)
class CouncilAdmin(SecretaryScopedAdmin):
    council_path = "pk__in"
    list_display = ["name", "kind", "originals_kept_at"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["secretaries"]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if request.user.is_superuser else qs.filter(secretaries=request.user)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["secretaries", "slug"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(SecretaryScopedAdmin):
    list_display = ["name", "council", "role", "sector", "organisation", "start", "end"]
    list_filter = ["council", "sector", "role"]
    search_fields = ["name", "organisation"]
    list_select_related = ["council"]


class LockedWhenPublished(SecretaryInlinePermissions):
    """After publication the agenda, decisions and attachments are the public record: they are
    read-only here; the minutes are corrected with a recorded version instead."""

    def _parent_meeting(self, obj):
        return obj if isinstance(obj, Meeting) else getattr(obj, "meeting", None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _published(
            self._parent_meeting(obj)
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _published(
            self._parent_meeting(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _published(
            self._parent_meeting(obj)
        )


class AgendaItemInline(LockedWhenPublished, admin.TabularInline):
    model = AgendaItem
    form = PersonalNumberCheckForm
    extra = 1
    fields = ["number", "order", "title", "diarienummer", "sector", "description"]
    show_change_link = True


class MinutesInline(SecretaryInlinePermissions, admin.StackedInline):
    model = Minutes
    extra = 1
    max_num = 1
    fields = ["body", "original_kept_at", "status", "adjusters", "adjusted_on", "published_at"]
    readonly_fields = ["status", "adjusters", "adjusted_on", "published_at"]
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        minutes = getattr(obj, "minutes", None) if obj else None
        if minutes is not None and minutes.status != Minutes.Status.DRAFT:
            return [*self.readonly_fields, "body", "original_kept_at"]
        return self.readonly_fields


class AttachmentForm(PersonalNumberCheckForm):
    checked_fields = ("title",)


class AttachmentInline(LockedWhenPublished, admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["title", "item", "file", "size"]
    readonly_fields = ["size"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AdjustForm(forms.Form):
    adjusters = forms.CharField(label=gettext_lazy("Adjusters (justerare)"), max_length=250)
    adjusted_on = forms.DateField(label=gettext_lazy("Adjusted on"), required=False)


class PublishForm(forms.Form):
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for publishing despite a personal number (only if needed)"),
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class CorrectForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Corrected minutes"), widget=forms.Textarea)
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), max_length=500)


@admin.register(Meeting)
class MeetingAdmin(SecretaryScopedAdmin):
    list_display = ["__str__", "date", "start_time", "status", "notice_published", "minutes_status"]
    list_filter = ["council", "status", "notice_published", "minutes__status"]
    search_fields = ["place", "items__title", "items__diarienummer"]
    list_select_related = ["council", "minutes"]
    date_hierarchy = "date"
    fields = ["council", "date", "start_time", "end_time", "place", "online_url", "status"]
    inlines = [AgendaItemInline, MinutesInline, AttachmentInline]
    actions = ["publish_notice_action", "publish_minutes_action", "cancel_action"]
    change_form_template = "admin/councils/meeting/change_form.html"

    @admin.display(description=gettext_lazy("Minutes"))
    def minutes_status(self, obj):
        minutes = getattr(obj, "minutes", None)
        return minutes.get_status_display() if minutes else "–"

    def save_model(self, request, obj, form, change):
        moved = {"date", "start_time", "end_time", "place", "online_url", "status"} & set(
            form.changed_data
        )
        if change and obj.notice_published and moved:
            obj.ics_sequence += 1  # calendars replace the event they already have
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reindex_meeting(form.instance)

    def get_urls(self):
        urls = [
            path("<int:pk>/justera/", self.admin_site.admin_view(self.adjust_view), name="councils_meeting_adjust"),
            path("<int:pk>/publicera/", self.admin_site.admin_view(self.publish_view), name="councils_meeting_publish"),
            path("<int:pk>/ratta/", self.admin_site.admin_view(self.correct_view), name="councils_meeting_correct"),
            path("<int:pk>/forhandsvisning/", self.admin_site.admin_view(self.preview_view), name="councils_meeting_preview"),
        ]  # fmt: skip
        return urls + super().get_urls()

    def _minutes(self, request, pk):
        meeting = self.get_queryset(request).filter(pk=pk).first()
        if meeting is None or not hasattr(meeting, "minutes"):
            raise PermissionDenied
        return meeting, meeting.minutes

    def _step(self, request, pk, form_class, title, run, initial=None):
        meeting, minutes = self._minutes(request, pk)
        form = form_class(request.POST if request.method == "POST" else None, initial=initial or {})
        if request.method == "POST" and form.is_valid():
            try:
                run(minutes, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, _("Done: %(title)s.") % {"title": title}, messages.SUCCESS
                )
                return redirect(reverse("admin:councils_meeting_change", args=[meeting.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {meeting}",
            "form": form,
            "meeting": meeting,
            "minutes": minutes,
            "opts": self.model._meta,
        }
        return render(request, "admin/councils/meeting/step.html", context)

    def preview_view(self, request, pk):
        """The public meeting page as it will look, draft minutes included (not public)."""
        from councils.views import meeting_context

        meeting, minutes = self._minutes(request, pk)
        return render(
            request, "councils/meeting.html", meeting_context(meeting, minutes, preview=True)
        )

    def adjust_view(self, request, pk):
        return self._step(
            request, pk, AdjustForm, _("Adjust the minutes"),
            lambda m, d: services.adjust(m, by=request.user, adjusters=d["adjusters"],
                                         adjusted_on=d.get("adjusted_on")),
        )  # fmt: skip

    def publish_view(self, request, pk):
        return self._step(
            request, pk, PublishForm, _("Publish the minutes"),
            lambda m, d: services.publish(m, by=request.user, override_reason=d["override_reason"]),
        )  # fmt: skip

    def correct_view(self, request, pk):
        meeting, minutes = self._minutes(request, pk)
        return self._step(
            request, pk, CorrectForm, _("Correct the published minutes"),
            lambda m, d: services.correct(m, by=request.user, body=d["body"], reason=d["reason"]),
            initial={"body": minutes.body},
        )  # fmt: skip

    @admin.action(description=gettext_lazy("Publish the notice (kallelse) with the agenda"))
    def publish_notice_action(self, request, queryset):
        self._run(request, queryset, services.publish_notice)

    @admin.action(description=gettext_lazy("Publish the adjusted minutes (with the checks)"))
    def publish_minutes_action(self, request, queryset):
        def publish(meeting, by):
            minutes = getattr(meeting, "minutes", None)
            if minutes is None:
                raise ValidationError(_("There are no minutes yet."))
            services.publish(minutes, by=by)

        self._run(request, queryset.select_related("minutes"), publish)

    @admin.action(description=gettext_lazy("Cancel the meeting"))
    def cancel_action(self, request, queryset):
        self._run(request, queryset, services.cancel)

    def _run(self, request, queryset, service):
        done = 0
        for meeting in queryset.select_related("council"):
            try:
                service(meeting, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    f"{meeting}: {'; '.join(getattr(error, 'messages', [str(error)]))}",
                    messages.ERROR,
                )
        if done:
            self.message_user(
                request, _("%(count)d meetings updated.") % {"count": done}, messages.SUCCESS
            )


class DecisionInline(LockedWhenPublished, admin.StackedInline):
    model = Decision
    extra = 1
    max_num = 1


class ItemAttachmentInline(LockedWhenPublished, admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["title", "meeting", "file", "size"]
    readonly_fields = ["size"]


class MeetingRecordAdmin(SecretaryScopedAdmin):
    """A part of a meeting's record: read-only here once the meeting's minutes are published."""

    council_path = "meeting__council"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _published(
            getattr(obj, "meeting", None)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _published(
            getattr(obj, "meeting", None)
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(MeetingRecordAdmin):
    list_display = ["__str__", "meeting", "diarienummer"]
    list_filter = ["meeting__council"]
    search_fields = ["title", "diarienummer"]
    list_select_related = ["meeting__council"]
    fields = ["meeting", "number", "order", "title", "description", "diarienummer", "sector"]
    inlines = [DecisionInline]
    form = PersonalNumberCheckForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reindex_meeting(form.instance.meeting)


@admin.register(Attachment)
class AttachmentAdmin(MeetingRecordAdmin):
    list_display = ["title", "meeting", "item", "size"]
    list_select_related = ["meeting__council", "item"]
    search_fields = ["title"]
    fields = ["meeting", "item", "title", "file", "size"]
    readonly_fields = ["size"]
    form = AttachmentForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reindex_meeting(obj.meeting)


@admin.register(Minutes)
class MinutesAdmin(SecretaryScopedAdmin):
    council_path = "meeting__council"
    list_display = ["__str__", "status", "adjusted_on", "published_at"]
    list_filter = ["status", "meeting__council"]
    list_select_related = ["meeting__council"]
    readonly_fields = [
        "status",
        "adjusters",
        "adjusted_on",
        "published_at",
        "personal_number_override",
    ]

    def has_add_permission(self, request, *args):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Minutes.Status.DRAFT:
            return [*self.readonly_fields, "meeting", "body", "original_kept_at"]
        return self.readonly_fields


@admin.register(MinutesVersion)
class MinutesVersionAdmin(SecretaryScopedAdmin):
    council_path = "minutes__meeting__council"
    list_display = ["__str__", "created_at", "reason"]
    list_select_related = ["minutes__meeting__council"]
    readonly_fields = ["minutes", "number", "previous_body", "reason", "created_at", "created_by"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "council", "confirmed_at", "created_at"]
    list_filter = ["council"]
    search_fields = ["email"]
    list_select_related = ["council"]
