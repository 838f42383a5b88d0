"""Free times: the week calendar and the free-slot search, with a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from bookings import services
from bookings.models import ACTIVE, Booking
from resources.models import Resource


def blocks_by_family(resources, start, end) -> dict[int, list]:
    """For each resource, the active blocks of its family in [start, end) — one query."""
    ids = set()
    for r in resources:
        ids.add(r.pk)
        if r.parent_id:
            ids.add(r.parent_id)
    # sub-rooms of halls in the list
    part_ids = dict(
        Resource.objects.filter(parent_id__in=[r.pk for r in resources]).values_list(
            "pk", "parent_id"
        )
    )
    ids.update(part_ids)
    rows = (
        Booking.objects.filter(status__in=ACTIVE, resource_id__in=ids)
        .overlapping(start, end)
        .values_list("block_start", "block_end", "resource_id")
    )
    by_resource = defaultdict(list)
    for row in rows:
        by_resource[row[2]].append(row)
    parts_of = defaultdict(list)
    for part, parent in part_ids.items():
        parts_of[parent].append(part)
    out = {}
    for r in resources:
        family = {r.pk, *parts_of.get(r.pk, [])}
        if r.parent_id:
            family.add(r.parent_id)
        out[r.pk] = [b for rid in family for b in by_resource.get(rid, [])]
    return out


def free_starts(
    resource,
    window_start,
    window_end,
    length,
    blocks,
    hours,
    closures,
    *,
    exceptions=None,
    now=None,
):
    """Start times on the resource's grid in [window_start, window_end - length] that are free
    and open."""
    now = now or timezone.now()
    if exceptions is None:
        exceptions = list(resource.opening_exceptions.all())
    step = timedelta(minutes=resource.slot_minutes or 30)
    tz = timezone.get_current_timezone()
    local = timezone.localtime(window_start, tz)
    minutes = local.hour * 60 + local.minute
    rem = minutes % (resource.slot_minutes or 30)
    t = local.replace(second=0, microsecond=0)
    if rem or local.second or local.microsecond:
        t = t + timedelta(minutes=(resource.slot_minutes or 30) - rem)
    out = []
    earliest = now + timedelta(minutes=resource.latest_notice_minutes)
    latest = now + timedelta(days=resource.book_ahead_days)
    while t + length <= window_end:
        end = t + length
        if (
            t >= earliest
            and t <= latest
            and services.fits_opening(resource, t, end, hours, closures, exceptions)
            and services.is_free(
                resource, t - resource.buffer_before, end + resource.buffer_after, blocks
            )
        ):
            out.append(t)
        # Step in wall-clock time on the grid (DST days have 23 or 25 hours).
        t = (t.astimezone(UTC) + step).astimezone(tz)
    return out


def search(
    *,
    day: date,
    from_time: time,
    to_time: time,
    minutes: int,
    capacity: int = 0,
    features=(),
    association=None,
    limit: int = 20,
):
    """Resources with a free time of ``minutes`` on ``day`` between the times, best first.

    Returns a list of (resource, [free start datetimes]); rooms without any free time are left out.
    """
    tz = timezone.get_current_timezone()
    window_start = datetime.combine(day, from_time, tzinfo=tz)
    window_end = datetime.combine(day, to_time, tzinfo=tz)
    length = timedelta(minutes=minutes)
    qs = Resource.objects.active().exclude(kind=Resource.Kind.EQUIPMENT)
    if capacity:
        qs = qs.filter(capacity__gte=capacity)
    feature_ids = [f.pk for f in features]
    if feature_ids:
        qs = qs.annotate(
            matched=Count("features", filter=Q(features__in=feature_ids), distinct=True)
        ).filter(matched=len(feature_ids))
    if association is not None:
        qs = qs.filter(pk__in=Resource.objects.bookable_by(association).values("pk"))
    resources = list(
        qs.select_related("venue").prefetch_related("opening_hours", "closures", "opening_exceptions", "features")
        .order_by("capacity", "name")[:limit]
    )  # fmt: skip
    blocks = blocks_by_family(
        resources, window_start - timedelta(days=1), window_end + timedelta(days=1)
    )
    results = []
    for r in resources:
        if r.min_minutes and minutes < r.min_minutes or r.max_minutes and minutes > r.max_minutes:
            continue
        starts = free_starts(
            r, window_start, window_end, length, blocks[r.pk],
            list(r.opening_hours.all()), list(r.closures.all()),
        )  # fmt: skip
        if starts:
            results.append((r, starts))
    return results


def own_bookings(association, day: date, from_time: time, to_time: time) -> list:
    """The acting association's active bookings overlapping the search window (one query), so
    the search can show them as "yours" rather than just taken."""
    from bookings.models import Booking

    if association is None:
        return []
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, from_time, tzinfo=tz)
    end = datetime.combine(day, to_time, tzinfo=tz)
    return list(
        Booking.objects.active()
        .filter(association=association, start__lt=end, end__gt=start)
        .select_related("resource__venue")
        .order_by("start", "resource__name")
    )


def week_calendar(resource, monday: date, *, now=None):
    """The week's grid: rows of slot times, each with seven cells (free / taken / closed / past)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    hours = list(resource.opening_hours.all())
    closures = list(resource.closures.all())
    days = [monday + timedelta(days=i) for i in range(7)]
    exceptions = list(resource.opening_exceptions.filter(date__in=days))
    if hours:
        first = min(h.opens for h in hours)
        last = max(h.closes for h in hours)
    else:
        first, last = time(7), time(22)
    if exceptions:
        first = min([first] + [x.opens for x in exceptions])
        last = max([last] + [x.closes for x in exceptions])
    start = datetime.combine(monday, time(0), tzinfo=tz) - timedelta(days=1)
    end = datetime.combine(monday + timedelta(days=8), time(0), tzinfo=tz)
    blocks = blocks_by_family([resource], start, end)[resource.pk]
    slot = timedelta(minutes=resource.slot_minutes or 30)
    rows = []
    t = datetime.combine(monday, first)
    stop = datetime.combine(monday, last)
    while t < stop:
        cells = []
        for d in days:
            cell_start = datetime.combine(d, t.time(), tzinfo=tz)
            cell_end = cell_start + slot
            if cell_start < now:
                state = "past"
            elif not services.fits_opening(
                resource, cell_start, cell_end, hours, closures, exceptions
            ):
                state = "closed"
            elif services.is_free(
                resource,
                cell_start - resource.buffer_before,
                cell_end + resource.buffer_after,
                blocks,
            ):
                state = "free"
            else:
                state = "taken"
            cells.append({"start": cell_start, "end": cell_end, "state": state})
        rows.append({"time": t.time(), "cells": cells})
        t += slot
    return {"days": days, "rows": rows, "start": start, "end": end}
