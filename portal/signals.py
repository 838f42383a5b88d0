"""Security logging: authentication events and permission denials, without personal data.

(Signals are used here for logging only; business rules live in services.)
"""

from __future__ import annotations

import hashlib
import logging

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
