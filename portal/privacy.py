"""Personal data per person: export everything the portal holds, and erase it ("Mina uppgifter").

Each app holding personal data provides ``<app>/privacy.py`` (and the volunteer part
``associations/volunteer_privacy.py``) with::

    def export(user) -> dict   # JSON-serialisable
    def erase(user) -> None    # anonymise what must be kept, delete the rest

The registry below finds those modules when they exist; the portal's own data (account, e-mail
addresses, two-factor devices, memberships) is handled here. Deleting an account runs every
app's ``erase`` first, then deletes the user; if something still must keep a reference to the
person (a PROTECT foreign key), the account row is anonymised instead of deleted.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import uuid
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

log = logging.getLogger("portal.security")

# Apps whose ``<app>.privacy`` module is looked for, plus extra modules by dotted name.
PROJECT_APPS = ("associations", "resources", "bookings", "councils", "microfund", "volunteering")
EXTRA_MODULES = ("associations.volunteer_privacy",)


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _section(name: str) -> str:
    """``bookings.privacy`` → ``bookings``; ``associations.volunteer_privacy`` →
    ``associations.volunteer``."""
    for suffix in (".privacy", "_privacy"):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def providers() -> list[tuple[str, object]]:
    """(section name, module) for every app privacy module present, in a stable order."""
    found = []
    for name in [f"{app}.privacy" for app in PROJECT_APPS] + list(EXTRA_MODULES):
        if _module_exists(name):
            module = importlib.import_module(name)
            if hasattr(module, "export") or hasattr(module, "erase"):
                found.append((_section(name), module))
    return found


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def export_account(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from portal import permissions

    return {
        "email": user.email,
        "name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(permissions.roles_of(user)),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def export_memberships(user) -> list[dict]:
    from portal import permissions

    return [
        {
            "association": m.association.name,
            "role": m.get_role_display(),
            "since": m.created_at,
        }
        for m in permissions.memberships_of(user)
    ]


def export(user) -> dict:
    """Everything the portal holds about ``user``, JSON-serialisable."""
    data = {
        "portal": settings.PORTAL_NAME,
        "account": export_account(user),
        "memberships": export_memberships(user),
    }
    for section, module in providers():
        if hasattr(module, "export"):
            data[section] = module.export(user)
    return _jsonable(data)


def _anonymise(user) -> None:
    from django.contrib.auth.models import Group

    user.email = f"raderad-{uuid.uuid4().hex}@invalid.invalid"
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.remove(*Group.objects.all())


@transaction.atomic
def erase(user) -> str:
    """Delete ``user``'s account: every app's erase first, then the account itself.

    Returns "deleted", or "anonymised" when a record that must be kept still points at it.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from associations.models import Membership

    user_id = user.pk
    for _section, module in providers():
        if hasattr(module, "erase"):
            module.erase(user)
    Membership.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    try:
        with transaction.atomic():
            user.delete()
        outcome = "deleted"
    except (ProtectedError, RestrictedError):
        _anonymise(user)
        outcome = "anonymised"
    log.info("account erased user=%s outcome=%s", user_id, outcome)
    return outcome
