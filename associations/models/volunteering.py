"""Volunteer brokering: profiles, assignments, applications (issue 4)."""

from __future__ import annotations

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "Assignment",
    "AssignmentQuerySet",
    "Invitation",
    "Skill",
    "Slot",
    "VolunteerProfile",
    "slots_from_mask",
    "slots_to_mask",
]

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models.registry import Association, Category, District


class Slot(models.IntegerChoices):
    """The six weekly availability slots, stored as bits of a small integer."""

    WEEKDAY_MORNING = 1, _("weekday mornings")
    WEEKDAY_AFTERNOON = 2, _("weekday afternoons")
    WEEKDAY_EVENING = 4, _("weekday evenings")
    WEEKEND_MORNING = 8, _("weekend mornings")
    WEEKEND_AFTERNOON = 16, _("weekend afternoons")
    WEEKEND_EVENING = 32, _("weekend evenings")


ALL_SLOTS = sum(Slot.values)


def slots_to_mask(values) -> int:
    mask = 0
    for value in values or []:
        mask |= int(value)
    return mask & ALL_SLOTS


def slots_from_mask(mask: int) -> list[int]:
    return [value for value in Slot.values if mask & value]


def slot_of(moment) -> int:
    """The slot a moment falls in (local time): morning < 12, afternoon < 17, evening after."""
    local = timezone.localtime(moment)
    weekend = local.weekday() >= 5
    if local.hour < 12:
        part = 0
    elif local.hour < 17:
        part = 1
    else:
        part = 2
    return 1 << (part + (3 if weekend else 0))


class Skill(models.Model):
    """A skill an assignment wants and a volunteer has (läxhjälp, matlagning, ...); admin-managed."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class AssignmentQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published, not waiting for approval, by an approved association."""
        return self.filter(
            status=Assignment.Status.PUBLISHED,
            needs_approval=False,
            association__status=Association.Status.APPROVED,
        )

    def open(self):
        """Published and still taking applications."""
        today = timezone.localdate()
        return self.published().filter(Q(apply_by__isnull=True) | Q(apply_by__gte=today))

    def for_list(self):
        return self.select_related("association", "category", "district")


class Assignment(models.Model):
    """An uppdrag: something an association needs volunteers for."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    class CloseReason(models.TextChoices):
        FILLED = "filled", _("filled")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown is allowed."))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills wanted"), blank=True, related_name="assignments"
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_remote = models.BooleanField(_("remote (can be done from home)"), default=False)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    slots = models.PositiveSmallIntegerField(
        _("when"), default=0, help_text=_("For ongoing assignments: when in the week.")
    )
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Never shown publicly."),
    )
    apply_by = models.DateField(_("last day to apply"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    close_reason = models.CharField(
        _("close reason"), max_length=12, choices=CloseReason.choices, blank=True
    )
    needs_approval = models.BooleanField(
        _("waits for coordinator approval"), default=False, db_index=True
    )
    unpublish_reason = models.TextField(_("reason for unpublishing"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "needs_approval", "apply_by"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("volunteering:detail", kwargs={"pk": self.pk})

    @property
    def is_ongoing(self) -> bool:
        return self.starts_at is None

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and not self.needs_approval
            and self.association.status == Association.Status.APPROVED
        )

    @property
    def is_open(self) -> bool:
        return self.is_public and (self.apply_by is None or self.apply_by >= timezone.localdate())

    def slot_mask(self) -> int:
        """When the assignment happens: its own slots, or the slot of a dated occasion."""
        if self.slots:
            return self.slots
        if self.starts_at:
            return slot_of(self.starts_at)
        return 0

    def slot_labels(self) -> list[str]:
        return [str(Slot(v).label) for v in slots_from_mask(self.slot_mask())]


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class VolunteerProfile(models.Model):
    """A citizen's opt-in volunteer profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True)
    categories = models.ManyToManyField(Category, verbose_name=_("interests"), blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True)
    availability = models.PositiveSmallIntegerField(_("availability"), default=0)
    presentation = models.TextField(_("short presentation"), blank=True, max_length=2000)
    contactable = models.BooleanField(
        _("associations may contact me about suitable assignments"), default=False
    )
    notify_accepted = models.BooleanField(_("e-mail me when I am accepted"), default=True)
    notify_declined = models.BooleanField(_("e-mail me when I am declined"), default=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=_new_token)
    last_active = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self):
        return str(self.user)

    def availability_labels(self) -> list[str]:
        return [str(Slot(v).label) for v in slots_from_mask(self.availability)]


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Application.OPEN_STATES)

    def unanswered(self, days: int = 5):
        limit = timezone.now() - timezone.timedelta(days=days)
        return self.filter(status=Application.Status.NEW, created_at__lte=limit)


class Application(models.Model):
    """An intresseanmälan: a volunteer's application to an assignment."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        CONTACTED = "contacted", _("contacted")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        WAITLISTED = "waitlisted", _("on the waiting list")

    OPEN_STATES = (Status.NEW, Status.CONTACTED, Status.WAITLISTED)

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="applications"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_applications",
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    association_notified_at = models.DateTimeField(null=True, blank=True)
    notified_status = models.CharField(max_length=12, blank=True)
    anonymised = models.BooleanField(_("anonymised"), default=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "assignment"], name="unique_volunteer_application"
            )
        ]

    def __str__(self):
        who = self.volunteer or _("anonymised volunteer")
        return f"{who} – {self.assignment_id}"


class Invitation(models.Model):
    """An association asks an opted-in volunteer to look at an assignment. The portal sends the
    e-mail, so the association never sees the address until the volunteer applies."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="invitations")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "volunteer"], name="unique_volunteer_invitation"
            )
        ]

    def __str__(self):
        return f"{self.assignment_id} → {self.volunteer_id}"
