"""Usage numbers for coordinators and the reports helper."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bookings.models import Booking, Status
from resources.models import Resource


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _months(start: date, end: date):
    month = start.replace(day=1)
    while month < end:
        nxt = (month + timedelta(days=32)).replace(day=1)
        yield month, max(month, start), min(nxt, end)
        month = nxt


def _open_hours(resource, first: date, stop: date) -> float:
    hours = list(resource.opening_hours.all())
    closures = list(resource.closures.all())
    total = 0.0
    day = first
    while day < stop:
        for s, e in resource.opening_windows(day, hours, closures):
            total += (e - s).total_seconds() / 3600
        day += timedelta(days=1)
    return total


def usage_rows(start, end) -> list[dict]:
    """Per resource and month in [start, end): booked hours (confirmed), utilisation of the
    opening hours, hours per association, attendance where recorded, cancellations and
    no-shows (a confirmed booking whose attendance was recorded as 0)."""
    start, end = _as_date(start), _as_date(end)
    tz = timezone.get_current_timezone()
    start_dt = datetime.combine(start, time(0), tzinfo=tz)
    end_dt = datetime.combine(end, time(0), tzinfo=tz)
    resources = list(
        Resource.objects.select_related("venue").prefetch_related("opening_hours", "closures")
        .order_by("venue__name", "name")
    )  # fmt: skip
    rows_q = Booking.objects.filter(start__lt=end_dt, end__gt=start_dt).values_list(
        "resource_id", "association__name", "start", "end", "status", "attended"
    )
    agg = defaultdict(
        lambda: {"hours": 0.0, "by_assoc": defaultdict(float), "attended": 0, "recorded": 0,
                 "bookings": 0, "cancellations": 0, "no_shows": 0}
    )  # fmt: skip
    for resource_id, assoc, b_start, b_end, status, attended in rows_q:
        local = timezone.localtime(b_start, tz)
        key = (resource_id, local.date().replace(day=1))
        a = agg[key]
        if status == Status.CONFIRMED:
            s, e = max(b_start, start_dt), min(b_end, end_dt)
            hours = (e - s).total_seconds() / 3600
            a["hours"] += hours
            a["by_assoc"][assoc] += hours
            a["bookings"] += 1
            if attended is not None:
                a["attended"] += attended
                a["recorded"] += 1
                if attended == 0:
                    a["no_shows"] += 1
        elif status == Status.CANCELLED:
            a["cancellations"] += 1
    out = []
    for r in resources:
        for month, first, stop in _months(start, end):
            a = agg.get((r.pk, month))
            open_hours = _open_hours(r, first, stop) * max(r.quantity, 1)
            hours = a["hours"] if a else 0.0
            out.append(
                {
                    "resource": r.name,
                    "resource_id": r.pk,
                    "venue": r.venue.name,
                    "month": month.strftime("%Y-%m"),
                    "booked_hours": round(hours, 2),
                    "open_hours": round(open_hours, 2),
                    "utilisation": round(hours / open_hours, 4) if open_hours else None,
                    "hours_by_association": {
                        k: round(v, 2) for k, v in sorted(a["by_assoc"].items())
                    }
                    if a
                    else {},
                    "bookings": a["bookings"] if a else 0,
                    "attended": a["attended"] if a else 0,
                    "attendance_recorded": a["recorded"] if a else 0,
                    "cancellations": a["cancellations"] if a else 0,
                    "no_shows": a["no_shows"] if a else 0,
                }
            )
    return out


def utilisation_rows(start, end) -> list[dict]:
    """One row per resource over the whole period (for the coordinators' page)."""
    per = {}
    for row in usage_rows(start, end):
        r = per.setdefault(
            row["resource_id"],
            {"resource": row["resource"], "venue": row["venue"], "booked_hours": 0.0, "open_hours": 0.0,
             "bookings": 0, "attended": 0, "cancellations": 0},
        )  # fmt: skip
        for k in ("booked_hours", "open_hours", "bookings", "attended", "cancellations"):
            r[k] += row[k]
    rows = list(per.values())
    for r in rows:
        r["utilisation"] = r["booked_hours"] / r["open_hours"] if r["open_hours"] else None
        r["booked_hours"] = round(r["booked_hours"], 1)
    return rows


def association_rows(start, end) -> list[dict]:
    """Per association with bookings starting in [start, end): confirmed bookings and hours,
    attendance where recorded, cancellations and no-shows (one query)."""
    start, end = _as_date(start), _as_date(end)
    tz = timezone.get_current_timezone()
    rows = Booking.objects.filter(
        start__gte=datetime.combine(start, time(0), tzinfo=tz),
        start__lt=datetime.combine(end, time(0), tzinfo=tz),
    ).values_list("association_id", "association__name", "start", "end", "status", "attended")
    per: dict = {}
    for assoc_id, name, b_start, b_end, status, attended in rows.iterator(chunk_size=5000):
        a = per.setdefault(
            assoc_id,
            {"association_id": assoc_id, "association": name, "bookings": 0, "booked_hours": 0.0,
             "attended": 0, "attendance_recorded": 0, "cancellations": 0, "no_shows": 0},
        )  # fmt: skip
        if status == Status.CONFIRMED:
            a["bookings"] += 1
            a["booked_hours"] += (b_end - b_start).total_seconds() / 3600
            if attended is not None:
                a["attended"] += attended
                a["attendance_recorded"] += 1
                a["no_shows"] += attended == 0
        elif status == Status.CANCELLED:
            a["cancellations"] += 1
    out = sorted(per.values(), key=lambda a: (a["association"] or "").lower())
    for a in out:
        a["booked_hours"] = round(a["booked_hours"], 2)
    return out


def bookings_per_week(weeks: int = 12, today: date | None = None) -> list[tuple[str, int]]:
    """Confirmed and requested bookings per ISO week, by start, for the last ``weeks`` weeks up
    to and including this one (weeks without bookings count 0; one query)."""
    from django.db.models import Count
    from django.db.models.functions import TruncWeek

    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    tz = timezone.get_current_timezone()
    counts = {
        _as_date(row["week"]): row["n"]
        for row in Booking.objects.filter(
            status__in=[Status.CONFIRMED, Status.REQUESTED],
            start__gte=datetime.combine(first, time(0), tzinfo=tz),
            start__lt=datetime.combine(monday + timedelta(weeks=1), time(0), tzinfo=tz),
        )
        .annotate(week=TruncWeek("start", tzinfo=tz))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by()
    }
    out = []
    for i in range(weeks):
        week = first + timedelta(weeks=i)
        out.append((f"v. {week.isocalendar().week}", counts.get(week, 0)))
    return out
