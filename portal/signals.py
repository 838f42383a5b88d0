"""Security logging: authentication events and permission denials, without personal data.

(Signals are used here for logging only; business rules live in services.)
"""

from __future__ import annotations

import hashlib
import logging

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("portal.security")


def pseudonym(value: str) -> str:
    """A stable, non-reversible tag for an identifier, so logs can be correlated without PII."""
    return hashlib.sha256(("ideburna:" + (value or "").lower()).encode()).hexdigest()[:12]


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log.info("login ok user=%s", user.pk)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log.info("logout user=%s", getattr(user, "pk", None))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log.warning("login failed account=%s", pseudonym(str(credentials.get("email", ""))))


# --- Account and two-factor events (allauth): who (by id), never the address or the secret ------


def _user_id(kwargs):
    return getattr(kwargs.get("user"), "pk", None)


@receiver(account_signals.user_signed_up)
def _signed_up(sender, **kwargs):
    log.info("signup user=%s", _user_id(kwargs))


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
@receiver(account_signals.password_reset)
def _password_changed(sender, **kwargs):
    log.info("password changed user=%s", _user_id(kwargs))


@receiver(account_signals.email_changed)
@receiver(account_signals.email_added)
@receiver(account_signals.email_removed)
def _email_changed(sender, **kwargs):
    log.info("e-mail addresses changed user=%s", _user_id(kwargs))


@receiver(mfa_signals.authenticator_added)
@receiver(mfa_signals.authenticator_removed)
@receiver(mfa_signals.authenticator_reset)
def _authenticator_changed(sender, **kwargs):
    authenticator = kwargs.get("authenticator")
    log.info(
        "two-factor changed user=%s type=%s", _user_id(kwargs), getattr(authenticator, "type", "")
    )


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, **kwargs):
    log.warning("two-factor code refused user=%s", _user_id(kwargs))
