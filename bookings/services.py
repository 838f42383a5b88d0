"""Booking state changes. Every path that makes a booking active (the form, series, approval,
the admin) goes through ``_place`` which checks for overlap under a lock on the resource family's
root row, in one transaction:

- SQLite: the settings make every transaction IMMEDIATE, so the check and the insert hold the
  database's write lock together.
- PostgreSQL: ``select_for_update`` on the hall (or the resource itself) serializes bookings of
  the family; the exclusion constraint (migration 0002) is the last line for single-unit resources.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bookings.models import ACTIVE, Booking, Series, Status, WaitingListEntry
from portal import audit, jobs, permissions
from resources.models import Resource

SUGGESTIONS = 3


# --- Reading ---------------------------------------------------------------------------------


def can_approve(user, resource) -> bool:
    """Coordinators approve everything; an owning association's admins approve its resources."""
    if permissions.is_coordinator(user):
        return True
    return resource.owner_id is not None and permissions.is_association_admin(user, resource.owner)


def busy_blocks(
    resource, start, end, *, exclude_pk=None, statuses=ACTIVE
) -> list[tuple[datetime, datetime, int]]:
    """Active bookings of ``resource``'s family overlapping [start, end): (block_start,
    block_end, resource_id)."""
    qs = (
        Booking.objects.filter(status__in=statuses)
        .filter(resource_id__in=resource.family_ids())
        .overlapping(start, end)
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.values_list("block_start", "block_end", "resource_id"))


def _max_concurrent(blocks: list[tuple[datetime, datetime]]) -> int:
    events = []
    for s, e in blocks:
        events.append((s, 1))
        events.append((e, -1))
    events.sort(key=lambda item: (item[0], item[1]))
    best = current = 0
    for _when, delta in events:
        current += delta
        best = max(best, current)
    return best


def is_free(resource, block_start, block_end, blocks) -> bool:
    """Whether a new block fits next to ``blocks`` (from ``busy_blocks``)."""
    own = []
    for s, e, rid in blocks:
        if s >= block_end or e <= block_start:
            continue
        if rid != resource.pk:
            return False  # the hall or one of its parts is taken
        own.append((max(s, block_start), min(e, block_end)))
    if resource.quantity <= 1:
        return not own
    return _max_concurrent(own) < resource.quantity


def fits_opening(resource, start, end, hours=None, closures=None, exceptions=None) -> bool:
    local_start = timezone.localtime(start)
    local_end = timezone.localtime(end)
    if hours is None:
        hours = list(resource.opening_hours.all())
    if closures is None:
        closures = list(resource.closures.all())
    if exceptions is None:
        exceptions = list(resource.opening_exceptions.all())
    day = local_start.date()
    last = (local_end - timedelta(microseconds=1)).date()
    special = False
    while day <= last:
        if any(c.start_date <= day <= c.end_date for c in closures):
            return False
        special = special or any(x.date == day for x in exceptions)
        day += timedelta(days=1)
    if not hours and not special:
        return True
    windows = resource.opening_windows(local_start.date(), hours, [], exceptions)
    return any(s <= start and end <= e for s, e in windows)


def nearest_free(
    resource, start, end, *, exclude_pk=None, limit=SUGGESTIONS
) -> list[tuple[datetime, datetime]]:
    """Free times of the same length nearest to ``start`` (within a week either way)."""
    length = end - start
    step = timedelta(minutes=resource.slot_minutes or 30)
    horizon = timedelta(days=7)
    blocks = busy_blocks(
        resource,
        start - horizon - resource.buffer_after,
        end + horizon + resource.buffer_before,
        exclude_pk=exclude_pk,
    )
    hours = list(resource.opening_hours.all())
    closures = list(resource.closures.all())
    exceptions = list(resource.opening_exceptions.all())
    now = timezone.now()
    found = []
    k = 1
    while len(found) < limit and step * k <= horizon:
        for candidate in (start + step * k, start - step * k):
            if candidate < now:
                continue
            cand_end = candidate + length
            if fits_opening(resource, candidate, cand_end, hours, closures, exceptions) and is_free(
                resource,
                candidate - resource.buffer_before,
                cand_end + resource.buffer_after,
                blocks,
            ):
                found.append((candidate, cand_end))
        k += 1
    return sorted(found[:limit])


def format_span(start, end) -> str:
    s = timezone.localtime(start)
    e = timezone.localtime(end)
    if s.date() == e.date():
        return f"{formats.date_format(s, 'D j F')} {s:%H:%M}–{e:%H:%M}"
    return f"{formats.date_format(s, 'j F')} {s:%H:%M} – {formats.date_format(e, 'j F')} {e:%H:%M}"


class Conflict(ValidationError):
    """The time is taken. ``suggestions`` lists the nearest free times."""

    def __init__(self, message, suggestions):
        super().__init__(message, code="conflict")
        self.suggestions = suggestions


def _conflict(resource, start, end, exclude_pk=None) -> Conflict:
    suggestions = nearest_free(resource, start, end, exclude_pk=exclude_pk)
    message = _("%(resource)s is already booked %(time)s.") % {
        "resource": resource.name,
        "time": format_span(start, end),
    }
    if suggestions:
        message += " " + _("Nearest free times: %(times)s.") % {
            "times": ", ".join(format_span(s, e) for s, e in suggestions)
        }
    return Conflict(message, suggestions)


# --- Rules ------------------------------------------------------------------------------------


def check_rules(resource, association, start, end, attendees, *, now=None, exclude_pk=None) -> None:
    """The resource's booking rules for an ordinary booker (staff in the admin skip them)."""
    now = now or timezone.now()
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError(_("Times must include a time zone."))
    if end <= start:
        raise ValidationError(_("The booking must end after it starts."))
    if not resource.is_bookable_by(association):
        raise ValidationError(
            _("Your association may not book %(resource)s.") % {"resource": resource.name}
        )
    minutes = (end - start).total_seconds() / 60
    if minutes < resource.min_minutes:
        raise ValidationError(
            _("The shortest booking of %(resource)s is %(minutes)s minutes.")
            % {"resource": resource.name, "minutes": resource.min_minutes}
        )
    if resource.max_minutes and minutes > resource.max_minutes:
        raise ValidationError(
            _("The longest booking of %(resource)s is %(minutes)s minutes.")
            % {"resource": resource.name, "minutes": resource.max_minutes}
        )
    slot = resource.slot_minutes or 1
    for moment in (timezone.localtime(start), timezone.localtime(end)):
        if (moment.hour * 60 + moment.minute) % slot or moment.second or moment.microsecond:
            raise ValidationError(
                _("Bookings start and end on the %(slot)s-minute grid.") % {"slot": slot}
            )
    if start < now + timedelta(minutes=resource.latest_notice_minutes):
        raise ValidationError(_("It is too late to book this time."))
    if start > now + timedelta(days=resource.book_ahead_days):
        raise ValidationError(
            _("%(resource)s can be booked at most %(days)s days ahead.")
            % {"resource": resource.name, "days": resource.book_ahead_days}
        )
    if not fits_opening(resource, start, end):
        raise ValidationError(
            _("%(resource)s is closed at that time.") % {"resource": resource.name}
        )
    if resource.capacity and attendees > resource.capacity:
        raise ValidationError(
            _("%(resource)s takes at most %(capacity)s people.")
            % {"resource": resource.name, "capacity": resource.capacity}
        )
    if resource.max_active_bookings:
        active = (
            Booking.objects.active()
            .filter(resource=resource, association=association, end__gt=now)
            .exclude(pk=exclude_pk)
            .count()
        )
        if active >= resource.max_active_bookings:
            raise ValidationError(
                _("Your association already has %(count)s active bookings of %(resource)s.")
                % {"count": active, "resource": resource.name}
            )


# --- Placing (the invariant) -----------------------------------------------------------------


def _lock_family(resource) -> None:
    Resource.objects.select_for_update().filter(pk=resource.root_id).values_list("pk").first()


def _place(booking: Booking, statuses=ACTIVE) -> Booking:
    """Check for overlap under the family lock and save. Call inside transaction.atomic()."""
    resource = booking.resource
    _lock_family(resource)
    booking.set_block()
    blocks = busy_blocks(
        resource, booking.block_start, booking.block_end, exclude_pk=booking.pk, statuses=statuses
    )
    if not is_free(resource, booking.block_start, booking.block_end, blocks):
        raise _conflict(resource, booking.start, booking.end, exclude_pk=booking.pk)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise _conflict(resource, booking.start, booking.end, exclude_pk=booking.pk) from None
    return booking


def book(
    resource,
    association,
    user,
    start,
    end,
    *,
    purpose,
    attendees=1,
    equipment=(),
    series=None,
    enforce_rules=True,
    notify=True,
) -> list[Booking]:
    """Book ``resource`` (and any ``equipment`` for the same time): all or nothing.

    Returns the bookings, the main one first. Raises ValidationError (``Conflict`` when taken).
    """
    resources = [resource, *[e for e in equipment if e.pk != resource.pk]]
    group = uuid.uuid4() if len(resources) > 1 else None
    made = []
    with transaction.atomic():
        # Lock every family up front, in one order, so two multi-resource bookings never deadlock.
        for root_id in sorted({item.root_id for item in resources}):
            Resource.objects.select_for_update().filter(pk=root_id).values_list("pk").first()
        for item in resources:
            if enforce_rules:
                check_rules(item, association, start, end, attendees if item is resource else 1)
            needs_approval = item.needs_approval and enforce_rules
            booking = Booking(
                resource=item,
                association=association,
                booked_by=user if getattr(user, "is_authenticated", False) else None,
                start=start,
                end=end,
                purpose=purpose,
                attendees=attendees,
                price=item.price_for(start, end),
                series=series,
                group=group,
                status=Status.REQUESTED if needs_approval else Status.CONFIRMED,
            )
            made.append(_place(booking))
        for booking in made:
            audit.record(booking, "booked", by=user, to_state=booking.status)
            if notify:
                _notify(booking, "confirmation")
            WaitingListEntry.objects.filter(
                resource=booking.resource, association=association, start__lt=end, end__gt=start
            ).delete()
    return made


def save_from_admin(booking: Booking, user) -> Booking:
    """The admin's save: the same overlap check; rules are the staff's call."""
    with transaction.atomic():
        if booking.pk:
            booking.sequence += 1
        booking.price = booking.resource.price_for(booking.start, booking.end)
        if booking.status in ACTIVE:
            _place(booking)
        else:
            booking.set_block()
            booking.save()
        audit.record(booking, "saved in admin", by=user, to_state=booking.status)
    return booking


def move(booking: Booking, user, start, end) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_related("resource").get(pk=booking.pk)
        if not booking.is_active:
            raise ValidationError(_("Only an active booking can be moved."))
        if not can_cancel(user, booking):
            raise ValidationError(
                _("The deadline for changes has passed; contact the coordinator.")
            )
        check_rules(
            booking.resource,
            booking.association,
            start,
            end,
            booking.attendees,
            exclude_pk=booking.pk,
        )
        old = format_span(booking.start, booking.end)
        booking.start, booking.end = start, end
        booking.sequence += 1
        booking.price = booking.resource.price_for(start, end)
        _place(booking)
        audit.record(booking, "moved", by=user, reason=old)
    return booking


# --- Decisions --------------------------------------------------------------------------------


def _lock_booking(booking: Booking) -> Booking:
    """The booking again, locked for this transaction, with its resource."""
    return (
        Booking.objects.select_related("resource")
        .select_for_update(of=("self",))
        .get(pk=booking.pk)
    )


def _decide(booking: Booking, user, to_state, reason: str, refusal) -> Booking:
    """Lock a request an approver may decide and mark it decided (not yet saved)."""
    booking = _lock_booking(booking)
    if not can_approve(user, booking.resource):
        raise PermissionDenied
    if booking.status != Status.REQUESTED:
        raise ValidationError(refusal)
    booking.status = to_state
    booking.decided_by = user
    booking.decided_at = timezone.now()
    booking.reason = reason
    booking.sequence += 1
    return booking


def _record_decision(booking: Booking, user, event: str, reason: str) -> None:
    audit.record(
        booking,
        event,
        by=user,
        from_state=Status.REQUESTED,
        to_state=booking.status,
        reason=reason,
    )
    _notify(booking, "decision")


def approve(booking: Booking, user, reason: str = "") -> Booking:
    with transaction.atomic():
        # Lock the family first, then read the request: two approvers are serialized.
        _lock_family(Resource.objects.get(pk=booking.resource_id))
        booking = _decide(
            booking, user, Status.CONFIRMED, reason, _("Only a requested booking can be approved.")
        )
        # Other requests do not block an approval (the approver sees them); confirmed ones do.
        _place(booking, statuses=(Status.CONFIRMED,))
        _record_decision(booking, user, "approved", reason)
    return booking


def reject(booking: Booking, user, reason: str = "") -> Booking:
    with transaction.atomic():
        booking = _decide(
            booking, user, Status.REJECTED, reason, _("Only a requested booking can be rejected.")
        )
        booking.save()
        _record_decision(booking, user, "rejected", reason)
        _notify_waiting(booking)
    return booking


def can_cancel(user, booking, now=None) -> bool:
    """The booker's association until the deadline; coordinators and owners any time."""
    if not booking.is_active:
        return False
    if can_approve(user, booking.resource):
        return True
    if not permissions.is_association_member(user, booking.association):
        return False
    now = now or timezone.now()
    deadline = booking.start - timedelta(hours=booking.resource.cancellation_deadline_hours)
    return now <= deadline


def cancel(booking: Booking, user, reason: str = "") -> Booking:
    with transaction.atomic():
        booking = _lock_booking(booking)
        if not can_cancel(user, booking):
            if booking.is_active and permissions.is_association_member(user, booking.association):
                raise ValidationError(
                    _("The cancellation deadline has passed; contact the coordinator.")
                )
            raise ValidationError(_("This booking cannot be cancelled."))
        old = booking.status
        booking.status = Status.CANCELLED
        booking.reason = reason
        booking.sequence += 1
        booking.save()
        audit.record(
            booking, "cancelled", by=user, from_state=old, to_state=Status.CANCELLED, reason=reason
        )
        _notify(booking, "cancellation")
        _notify_waiting(booking)
    return booking


def record_attendance(booking: Booking, user, attended: int) -> Booking:
    if not (
        permissions.is_association_member(user, booking.association)
        or permissions.is_coordinator(user)
    ):
        raise PermissionDenied
    if booking.status != Status.CONFIRMED or booking.start > timezone.now():
        raise ValidationError(_("Attendance can be recorded once a confirmed booking has started."))
    booking.attended = attended
    booking.save(update_fields=["attended", "updated_at"])
    return booking


def join_waiting_list(resource, association, user, start, end) -> WaitingListEntry:
    entry, _created = WaitingListEntry.objects.get_or_create(
        resource=resource,
        association=association,
        user=user,
        start=start,
        end=end,
        notified_at=None,
    )
    return entry


# --- Series -----------------------------------------------------------------------------------


def series_occurrences(series_or_spec) -> list[tuple[datetime, datetime]]:
    """The occurrences of a series, keeping the local wall-clock time across DST changes."""
    s = series_or_spec
    tz = timezone.get_current_timezone()
    step = timedelta(weeks=2 if s.frequency == Series.Frequency.BIWEEKLY else 1)
    limit = s.count or 200
    out = []
    day = s.first_date
    while len(out) < limit:
        if s.until and day > s.until:
            break
        start = datetime.combine(day, s.start_time, tzinfo=tz)
        end = datetime.combine(day, s.end_time, tzinfo=tz)
        out.append((start, end))
        day += step
        if not s.until and not s.count:
            break
    return out


def preview_series(resource, association, spec, attendees=1) -> list[dict]:
    """Each occurrence with its problem (None when it can be booked)."""
    rows = []
    for start, end in series_occurrences(spec):
        problem = None
        try:
            check_rules(resource, association, start, end, attendees)
            blocks = busy_blocks(
                resource, start - resource.buffer_before, end + resource.buffer_after
            )
            if not is_free(
                resource, start - resource.buffer_before, end + resource.buffer_after, blocks
            ):
                problem = _("already booked")
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        rows.append({"start": start, "end": end, "problem": problem})
    return rows


def book_series(
    resource, association, user, spec, *, purpose, attendees=1, skip_conflicts=False
) -> tuple[Series, list[Booking], list[dict]]:
    """Book every occurrence. With ``skip_conflicts`` the taken dates are skipped; otherwise a
    conflict aborts the whole series (nothing is saved)."""
    with transaction.atomic():
        series = Series.objects.create(
            resource=resource,
            association=association,
            booked_by=user,
            frequency=spec.frequency,
            first_date=spec.first_date,
            start_time=spec.start_time,
            end_time=spec.end_time,
            until=spec.until,
            count=spec.count,
            purpose=purpose,
        )
        made, skipped = [], []
        for start, end in series_occurrences(spec):
            try:
                with transaction.atomic():
                    made += book(
                        resource,
                        association,
                        user,
                        start,
                        end,
                        purpose=purpose,
                        attendees=attendees,
                        series=series,
                        notify=False,
                    )
            except ValidationError as exc:
                if not skip_conflicts:
                    raise
                skipped.append({"start": start, "end": end, "problem": " ".join(exc.messages)})
        if not made:
            raise ValidationError(_("No date of the series could be booked."))
        audit.record(
            series, "series booked", by=user, data={"booked": len(made), "skipped": len(skipped)}
        )
        _notify(made[0], "confirmation")
    return series, made, skipped


def cancel_in_series(booking: Booking, user, scope: str, reason: str = "") -> list[Booking]:
    """Cancel ``one``, ``following`` (this and later) or ``all`` occurrences."""
    if booking.series_id is None or scope == "one":
        return [cancel(booking, user, reason)]
    qs = Booking.objects.active().filter(series_id=booking.series_id)
    if scope == "following":
        qs = qs.filter(start__gte=booking.start)
    cancelled = []
    with transaction.atomic():
        for other in qs.order_by("start"):
            if can_cancel(user, other):
                cancelled.append(cancel(other, user, reason))
    return cancelled


def _move_targets(
    booking: Booking, scope: str, start, end
) -> list[tuple[Booking, datetime, datetime]]:
    """(occurrence, new start, new end) for each booking a move takes, in the order they move:
    each other occurrence moves by the same number of days to the new local wall-clock times
    (kept across daylight-saving changes), in the direction of travel so they never run into
    each other."""
    if booking.series_id is None or scope == "one":
        return [(booking, start, end)]
    tz = timezone.get_current_timezone()
    old_start = timezone.localtime(booking.start, tz)
    new_start, new_end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    shift = new_start.date() - old_start.date()
    end_days = new_end.date() - new_start.date()
    qs = Booking.objects.active().filter(series_id=booking.series_id, start__gte=timezone.now())
    if scope == "following":
        qs = qs.filter(start__gte=booking.start)
    later = (new_start.date(), new_start.time()) > (old_start.date(), old_start.time())
    targets = []
    for other in qs.select_related("resource").order_by("-start" if later else "start"):
        day = timezone.localtime(other.start, tz).date() + shift
        s = datetime.combine(day, new_start.time(), tzinfo=tz)
        e = datetime.combine(day + end_days, new_end.time(), tzinfo=tz)
        targets.append((other, s, e))
    return targets


def preview_move(booking: Booking, user, scope: str, start, end) -> list[dict]:
    """What ``move_in_series`` would do, without saving: each booking that would move, its
    new time and its problem (None when it can move). The same rules and overlap check as
    ``move``; the occurrences that move along do not block each other."""
    targets = _move_targets(booking, scope, start, end)
    moving = {other.pk for other, _s, _e in targets}
    rows = []
    for other, s, e in sorted(targets, key=lambda t: t[1]):
        resource = other.resource
        problem = None
        try:
            if not other.is_active:
                raise ValidationError(_("Only an active booking can be moved."))
            if not can_cancel(user, other):
                raise ValidationError(
                    _("The deadline for changes has passed; contact the coordinator.")
                )
            check_rules(resource, other.association, s, e, other.attendees, exclude_pk=other.pk)
            block_start, block_end = s - resource.buffer_before, e + resource.buffer_after
            blocks = [
                (bs, be, rid)
                for bs, be, rid, pk in Booking.objects.filter(status__in=ACTIVE)
                .filter(resource_id__in=resource.family_ids())
                .overlapping(block_start, block_end)
                .exclude(pk__in=moving)
                .values_list("block_start", "block_end", "resource_id", "pk")
            ]
            if not is_free(resource, block_start, block_end, blocks):
                problem = _("already booked")
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        rows.append(
            {"booking": other, "old_start": other.start, "old_end": other.end,
             "start": s, "end": e, "problem": problem}
        )  # fmt: skip
    return rows


def move_in_series(booking: Booking, user, scope: str, start, end) -> list[Booking]:
    """Move ``one``, ``following`` (this and later) or ``all`` occurrences: each other
    occurrence moves by the same number of days to the new local wall-clock times (kept across
    daylight-saving changes), each through the overlap check. All or nothing."""
    if booking.series_id is None or scope == "one":
        return [move(booking, user, start, end)]
    tz = timezone.get_current_timezone()
    old_start = timezone.localtime(booking.start, tz)
    new_start, new_end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    shift = new_start.date() - old_start.date()
    moved = []
    with transaction.atomic():
        for other, s, e in _move_targets(booking, scope, start, end):
            try:
                moved.append(move(other, user, s, e))
            except ValidationError as exc:
                raise ValidationError(
                    _("%(when)s: %(problem)s")
                    % {"when": format_span(s, e), "problem": " ".join(exc.messages)}
                ) from None
        if scope == "all" and moved:
            series = Series.objects.select_for_update().get(pk=booking.series_id)
            series.first_date += shift
            if series.until:
                series.until += shift
            series.start_time, series.end_time = new_start.time(), new_end.time()
            series.save(update_fields=["first_date", "until", "start_time", "end_time"])
    return sorted(moved, key=lambda b: b.start)


# --- Notices ----------------------------------------------------------------------------------


def _notify(booking, kind: str) -> None:
    from bookings import tasks

    jobs.enqueue(tasks.send_booking_notice, booking.pk, kind, booking.status, booking.reason)


def _notify_waiting(booking) -> None:
    from bookings import tasks

    ids = list(
        WaitingListEntry.objects.filter(
            resource=booking.resource,
            start__lt=booking.end,
            end__gt=booking.start,
            notified_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        jobs.enqueue(tasks.notify_waiting, pk)
