"""Demo data shared by every app: users for each role, districts, categories, the seed's
associations. Each app adds its own in ``<app>/demo.py`` with ``seed(ctx)``; all of it is
idempotent (keyed by natural keys), so ``seed_demo`` can run on every start."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from portal import permissions

DEMO_PASSWORD = "ideburna-demo-2026"  # noqa: S105  (printed on start; demo only)
# Staff must use two-factor authentication (portal.middleware.StaffMFAMiddleware). The demo's
# staff users share this TOTP secret (printed on start; demo only): add it to an authenticator
# app, or run `manage.py shell -c "from portal.demo import demo_totp_code; print(demo_totp_code())"`.
DEMO_TOTP_SECRET = "NBSWY3DPO5XXE3DEMFZGC4TOMFXWIZLN"  # noqa: S105  (demo only)


def demo_totp_code() -> str:
    """The demo staff users' current TOTP code."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(
        hotp_value(DEMO_TOTP_SECRET, int(time.time()) // app_settings.TOTP_PERIOD)
    )


# (e-mail, name, roles, staff, superuser, description)
DEMO_USERS = [
    ("admin@ideburna.se", "Administratör", (), True, True, "superuser"),
    ("koordinator@ideburna.se", "Karin Koordinator", (permissions.COORDINATORS,), True, False, "coordinator"),
    ("sekreterare@ideburna.se", "Sven Sekreterare", (permissions.COUNCIL_SECRETARIES,), True, False, "council secretary"),
    ("fondkommitte@ideburna.se", "Fatima Fondkommitté", (permissions.FUND_COMMITTEE,), False, False, "fund committee member"),
    ("ordforande@ideburna.se", "Olle Ordförande", (permissions.FUND_COMMITTEE,), False, False, "fund committee chair"),
    ("forening@ideburna.se", "Anna Andersson", (), False, False, "association admin (Återvinningen, Grenverket)"),
    ("idrott@ideburna.se", "Erik Eriksson", (), False, False, "association admin (Piraterna)"),
    ("volontar@ideburna.se", "Birgitta Berg", (), False, False, "volunteer (pensioner)"),
]  # fmt: skip

DISTRICTS = [
    ("Motala centrum", False), ("Borensberg", False), ("Fornåsa", True), ("Godegård", True),
    ("Tjällmo", True), ("Klockrike", True), ("Motala landsbygd", True),
]  # fmt: skip

CATEGORIES = [
    ("Idrott", "Sports"), ("Kultur", "Culture"), ("Trossamfund", "Religious community"),
    ("Intresseförening/folkbildning", "Interest group/adult education"),
    ("Hjälporganisation", "Aid organisation"), ("Socialt företag", "Social enterprise"),
    ("Kooperativ", "Cooperative"), ("Övrigt", "Other"),
]  # fmt: skip

# (name, org number, legal form, categories, district, e-mail, admin e-mail)
ASSOCIATIONS = [
    ("Motala Återvinningsförening (Återvinningen)", "802412-3450", "ideell", ["Socialt företag"], "Motala centrum", "info@atervinningen.example", "forening@ideburna.se"),
    ("Kooperativet Grenverket", "769620-1230", "kooperativ", ["Socialt företag", "Kooperativ"], "Motala centrum", "kontakt@grenverket.example", "forening@ideburna.se"),
    ("Vätternrundan", "822001-6516", "ideell", ["Idrott"], "Motala centrum", "info@vatternrundan.example", "idrott@ideburna.se"),
    ("Speedwayklubben Piraterna", "822000-7499", "ideell", ["Idrott"], "Motala centrum", "kansli@piraterna.example", "idrott@ideburna.se"),
    ("Hjärta till Hjärta Motala", "802445-8211", "ideell", ["Hjälporganisation"], "Motala centrum", "motala@hjartatillhjarta.example", None),
    ("Föreningen Verkstadsliv", "802470-1123", "ideell", ["Intresseförening/folkbildning"], "Borensberg", "hej@verkstadsliv.example", None),
    ("K-Ringen", "802463-5545", "ideell", ["Intresseförening/folkbildning", "Socialt företag"], "Motala centrum", "kringen@kringen.example", None),
    ("Tjällmo Hembygdsförening", "822003-2257", "ideell", ["Kultur"], "Tjällmo", "info@tjallmohembygd.example", None),
]  # fmt: skip


@dataclass
class DemoContext:
    stdout: object = None
    users: dict = field(default_factory=dict)
    associations: dict = field(default_factory=dict)
    districts: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def seed(ctx: DemoContext) -> None:
    from allauth.account.models import EmailAddress

    from associations.models import Association, Category, District, Membership

    User = get_user_model()
    for email, name, roles, staff, superuser, _desc in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": name, "is_staff": staff, "is_superuser": superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=roles))
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if roles or staff or superuser:
            _ensure_totp(user)
        ctx.users[email] = user
    if ctx.users["koordinator@ideburna.se"].is_staff:
        _grant_staff_permissions(ctx)

    for position, (name, name_en) in enumerate(CATEGORIES):
        ctx.categories[name], _ = Category.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "name_en": name_en, "position": position}
        )
    for name, rural in DISTRICTS:
        ctx.districts[name], _ = District.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "is_rural": rural}
        )
    for name, org_number, form, categories, district, email, admin_email in ASSOCIATIONS:
        _fix_old_org_number(Association, slugify(name)[:200], org_number)
        association, created = Association.objects.get_or_create(
            org_number=org_number,
            defaults={
                "name": name,
                "slug": slugify(name)[:200],
                "legal_form": form,
                "status": Association.Status.APPROVED,
                "district": ctx.districts[district],
                "contact_email": email,
            },
        )
        if created:
            association.categories.set([ctx.categories[c] for c in categories])
        if admin_email:
            Membership.objects.get_or_create(
                user=ctx.users[admin_email],
                association=association,
                defaults={"role": Membership.Role.ADMIN},
            )
        ctx.associations[name] = association


def _fix_old_org_number(Association, slug: str, org_number: str) -> None:
    """Demo databases seeded before the numbers were corrected hold ones failing the Luhn
    check: give those rows the corrected number so seeding again stays idempotent."""
    from associations.validators import luhn_ok

    old = Association.objects.filter(slug=slug).exclude(org_number=org_number).first()
    if (
        old is not None
        and not luhn_ok(old.org_number.replace("-", ""))
        and not Association.objects.filter(org_number=org_number).exists()
    ):
        Association.objects.filter(pk=old.pk).update(org_number=org_number)


def _ensure_totp(user) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def _grant_staff_permissions(ctx: DemoContext) -> None:
    """Staff roles get the admin permissions of their apps."""
    from django.contrib.auth.models import Permission

    grants = {
        permissions.COORDINATORS: ["portal", "associations", "resources", "bookings", "microfund"],
        permissions.COUNCIL_SECRETARIES: ["councils"],
    }
    for role, apps in grants.items():
        group = Group.objects.get(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label__in=apps))


def print_logins(stdout) -> None:
    stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
    for email, _name, roles, staff, su, desc in DEMO_USERS:
        mfa = "  + two-factor code" if (roles or staff or su) else ""
        stdout.write(f"  {email:<28} {desc}{mfa}")
    stdout.write(
        f"Staff two-factor (TOTP) secret: {DEMO_TOTP_SECRET} (add it to an authenticator app),\n"
        "or print the current code: .venv/bin/python manage.py shell -c "
        '"from portal.demo import demo_totp_code; print(demo_totp_code())"'
    )
    stdout.write("")
