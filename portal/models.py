from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import get_private_storage


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor")


class AuditEvent(models.Model):
    """One append-only audit trail for every app: who did what to which object, when and why."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField(_("object"), max_length=255)
    action = models.CharField(_("action"), max_length=64)
    from_state = models.CharField(_("from"), max_length=64, blank=True)
    to_state = models.CharField(_("to"), max_length=64, blank=True)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class TaskFailure(models.Model):
    """A Celery task that failed after its last retry, visible to coordinators."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    task_name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64, blank=True)
    args = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.task_name} {self.created_at:%Y-%m-%d %H:%M}"


# --- Key figures (nyckeltal) and report runs (issue 8) --------------------------------------


class Term(models.Model):
    """A spring (VT) or autumn (HT) term, with the window in which key figures are reported."""

    class Half(models.IntegerChoices):
        VT = 1, _("spring term (VT)")
        HT = 2, _("autumn term (HT)")

    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("term"), choices=Half.choices)
    window_opens = models.DateField(_("reporting opens"))
    window_closes = models.DateField(_("reporting closes"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="portal_term_unique"),
            models.CheckConstraint(
                condition=models.Q(window_closes__gte=models.F("window_opens")),
                name="portal_term_window_order",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"{'VT' if self.half == self.Half.VT else 'HT'} {self.year}"

    @property
    def starts_on(self):
        import datetime

        return datetime.date(self.year, 1 if self.half == self.Half.VT else 7, 1)

    @property
    def ends_on(self):
        import datetime

        return (
            datetime.date(self.year, 6, 30)
            if self.half == self.Half.VT
            else datetime.date(self.year, 12, 31)
        )

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.window_opens <= on <= self.window_closes


class Sector(models.TextChoices):
    """The sectors the municipality measures employment with social consideration in."""

    MUNICIPALITY = "municipality", _("municipality")
    SOCIAL_ENTERPRISE = "social_enterprise", _("social enterprises")
    ASSOCIATIONS = "associations", _("associations and non-profit organisations")
    BUSINESS = "business", _("ordinary business")


class KeyFigureReport(models.Model):
    """Key figures for one term: an association's own report, or a sector figure a coordinator
    enters for the municipality or ordinary business (then ``association`` is empty)."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="key_figures"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="key_figures",
    )
    employed_with_support = models.PositiveIntegerField(
        _("employed with employment support"),
        help_text=_(
            "People employed with social consideration, i.e. with employment support from "
            "Arbetsförmedlingen (e.g. wage subsidy, security employment)."
        ),
    )
    placements = models.PositiveIntegerField(
        _("work-training and placement places"),
        help_text=_("Work-training places and placements (sysselsättningsplatser) this term."),
    )
    employees_total = models.PositiveIntegerField(
        _("employees in total"), help_text=_("Everyone employed, with or without support.")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("key figure report")
        verbose_name_plural = _("key figure reports")
        ordering = ["term", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "association"],
                condition=models.Q(association__isnull=False),
                name="portal_keyfigure_one_per_association",
            ),
            models.UniqueConstraint(
                fields=["term", "sector"],
                condition=models.Q(association__isnull=True),
                name="portal_keyfigure_one_per_sector",
            ),
        ]

    def __str__(self):
        return f"{self.term} {self.association or self.get_sector_display()}"


class KeyFigureReminder(models.Model):
    """One reminder per association and term; ``sent_at`` is claimed before the mail goes."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="reminders")
    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("key figure reminder")
        verbose_name_plural = _("key figure reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "association"], name="portal_keyfigure_reminder_unique"
            )
        ]

    def __str__(self):
        return f"{self.term} {self.association_id}"


def _report_upload_to(instance, filename):
    import uuid

    return f"reports/{uuid.uuid4().hex}-{filename}"


class ReportRunQuerySet(models.QuerySet):
    def stuck(self, now=None):
        """Runs queued or running for longer than REPORT_STUCK_MINUTES."""
        import datetime

        now = now or timezone.now()
        limit = now - datetime.timedelta(minutes=getattr(settings, "REPORT_STUCK_MINUTES", 15))
        return self.filter(
            models.Q(status=ReportRun.Status.QUEUED, created_at__lt=limit)
            | models.Q(status=ReportRun.Status.RUNNING, started_at__lt=limit)
        )


class ReportRun(models.Model):
    """One generated report (usage, key figures, fund) for a period, made by a Celery task."""

    class Kind(models.TextChoices):
        USAGE = "usage", _("usage of rooms and equipment")
        KEYFIGURES = "keyfigures", _("key figures (employment)")
        FUND = "fund", _("microfund portfolio")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    csv_file = models.FileField(
        upload_to=_report_upload_to, storage=get_private_storage, blank=True
    )
    pdf_file = models.FileField(
        upload_to=_report_upload_to, storage=get_private_storage, blank=True
    )
    row_count = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled = models.BooleanField(_("monthly report"), default=False)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end"],
                condition=models.Q(scheduled=True),
                name="portal_reportrun_one_monthly",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start}–{self.period_end}"

    @property
    def is_stuck(self) -> bool:
        return ReportRun.objects.stuck().filter(pk=self.pk).exists() if self.pk else False

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def file_stem(self) -> str:
        return f"{self.kind}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}"


class CoordinatorDigest(models.Model):
    """The weekly digest to coordinators; one row per ISO week, ``sent_at`` claimed."""

    week_start = models.DateField(unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("coordinator digest")
        verbose_name_plural = _("coordinator digests")
        ordering = ["-week_start"]

    def __str__(self):
        return f"{self.week_start:%G-W%V}"
