from __future__ import annotations

__all__ = [
    "Association",
    "AssociationQuerySet",
    "Category",
    "District",
    "MemberCount",
    "Membership",
    "PendingAssociation",
]

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.validators import validate_org_number
from portal.uploads import IMAGES, FileValidator, RandomName

LOGO_MAX_SIZE = 2 * 1024 * 1024


class Category(models.Model):
    """Association category (idrott, kultur, ...), managed in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A district of the town (tätort or landsbygd), managed in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    is_rural = models.BooleanField(_("rural area"), default=False)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssociationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Association.Status.APPROVED)

    def public(self):
        """What the public directory shows: approved and opted in.

        Returns a plain queryset, so other apps can ``annotate()`` it (open assignments,
        shared resources) and add their own filters."""
        return self.approved().filter(is_public=True)

    def moderation_queue(self):
        """Submitted and waiting for a coordinator, oldest first."""
        return self.filter(status=Association.Status.SUBMITTED).order_by("submitted_at", "pk")

    def search(self, query: str):
        """Words in name, purpose and activities. PostgreSQL: the stored Swedish search vector,
        or a part of a word (``bokning`` finds ``lokalbokning``); SQLite: icontains."""
        from django.db import connection

        query = (query or "").strip()[:200]
        if not query:
            return self
        parts = models.Q(name__icontains=query) | models.Q(activities__icontains=query)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            vector = SearchQuery(query, config="swedish", search_type="websearch")
            return self.filter(models.Q(search_vector=vector) | parts)
        return self.filter(parts | models.Q(purpose__icontains=query))


class Association(models.Model):
    class LegalForm(models.TextChoices):
        NONPROFIT = "ideell", _("non-profit association (ideell förening)")
        ECONOMIC = "ekonomisk", _("economic association (ekonomisk förening)")
        COOPERATIVE = "kooperativ", _("cooperative")
        FOUNDATION = "stiftelse", _("foundation")
        FAITH = "trossamfund", _("religious community")
        SVB = (
            "svb",
            _(
                "limited company with restricted dividend (AB med särskild vinstutdelningsbegränsning)"
            ),
        )
        OTHER = "annan", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        UPDATE_DUE = "update_due", _("annual update due")
        LAPSED = "lapsed", _("lapsed")
        ARCHIVED = "archived", _("archived")

    #: Allowed moves: state -> states it may go to (archive is possible from every state).
    TRANSITIONS = {
        "draft": {"submitted"},
        "submitted": {"approved", "rejected"},
        "rejected": {"submitted"},
        "approved": {"update_due"},
        "update_due": {"approved", "lapsed"},
        "lapsed": {"submitted", "approved"},
        "archived": set(),
    }

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_org_number],
        help_text=_("NNNNNN-NNNN"),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.NONPROFIT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.SET_NULL
    )
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("What the association is for. Markdown.")
    )
    activities = models.TextField(
        _("activities"), blank=True, help_text=_("What the association does. Markdown.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("visiting address"), max_length=200, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=RandomName("logos"),
        blank=True,
        validators=[FileValidator(kinds=IMAGES, max_size=LOGO_MAX_SIZE)],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1600), MaxValueValidator(2100)],
    )
    is_work_integrating = models.BooleanField(
        _("work-integrating social enterprise"),
        default=False,
        help_text=_(
            "Arbetsintegrerande socialt företag: meets Tillväxtverket's criteria "
            "(integrates people far from the labour market, reinvests its profits)."
        ),
    )
    is_public = models.BooleanField(_("show in the public directory"), default=True)
    grant_eligible = models.BooleanField(
        _("eligible for grants (bidragsberättigad)"), default=False
    )
    grant_eligible_since = models.DateField(_("eligible for grants since"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    annual_update_due = models.DateField(_("annual update due"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        indexes = [
            # The public directory's default page: ORDER BY name LIMIT 20 and its COUNT.
            models.Index(
                fields=["name", "id"],
                condition=models.Q(status="approved", is_public=True),
                name="association_public_name",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("associations:detail", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_listed(self) -> bool:
        """Shown to the public: approved and opted in."""
        return self.is_approved and self.is_public

    def can_move_to(self, status: str) -> bool:
        if status == self.Status.ARCHIVED:
            return self.status != self.Status.ARCHIVED
        return status in self.TRANSITIONS.get(self.status, set())


class PendingAssociation(Association):
    """The moderation queue in the admin: submitted associations, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("association waiting for approval")
        verbose_name_plural = _("moderation queue")


class MemberCount(models.Model):
    """Members by age band, reported once a year (with the annual update)."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="member_counts"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    age_0_6 = models.PositiveIntegerField(_("0–6 years"), default=0)
    age_7_25 = models.PositiveIntegerField(_("7–25 years"), default=0)
    age_26_64 = models.PositiveIntegerField(_("26–64 years"), default=0)
    age_65_plus = models.PositiveIntegerField(_("65 years and older"), default=0)

    class Meta:
        verbose_name = _("member count")
        verbose_name_plural = _("member counts")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="unique_member_count_year")
        ]

    def __str__(self):
        return f"{self.association} {self.year}: {self.total}"

    @property
    def total(self) -> int:
        return self.age_0_6 + self.age_7_25 + self.age_26_64 + self.age_65_plus


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        MEMBER = "member", _("member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "association"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.association} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN
