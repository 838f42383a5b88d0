"""Test factories (factory_boy), one style for every app. App-specific factories live in
``tests/<app>/factories.py`` and build on these."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.utils.text import slugify

from associations.models import Association, Category, District, Membership
from portal import permissions
from portal.luhn import org_number
from portal.models import User

PASSWORD = "correct-horse-battery-staple"
# The TOTP secret of every staff user the factories make (staff need MFA: portal.middleware).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (tests only)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current TOTP code for ``secret`` (what the authenticator app would show)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def add_totp(user, secret: str = TOTP_SECRET):
    """Give ``user`` a TOTP authenticator with a known secret (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


def luhn_org_number(seed: int) -> str:
    """A valid Swedish organisationsnummer (NNNNNN-NNNN, Luhn-checked) from a seed."""
    return org_number(seed, base=802000000)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test (e2e) flushes the groups the migration made.
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))
        if create:
            self.save()

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Staff (a role, is_staff or superuser) get a TOTP authenticator unless ``mfa=False``."""
        if not create or extracted is False:
            return
        if extracted or self.is_staff or self.is_superuser or self.groups.exists():
            add_totp(self)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """An allauth-verified primary e-mail address, so the user can log in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def make_role_groups() -> None:
    """``transactional_db`` empties every table after each test, the role groups that a data
    migration made included: make them again."""
    for name in permissions.ROLES:
        Group.objects.get_or_create(name=name)


def coordinator(**kwargs) -> User:
    return UserFactory(roles=[permissions.COORDINATORS], is_staff=True, **kwargs)


def council_secretary(**kwargs) -> User:
    return UserFactory(roles=[permissions.COUNCIL_SECRETARIES], is_staff=True, **kwargs)


def fund_committee_member(**kwargs) -> User:
    return UserFactory(roles=[permissions.FUND_COMMITTEE], **kwargs)


class NamedSlugFactory(factory.django.DjangoModelFactory):
    """A row found by its slug: "<label> <n>" named, "<label, slugified>-<n>" slugged."""

    class Meta:
        abstract = True
        django_get_or_create = ["slug"]

    class Params:
        label = "Namn"

    name = factory.LazyAttributeSequence(lambda o, n: f"{o.label} {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.label)}-{n}")


class CategoryFactory(NamedSlugFactory):
    class Meta:
        model = Category

    class Params:
        label = "Kategori"


class DistrictFactory(NamedSlugFactory):
    class Meta:
        model = District

    class Params:
        label = "Område"


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Förening nummer {n}")
    slug = factory.Sequence(lambda n: f"forening-{n}")
    org_number = factory.Sequence(luhn_org_number)
    status = Association.Status.APPROVED
    contact_email = factory.Sequence(lambda n: f"info{n}@forening.example")
    district = factory.SubFactory(DistrictFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory)
    role = Membership.Role.MEMBER


def association_admin(association=None, **user_kwargs) -> User:
    """A user who administers ``association`` (a new approved one when not given)."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(
        user=user, association=association or AssociationFactory(), role=Membership.Role.ADMIN
    )
    return user
