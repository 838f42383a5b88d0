from __future__ import annotations

__all__ = ["Association", "AssociationQuerySet", "Category", "District", "Membership"]

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        """What the public directory shows: approved and opted in."""
        return self.approved().filter(is_public=True)


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

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    org_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, null=True, blank=True
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
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_public = models.BooleanField(_("show in the public directory"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("associations:detail", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


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
