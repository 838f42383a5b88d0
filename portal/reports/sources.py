"""What the other apps offer the dashboard and the reports, imported defensively.

An app that does not (yet) provide a module or function is skipped: the dashboard and the
reports say "not available" instead of failing.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger("portal.reports")

# Modules that may provide ``waiting() -> list[dict]`` (the coordinator dashboard contract).
WAITING_MODULES = (
    "associations.dashboard",
    "associations.volunteer_dashboard",
    "resources.dashboard",
    "bookings.dashboard",
    "councils.dashboard",
    "microfund.dashboard",
)


def optional_function(module_name: str, function_name: str):
    """``module.function`` when both exist, else None."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, function_name, None)


def usage_rows_function():
    return optional_function("bookings.reports", "usage_rows")


def portfolio_function():
    return optional_function("microfund.reports", "portfolio")


# Optional series for the dashboard's charts: ``function() -> list[(label, number)]``. Not part
# of the common contract yet; an app that provides one gets its chart.
SERIES = (
    ("bookings", "bookings.reports", "bookings_per_week"),
    ("volunteers", "associations.volunteer_dashboard", "matched_per_month"),
)


def series() -> dict[str, list[tuple[str, float]]]:
    found = {}
    for key, module_name, function_name in SERIES:
        function = optional_function(module_name, function_name)
        if function is None:
            continue
        try:
            found[key] = [(str(label), value) for label, value in function()]
        except Exception:
            log.warning("%s.%s failed", module_name, function_name, exc_info=True)
    return found


def waiting_items() -> list[dict]:
    """Every app's items waiting for coordinators, each with ``app`` added."""
    items: list[dict] = []
    for module_name in WAITING_MODULES:
        waiting = optional_function(module_name, "waiting")
        if waiting is None:
            continue
        try:
            for item in waiting() or []:
                items.append({"app": module_name.split(".")[0], **item})
        except Exception:  # one broken app must not take the dashboard down
            log.warning("waiting() of %s failed", module_name, exc_info=True)
    return items


def rows_as_table(rows) -> tuple[list[str], list[list]]:
    """Rows from another app (dicts or sequences) as (header, rows of cells)."""
    rows = list(rows or [])
    if not rows:
        return [], []
    first = rows[0]
    if isinstance(first, dict):
        header = list(first.keys())
        return [str(h) for h in header], [[row.get(h, "") for h in header] for row in rows]
    return [], [list(row) for row in rows]
