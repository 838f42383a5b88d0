"""Venues and the things in them that associations book: rooms, micro-offices, lockers, halls,
equipment, with the rules each one is booked by."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import IMAGES, FileValidator, RandomName


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Feature(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    directions = models.TextField(_("directions"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_list(self):
        return (
            self.active()
            .select_related("venue", "owner", "parent")
            .prefetch_related("features")
            .order_by("venue__name", "name")
        )

    def shared(self):
        """Active resources an association owns and others may book: open to every approved
        association, or listed for at least one association besides the owner."""
        others = Resource.allowed_associations.through.objects.filter(
            resource_id=models.OuterRef("pk")
        ).exclude(association_id=models.OuterRef("owner_id"))
        return self.active().filter(
            models.Q(bookable_by=Resource.BookableBy.ALL) | models.Exists(others),
            owner__isnull=False,
        )

    def bookable_by(self, association):
        """Resources ``association`` may book (approved associations only)."""
        if association is None or not association.is_approved:
            return self.none()
        return (
            self.active()
            .filter(
                models.Q(bookable_by=Resource.BookableBy.ALL)
                | models.Q(allowed_associations=association)
                | models.Q(owner=association)
            )
            .distinct()
        )


class Resource(models.Model):
    class Kind(models.TextChoices):
        MEETING_ROOM = "meeting_room", _("meeting room")
        MICRO_OFFICE = "micro_office", _("micro-office")
        LOCKER = "locker", _("locker")
        EVENT_HALL = "event_hall", _("event hall")
        EQUIPMENT = "equipment", _("equipment")

    class BookableBy(models.TextChoices):
        ALL = "all", _("all approved associations")
        LISTED = "listed", _("listed associations only")

    class PriceUnit(models.TextChoices):
        FREE = "free", _("free")
        HOUR = "hour", _("per hour")
        DAY = "day", _("per day")
        MONTH = "month", _("per month")

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="resources"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=RandomName("resources"),
        blank=True,
        validators=[FileValidator(kinds=IMAGES, max_size=5 * 1024 * 1024)],
    )
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), default=0)
    features = models.ManyToManyField(Feature, verbose_name=_("features"), blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, help_text=_("How many identical units (e.g. 3 projectors).")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("A sub-room of a hall: booking the whole hall blocks its parts and back."),
    )
    owner = models.ForeignKey(
        "associations.Association",
        verbose_name=_("owner association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_resources",
        help_text=_("Empty: the network owns it. An owner association approves its bookings."),
    )
    bookable_by = models.CharField(
        _("who may book"), max_length=10, choices=BookableBy.choices, default=BookableBy.ALL
    )
    allowed_associations = models.ManyToManyField(
        "associations.Association",
        verbose_name=_("listed associations"),
        blank=True,
        related_name="bookable_resources",
    )
    is_active = models.BooleanField(_("active"), default=True)

    # Rules
    slot_minutes = models.PositiveIntegerField(_("slot grid (minutes)"), default=30)
    min_minutes = models.PositiveIntegerField(_("minimum length (minutes)"), default=30)
    max_minutes = models.PositiveIntegerField(_("maximum length (minutes)"), default=8 * 60)
    book_ahead_days = models.PositiveIntegerField(_("bookable days ahead"), default=180)
    latest_notice_minutes = models.PositiveIntegerField(
        _("latest booking before start (minutes)"), default=0
    )
    buffer_before_minutes = models.PositiveIntegerField(_("buffer before (minutes)"), default=0)
    buffer_after_minutes = models.PositiveIntegerField(_("buffer after (minutes)"), default=0)
    max_active_bookings = models.PositiveIntegerField(
        _("maximum active bookings per association"), default=0, help_text=_("0: no limit.")
    )
    needs_approval = models.BooleanField(_("bookings need approval"), default=False)
    cancellation_deadline_hours = models.PositiveIntegerField(
        _("cancellation deadline (hours before start)"), default=24
    )
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, default=Decimal(0))
    price_unit = models.CharField(
        _("price unit"), max_length=10, choices=PriceUnit.choices, default=PriceUnit.FREE
    )
    ical_token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["venue__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.venue.name})" if self.venue_id else self.name

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)

    @property
    def root_id(self) -> int:
        return self.parent_id or self.pk

    def family_ids(self) -> list[int]:
        """This resource, its hall and its sub-rooms: bookings of any of them block this one."""
        ids = {self.pk}
        if self.parent_id:
            ids.add(self.parent_id)
        ids.update(self.parts.values_list("pk", flat=True))
        return sorted(ids)

    def price_for(self, start: datetime, end: datetime) -> Decimal:
        seconds = (end - start).total_seconds()
        if self.price_unit == self.PriceUnit.FREE or not self.price:
            return Decimal("0.00")
        if self.price_unit == self.PriceUnit.HOUR:
            units = Decimal(seconds) / Decimal(3600)
        elif self.price_unit == self.PriceUnit.DAY:
            units = Decimal(-(-int(seconds) // 86400))
        else:
            units = Decimal(-(-int(seconds) // (30 * 86400)))
        return (self.price * units).quantize(Decimal("0.01"))

    def is_bookable_by(self, association) -> bool:
        if association is None or not association.is_approved or not self.is_active:
            return False
        if self.bookable_by == self.BookableBy.ALL or self.owner_id == association.pk:
            return True
        return self.allowed_associations.filter(pk=association.pk).exists()

    def opening_windows(
        self, day: date, hours=None, closures=None, exceptions=None
    ) -> list[tuple[datetime, datetime]]:
        """The open intervals of ``day`` (local date) as aware datetimes.

        ``hours``, ``closures`` and ``exceptions`` may be passed in (prefetched) to avoid
        queries. A closure closes the day; dated opening exceptions on the day replace the
        weekday's hours. No opening hours at all means open around the clock.
        """
        if hours is None:
            hours = list(self.opening_hours.all())
        if closures is None:
            closures = list(self.closures.all())
        if exceptions is None:
            exceptions = list(self.opening_exceptions.all())
        for closure in closures:
            if closure.start_date <= day <= closure.end_date:
                return []
        tz = timezone.get_current_timezone()
        todays = [x for x in exceptions if x.date == day]
        if todays:
            return sorted(
                (
                    datetime.combine(day, x.opens, tzinfo=tz),
                    datetime.combine(day, x.closes, tzinfo=tz),
                )
                for x in todays
            )
        if not hours:
            start = datetime.combine(day, time(0), tzinfo=tz)
            return [(start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz))]
        windows = []
        for h in hours:
            if h.weekday == day.weekday():
                windows.append(
                    (
                        datetime.combine(day, h.opens, tzinfo=tz),
                        datetime.combine(day, h.closes, tzinfo=tz),
                    )
                )
        return sorted(windows)


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_closes_after_opens"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="closure_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.start_date}–{self.end_date} {self.reason}"


class OpeningException(models.Model):
    """Different opening hours on one date (e.g. Christmas Eve open 10–14). The exceptions of a
    date replace the weekday's opening hours on that date; a closure still closes it."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("date"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening-hours exception")
        verbose_name_plural = _("opening-hours exceptions")
        ordering = ["date", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="opening_exception_closes_after_opens",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.opens:%H:%M}–{self.closes:%H:%M} {self.note}".strip()
