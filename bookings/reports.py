"""Usage numbers for coordinators and the reports helper."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache

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


@lru_cache(maxsize=64)
def _clock_change_days(first: date, stop: date, tz) -> frozenset:
    """The days in [first, stop) on which the clocks change (23- or 25-hour days)."""
    days = set()
    day = first
    offset = datetime.combine(day, time(0), tzinfo=tz).utcoffset()
    while day < stop:
        day += timedelta(days=1)
        following = datetime.combine(day, time(0), tzinfo=tz).utcoffset()
        if following != offset:
            days.add(day - timedelta(days=1))
        offset = following
    return frozenset(days)


def _day_hours(resource, day: date, hours, closures, exceptions=()) -> float:
    # timestamp(): elapsed time (a - b on the same tzinfo is wall-clock time).
    windows = resource.opening_windows(day, hours, closures, list(exceptions))
    return sum(e.timestamp() - s.timestamp() for s, e in windows) / 3600


def _open_hours(resource, first: date, stop: date) -> float:
    """Opening hours of ``resource`` on the days in [first, stop): plain days counted per
    weekday (a weekday's hours computed once, kept on the resource); closures, opening
    exceptions and the days the clocks change day by day."""
    hours = list(resource.opening_hours.all())
    closures = list(resource.closures.all())
    exceptions = list(resource.opening_exceptions.all())
    days = (stop - first).days
    if days <= 0:
        return 0.0
    counts = [days // 7] * 7
    for i in range(days % 7):
        counts[(first.weekday() + i) % 7] += 1
    irregular = set(_clock_change_days(first, stop, timezone.get_current_timezone()))
    for c in closures:
        day, last = max(c.start_date, first), min(c.end_date, stop - timedelta(days=1))
        while day <= last:
            irregular.add(day)
            day += timedelta(days=1)
    irregular.update(x.date for x in exceptions if first <= x.date < stop)
    total = 0.0
    for day in irregular:
        counts[day.weekday()] -= 1
        total += _day_hours(resource, day, hours, closures, exceptions)
    per_weekday = resource.__dict__.setdefault("_usage_weekday_hours", {})
    for weekday, count in enumerate(counts):
        if not count:
            continue
        if weekday not in per_weekday:
            day = first + timedelta(days=(weekday - first.weekday()) % 7)
            while day in irregular:
                day += timedelta(days=7)
            per_weekday[weekday] = _day_hours(resource, day, hours, [])
        total += count * per_weekday[weekday]
    return total


def usage_rows(start, end) -> list[dict]:
    """Per resource and month in [start, end): booked hours (confirmed), utilisation of the
    opening hours, hours per association, attendance where recorded, cancellations and
    no-shows (a confirmed booking whose attendance was recorded as 0). The bookings are
    summed in the database (one query, a row per resource, month, association and status)."""
    from django.db.models import Count, DurationField, ExpressionWrapper, Q, Sum, Value
    from django.db.models.functions import Greatest, Least, TruncMonth

    start, end = _as_date(start), _as_date(end)
    tz = timezone.get_current_timezone()
    start_dt = datetime.combine(start, time(0), tzinfo=tz)
    end_dt = datetime.combine(end, time(0), tzinfo=tz)
    resources = list(
        Resource.objects.select_related("venue").prefetch_related("opening_hours", "closures", "opening_exceptions")
        .order_by("venue__name", "name")
    )  # fmt: skip
    rows_q = (
        Booking.objects.filter(start__lt=end_dt, end__gt=start_dt)
        .annotate(month=TruncMonth("start", tzinfo=tz))
        .values("resource_id", "month", "association__name", "status")
        .annotate(
            n=Count("pk"),
            duration=Sum(
                ExpressionWrapper(
                    Least("end", Value(end_dt)) - Greatest("start", Value(start_dt)),
                    output_field=DurationField(),
                )
            ),
            attended_sum=Sum("attended"),
            recorded=Count("attended"),
            no_shows=Count("pk", filter=Q(attended=0)),
        )
        .order_by()
    )
    agg = defaultdict(
        lambda: {"hours": 0.0, "by_assoc": defaultdict(float), "attended": 0, "recorded": 0,
                 "bookings": 0, "cancellations": 0, "no_shows": 0}
    )  # fmt: skip
    for row in rows_q:
        month = row["month"]
        if isinstance(month, datetime):
            month = (
                timezone.localtime(month, tz).date() if timezone.is_aware(month) else month.date()
            )
        a = agg[(row["resource_id"], month.replace(day=1))]
        if row["status"] == Status.CONFIRMED:
            hours = row["duration"].total_seconds() / 3600 if row["duration"] else 0.0
            a["hours"] += hours
            a["by_assoc"][row["association__name"]] += hours
            a["bookings"] += row["n"]
            a["attended"] += row["attended_sum"] or 0
            a["recorded"] += row["recorded"]
            a["no_shows"] += row["no_shows"]
        elif row["status"] == Status.CANCELLED:
            a["cancellations"] += row["n"]
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
