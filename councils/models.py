"""The community council: councils, members per term, meetings, agenda (§), decisions and the
minutes lifecycle (draft → adjusted/justerat → published, corrections as versions)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.uploads import FileValidator, RandomName, get_private_storage

MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024


class Council(models.Model):
    class Kind(models.TextChoices):
        FORMAL = "formal", _("Formal decisions (protokoll)")
        NOTES = "notes", _("Notes only (minnesanteckningar)")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.FORMAL)
    description = models.TextField(_("description"), blank=True)
    originals_kept_at = models.CharField(
        _("where the signed originals are kept"), max_length=200, blank=True
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="councils_as_secretary",
        verbose_name=_("secretaries"),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("councils:council", args=[self.slug])

    @property
    def is_formal(self):
        return self.kind == self.Kind.FORMAL


class Sector(models.TextChoices):
    MUNICIPALITY = "kommunen", _("The municipality")
    BUSINESS = "naringslivet", _("Local business")
    SOCIAL_ECONOMY = "sociala_ekonomin", _("The social economy")
    OTHER = "other", _("Other")


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair (ordförande)")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member (ledamot)")
        DEPUTY = "deputy", _("Deputy (ersättare)")

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("council")
    )
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation represented"), max_length=160, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, default=Sector.OTHER)
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["council", "-start", "name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings whose notice (agenda) or minutes are published: everything else is a draft."""
        return self.filter(Q(notice_published=True) | Q(minutes__status=Minutes.Status.PUBLISHED))

    def with_published_minutes(self):
        return self.filter(minutes__status=Minutes.Status.PUBLISHED)

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now() - datetime.timedelta(hours=12))

    def editable_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(council__secretaries=user)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("council")
    )
    # The wall-clock date and times as the secretary entered them (Europe/Stockholm) are the
    # source of truth: a meeting entered at 02:30 on a DST change day shows 02:30, in HTML and
    # in iCal (DTSTART;TZID=Europe/Stockholm). ``starts_at`` is derived, for ordering and queries.
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    starts_at = models.DateTimeField(editable=False, db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    notice_published = models.BooleanField(_("notice (kallelse) published"), default=False)
    notice_published_at = models.DateTimeField(_("notice published at"), null=True, blank=True)
    ics_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["council", "date"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.starts_at = self.compute_starts_at()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "starts_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("councils:meeting", args=[self.council.slug, self.pk])

    def compute_starts_at(self):
        tz = ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=tz)

    @property
    def local_start(self):
        """The start as entered (naive wall-clock time in Europe/Stockholm)."""
        return datetime.datetime.combine(self.date, self.start_time)

    @property
    def local_end(self):
        return datetime.datetime.combine(self.date, self.end_time) if self.end_time else None

    @property
    def label(self):
        return f"{self.council.name} {self.date:%Y-%m-%d}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("§"))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description (Markdown)"), blank=True)
    diarienummer = models.CharField(_("municipal diarienummer"), max_length=40, blank=True)
    sector = models.CharField(
        _("raised by sector"), max_length=20, choices=Sector, blank=True,
        help_text=_("Which sector brought the item to the council (for filtering)."),
    )  # fmt: skip
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="councils_item_number")
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"§ {self.number} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "councils:decision", args=[self.meeting.council.slug, self.meeting_id, self.number]
        )

    @property
    def label(self):
        """The stable citation: "Samhällsrådet 2026-03-12 § 4"."""
        return f"{self.meeting.label} § {self.number}"


class Decision(models.Model):
    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="decision", verbose_name=_("item")
    )
    text = models.TextField(_("decision (beslut)"))
    reservations = models.TextField(_("reservations / dissent"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{_('Decision')} {self.item}"


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADJUSTED = "adjusted", _("Adjusted (justerat)")
        PUBLISHED = "published", _("Published")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    body = models.TextField(_("minutes (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    adjusters = models.CharField(_("adjusters (justerare)"), max_length=250, blank=True)
    adjusted_on = models.DateField(_("adjusted on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    original_kept_at = models.CharField(_("original kept at"), max_length=200, blank=True)
    personal_number_override = models.TextField(
        _("reason for publishing despite a personal number"), blank=True, editable=False
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"{_('Minutes')} {self.meeting}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class MinutesVersion(models.Model):
    """A correction after publication: the text as it was before, and why it changed."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    previous_body = models.TextField(_("text before the correction"))
    reason = models.TextField(_("reason for the correction"))
    created_at = models.DateTimeField(_("corrected at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="councils_version_number")
        ]
        verbose_name = _("minutes correction")
        verbose_name_plural = _("minutes corrections")

    def __str__(self):
        return f"{self.minutes} v{self.number}"


class Attachment(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="attachments", verbose_name=_("agenda item"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("PDF file"),
        upload_to=RandomName("councils"),
        storage=get_private_storage,
        validators=[FileValidator(kinds=("pdf",), max_size=MAX_ATTACHMENT_SIZE)],
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "item__order", "title"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from councils.pdf import extract_text

        new_upload = self.file and not getattr(self.file, "_committed", True)
        if new_upload or (self.file and (not self.pk or not self.size)):
            self.text = "" if new_upload else self.text
            try:
                self.size = self.file.size
            except (OSError, ValueError):
                self.size = 0
            if not self.text:
                self.text = extract_text(self.file)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("councils:attachment", args=[self.pk])


class Subscription(models.Model):
    """An e-mail subscription to new minutes (double opt-in, one-click unsubscribe)."""

    email = models.EmailField(_("e-mail address"))
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    language = models.CharField(max_length=8, default="sv")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "council"], name="councils_subscription_once")
        ]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return self.email


def meeting_date_label(meeting) -> str:
    return date_format(meeting.date, "j F Y")
