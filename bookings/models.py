"""Bookings of resources. The invariant: no two active bookings of one resource overlap (buffers
included), on every path. ``bookings.services`` checks under a row lock; on PostgreSQL an exclusion
constraint (migration 0002) guarantees it for single-unit resources."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REQUESTED = "requested", _("requested")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")
    REJECTED = "rejected", _("rejected")


ACTIVE = (Status.REQUESTED, Status.CONFIRMED)


class Series(models.Model):
    """A standing booking (stående bokning): the same local wall-clock time weekly or biweekly."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("every week")
        BIWEEKLY = "biweekly", _("every other week")

    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="series"
    )
    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="booking_series"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number of times"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")

    def __str__(self):
        return f"{self.purpose} ({self.get_frequency_display()})"


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def overlapping(self, start, end):
        """Bookings whose blocked time (buffers included) overlaps [start, end)."""
        return self.filter(block_start__lt=end, block_end__gt=start)

    def for_list(self):
        return self.select_related("resource__venue", "association", "booked_by")


class Booking(models.Model):
    Status = Status

    resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("resource"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    # The time the resource is blocked: start/end widened by the resource's buffers.
    block_start = models.DateTimeField(editable=False, db_index=True)
    block_end = models.DateTimeField(editable=False)
    # True for single-unit resources: the database exclusion constraint applies to these.
    exclusive = models.BooleanField(default=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    attendees = models.PositiveIntegerField(_("expected attendees"), default=1)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, default=0)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    group = models.UUIDField(
        null=True, blank=True, editable=False, help_text="Bookings made together (equipment)."
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended = models.PositiveIntegerField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [models.Index(fields=["resource", "block_start", "block_end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_end_after_start"
            )
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.resource.name} {local:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("bookings:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def set_block(self) -> None:
        self.block_start = self.start - self.resource.buffer_before
        self.block_end = self.end + self.resource.buffer_after
        self.exclusive = self.resource.quantity == 1


class WaitingListEntry(models.Model):
    """Someone who wants a taken slot; told once when it frees."""

    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="waiting_list"
    )
    association = models.ForeignKey("associations.Association", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.resource} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"


class FeedToken(models.Model):
    """The secret token of an association's iCal feed."""

    association = models.OneToOneField(
        "associations.Association", on_delete=models.CASCADE, related_name="booking_feed"
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return str(self.association)
