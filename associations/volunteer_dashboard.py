"""Coordinator dashboard contract: what volunteer brokering has waiting for coordinators."""

from __future__ import annotations

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext as _

from associations.models import Application, Assignment
from portal.reports.sources import Queue, run_queues


def waiting_queues() -> list[Queue]:
    changelist = "admin:associations_{}_changelist"
    return [
        Queue(
            _("Assignments waiting for approval"),
            Assignment.objects.filter(status=Assignment.Status.PUBLISHED, needs_approval=True),
            "published_at",
            reverse(changelist.format("assignment"))
            + "?status__exact=published&needs_approval__exact=1",
        ),
        Queue(
            _("Applications unanswered for 5 days"),
            Application.objects.unanswered(),
            "created_at",
            reverse(changelist.format("application")) + "?unanswered=yes",
        ),
    ]


def waiting() -> list[dict]:
    return run_queues(waiting_queues())


def matched_per_month(months: int = 12, today=None) -> list[tuple[str, int]]:
    """Volunteers matched (applications accepted) per month, by when they were answered, for
    the last ``months`` months up to and including this one (one query)."""
    import datetime

    from django.db.models.functions import Coalesce, TruncMonth
    from django.utils import timezone

    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    tz = timezone.get_current_timezone()
    rows = (
        Application.objects.filter(status=Application.Status.ACCEPTED)
        .annotate(matched=Coalesce("answered_at", "created_at"))
        .filter(matched__gte=datetime.datetime.combine(first, datetime.time(0), tzinfo=tz))
        .annotate(month=TruncMonth("matched", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = (
                timezone.localtime(month, tz).date() if timezone.is_aware(month) else month.date()
            )
        counts[month.replace(day=1)] = row["n"]
    out, month = [], first
    for _i in range(months):
        out.append((f"{month:%Y-%m}", counts.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return out


def activity_per_association(start, end) -> dict[int, dict]:
    """Per association, volunteer activity in [start, end) (dates): assignments published,
    applications received and volunteers matched (three queries)."""
    import datetime

    from django.db.models.functions import Coalesce
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time(0), tzinfo=tz)
    hi = datetime.datetime.combine(end, datetime.time(0), tzinfo=tz)
    out: dict[int, dict] = {}

    def add(rows, key):
        for row in rows:
            entry = out.setdefault(
                row["aid"],
                {"association": row["aname"], "assignments_published": 0,
                 "applications": 0, "matched": 0},
            )  # fmt: skip
            entry[key] = row["n"]

    add(
        Assignment.objects.filter(published_at__gte=lo, published_at__lt=hi)
        .values(aid=F("association_id"), aname=F("association__name"))
        .annotate(n=Count("pk"))
        .order_by(),
        "assignments_published",
    )
    applications = Application.objects.values(
        aid=F("assignment__association_id"), aname=F("assignment__association__name")
    )
    add(
        applications.filter(created_at__gte=lo, created_at__lt=hi)
        .annotate(n=Count("pk"))
        .order_by(),
        "applications",
    )
    add(
        applications.filter(status=Application.Status.ACCEPTED)
        .annotate(matched_at=Coalesce("answered_at", "created_at"))
        .filter(matched_at__gte=lo, matched_at__lt=hi)
        .annotate(n=Count("pk"))
        .order_by(),
        "matched",
    )
    return out
