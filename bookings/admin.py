from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bookings import services
from bookings.models import ACTIVE, Booking, FeedToken, Series, WaitingListEntry


class BookingAdminForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = [
            "resource", "association", "booked_by", "start", "end", "status", "purpose",
            "attendees", "series", "reason", "decided_by", "attended",
        ]  # fmt: skip

    def clean(self):
        """The overlap check, so a conflict is a form error (the save re-checks under the lock)."""
        data = super().clean()
        resource, start, end = data.get("resource"), data.get("start"), data.get("end")
        if resource and start and end and data.get("status") in ACTIVE:
            if end <= start:
                raise ValidationError(_("The booking must end after it starts."))
            block_start, block_end = start - resource.buffer_before, end + resource.buffer_after
            blocks = services.busy_blocks(
                resource, block_start, block_end, exclude_pk=self.instance.pk
            )
            if not services.is_free(resource, block_start, block_end, blocks):
                raise services._conflict(resource, start, end, exclude_pk=self.instance.pk)
        return data


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    form = BookingAdminForm
    list_display = ["resource", "start", "end", "association", "status", "created_at", "attended"]
    list_filter = ["status", "resource__venue", "resource__kind", "start"]
    list_select_related = ["resource__venue", "association"]
    search_fields = ["purpose", "association__name", "resource__name"]
    date_hierarchy = "start"
    autocomplete_fields = ["association"]
    raw_id_fields = ["booked_by", "decided_by", "series"]
    readonly_fields = ["uid", "sequence", "price", "created_at"]
    actions = ["approve_selected", "reject_selected", "cancel_selected"]

    def save_model(self, request, obj, form, change):
        services.save_from_admin(obj, request.user)

    def changeform_view(self, request, *args, **kwargs):
        """A conflict found under the lock (a race the form's check missed) is a message."""
        try:
            return super().changeform_view(request, *args, **kwargs)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _act(self, request, queryset, func, done):
        count = 0
        for booking in queryset.select_related("resource"):
            try:
                func(booking, request.user, _("Decided in the admin"))
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                msgs = getattr(exc, "messages", [str(exc) or _("Not allowed.")])
                self.message_user(request, f"{booking}: {' '.join(msgs)}", messages.ERROR)
        if count:
            self.message_user(request, ngettext(done[0], done[1], count) % {"count": count})

    @admin.action(description=_("Approve selected requests"))
    def approve_selected(self, request, queryset):
        self._act(
            request,
            queryset,
            services.approve,
            ("%(count)s booking approved.", "%(count)s bookings approved."),
        )

    @admin.action(description=_("Reject selected requests"))
    def reject_selected(self, request, queryset):
        self._act(
            request,
            queryset,
            services.reject,
            ("%(count)s booking rejected.", "%(count)s bookings rejected."),
        )

    @admin.action(description=_("Cancel selected bookings"))
    def cancel_selected(self, request, queryset):
        self._act(
            request,
            queryset,
            services.cancel,
            ("%(count)s booking cancelled.", "%(count)s bookings cancelled."),
        )


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = [
        "purpose",
        "resource",
        "association",
        "frequency",
        "first_date",
        "until",
        "count",
    ]
    list_select_related = ["resource", "association"]
    search_fields = ["purpose", "association__name"]
    raw_id_fields = ["booked_by"]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(admin.ModelAdmin):
    list_display = ["resource", "start", "association", "notified_at"]
    list_select_related = ["resource", "association"]
    raw_id_fields = ["user"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["association"]
    list_select_related = ["association"]
