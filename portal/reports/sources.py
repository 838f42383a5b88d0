"""What the other apps give the dashboard and the digest: every app's ``waiting()`` (the
coordinator dashboard contract).

An app may also provide ``waiting_queues() -> list[Queue]``: then the dashboard counts every
app's queues in ONE SQL query (a UNION ALL of one ``COUNT``/``MIN`` per queue) instead of one
or two queries per queue, and the app's ``waiting()`` is simply ``run_queues(waiting_queues())``.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Min, QuerySet, Value

log = logging.getLogger("portal.reports")

# Every module providing ``waiting() -> list[dict]``.
WAITING_MODULES = (
    "associations.dashboard",
    "associations.volunteer_dashboard",
    "bookings.dashboard",
    "councils.dashboard",
    "microfund.dashboard",
)


@dataclass
class Queue:
    """One waiting item: the rows waiting (a filtered queryset), the field dating the oldest,
    and the item's label and admin URL. ``hide_empty`` leaves the item out when nothing waits."""

    label: str
    queryset: QuerySet
    oldest_field: str
    url: str
    hide_empty: bool = False
    extra: dict = field(default_factory=dict)


def _counted(queue: Queue, index: int) -> QuerySet:
    # A constant is not grouped by: one row per queue (COUNT and MIN over the whole filter).
    return (
        queue.queryset.order_by()
        .annotate(queue_index=Value(index, output_field=IntegerField()))
        .values("queue_index")
        .annotate(count=Count("pk"), oldest=Min(queue.oldest_field))
        .values_list("queue_index", "count", "oldest")
    )


def _count(queues: list[Queue]) -> list[tuple[int, dict]]:
    """Count every queue in one query: (index of the queue, item) for the items shown."""
    if not queues:
        return []
    parts = [_counted(queue, i) for i, queue in enumerate(queues)]
    combined = parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]
    rows = {index: (count, oldest) for index, count, oldest in combined}
    items = []
    for i, queue in enumerate(queues):
        count, oldest = rows.get(i, (0, None))
        if queue.hide_empty and not count:
            continue
        items.append(
            (i, {"label": queue.label, "count": count or 0, "oldest": oldest, "url": queue.url,
                 **queue.extra})
        )  # fmt: skip
    return items


def run_queues(queues: list[Queue]) -> list[dict]:
    """An app's ``waiting()`` from its queues (one query)."""
    return [item for _i, item in _count(queues)]


def waiting_items() -> list[dict]:
    """Every app's items waiting for coordinators, each with ``app`` added (the apps with
    ``waiting_queues()`` counted together in one query)."""
    items: list[dict] = []
    queued: list[tuple[str, Queue]] = []
    for module_name in WAITING_MODULES:
        module = importlib.import_module(module_name)
        app = module_name.split(".")[0]
        try:
            if hasattr(module, "waiting_queues"):
                queued.extend((app, queue) for queue in module.waiting_queues())
            else:
                items.extend({"app": app, **item} for item in module.waiting() or [])
        except Exception:  # one broken app must not take the dashboard down
            log.warning("waiting() of %s failed", module_name, exc_info=True)
    try:
        for i, item in _count([queue for _app, queue in queued]):
            items.append({"app": queued[i][0], **item})
    except Exception:
        log.warning("counting the waiting queues failed", exc_info=True)
    return items
