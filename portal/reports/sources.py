"""What the other apps give the dashboard and the digest: every app's ``waiting()`` (the
coordinator dashboard contract)."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger("portal.reports")

# Every module providing ``waiting() -> list[dict]``.
WAITING_MODULES = (
    "associations.dashboard",
    "associations.volunteer_dashboard",
    "bookings.dashboard",
    "councils.dashboard",
    "microfund.dashboard",
)


def waiting_items() -> list[dict]:
    """Every app's items waiting for coordinators, each with ``app`` added."""
    items: list[dict] = []
    for module_name in WAITING_MODULES:
        waiting = importlib.import_module(module_name).waiting
        try:
            for item in waiting() or []:
                items.append({"app": module_name.split(".")[0], **item})
        except Exception:  # one broken app must not take the dashboard down
            log.warning("waiting() of %s failed", module_name, exc_info=True)
    return items
