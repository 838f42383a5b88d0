from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import ical, services
from bookings.forms import (
    AttendanceForm,
    BookingForm,
    CancelForm,
    MoveForm,
    ReasonForm,
    SeriesForm,
)
from bookings.models import ACTIVE, Booking, FeedToken, Status
from portal import permissions
from portal.pagecache import cache_private_page
from portal.permissions import active_association
from resources.models import Resource

FLAG_AFTER = timedelta(hours=48)


def _bookable_resource(request, slug):
    resource = get_object_or_404(
        Resource.objects.active()
        .select_related("venue")
        .prefetch_related("opening_hours", "closures", "opening_exceptions"),
        slug=slug,
    )
    association = active_association(request)
    if not resource.is_bookable_by(association):
        raise PermissionDenied
    return resource, association


def _show_errors(request, form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def create(request, slug):
    resource, association = _bookable_resource(request, slug)
    initial = {}
    start = request.GET.get("start")
    if start:
        try:
            moment = timezone.localtime(datetime.fromisoformat(start))
            initial = {
                "date": moment.date(),
                "start_time": moment.time(),
                "end_time": (moment + timedelta(minutes=max(resource.min_minutes, 60))).time(),
            }
        except (ValueError, TypeError):
            initial = {}
    form = BookingForm(request.POST or None, resource=resource, initial=initial)
    suggestions, alternatives = [], []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.book(
                resource, association, request.user, data["start"], data["end"],
                purpose=data["purpose"], attendees=data["attendees"],
                equipment=list(data.get("equipment") or []),
            )  # fmt: skip
        except services.Conflict as exc:
            _show_errors(request, form, exc)
            suggestions = exc.suggestions
            alternatives = _other_rooms(resource, association, data)
        except ValidationError as exc:
            _show_errors(request, form, exc)
        else:
            booking = made[0]
            if booking.status == Status.REQUESTED:
                messages.success(
                    request, _("Your request has been sent. It holds the time until it is decided.")
                )
            else:
                messages.success(request, _("Booked."))
            return redirect(booking)
    return render(
        request,
        "bookings/form.html",
        {
            "form": form,
            "resource": resource,
            "association": association,
            "suggestions": suggestions,
            "alternatives": alternatives,
        },
    )


def _other_rooms(resource, association, data) -> list:
    """Other rooms (not equipment) free at the wanted time, for the same number of people."""
    from bookings.search import search

    start, end = data["start"], data["end"]
    if (
        resource.kind == Resource.Kind.EQUIPMENT
        or timezone.localtime(start).date() != timezone.localtime(end).date()
    ):
        return []
    found = search(
        day=timezone.localtime(start).date(),
        from_time=timezone.localtime(start).time(),
        to_time=timezone.localtime(end).time(),
        minutes=int((end - start).total_seconds() // 60),
        capacity=data.get("attendees") or 0,
        association=association,
    )
    return [r for r, starts in found if r.pk != resource.pk and start in starts][:3]


@login_required
def create_series(request, slug):
    resource, association = _bookable_resource(request, slug)
    form = SeriesForm(request.POST or None, resource=resource)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = form.spec()
        if "confirm" not in request.POST:
            preview = services.preview_series(resource, association, spec, data["attendees"])
        else:
            try:
                series, made, skipped = services.book_series(
                    resource, association, request.user, spec, purpose=data["purpose"],
                    attendees=data["attendees"], skip_conflicts=data["on_conflict"] == "skip",
                )  # fmt: skip
            except ValidationError as exc:
                _show_errors(request, form, exc)
                preview = services.preview_series(resource, association, spec, data["attendees"])
            else:
                messages.success(
                    request,
                    _("%(n)s bookings made, %(s)s dates skipped.")
                    % {"n": len(made), "s": len(skipped)},
                )
                return redirect(made[0])
    return render(
        request,
        "bookings/series_form.html",
        {"form": form, "resource": resource, "association": association, "preview": preview},
    )


@login_required
@cache_private_page("bookings", "resources")
def mine(request):
    association = active_association(request)
    bookings = Booking.objects.none()
    if association is not None:
        bookings = Booking.objects.filter(association=association).for_list()
        if request.GET.get("visa") == "tidigare":
            bookings = bookings.filter(end__lt=timezone.now()).order_by("-start")
        else:
            bookings = bookings.filter(end__gte=timezone.now()).order_by("start")
    page = Paginator(bookings, 30).get_page(request.GET.get("page"))
    feed = None
    if association is not None and permissions.is_association_member(request.user, association):
        feed = FeedToken.objects.filter(association=association).first()
    return render(
        request,
        "bookings/mine.html",
        {
            "association": association,
            "page": page,
            "feed": feed,
            "past": request.GET.get("visa") == "tidigare",
        },
    )


def _visible_booking(request, pk) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related(
            "resource__venue", "resource__owner", "association", "booked_by", "series"
        ),
        pk=pk,
    )
    user = request.user
    if not (
        permissions.is_association_member(user, booking.association)
        or services.can_approve(user, booking.resource)
    ):
        raise Http404
    return booking


@login_required
def detail(request, pk):
    booking = _visible_booking(request, pk)
    now = timezone.now()
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "can_cancel": services.can_cancel(request.user, booking),
            "cancel_form": CancelForm(),
            "move_form": MoveForm(
                initial={
                    "date": timezone.localtime(booking.start).date(),
                    "start_time": timezone.localtime(booking.start).time(),
                    "end_time": timezone.localtime(booking.end).time(),
                },
                prefix="move",
            ),
            "attendance_form": AttendanceForm(initial={"attended": booking.attended}),
            "can_record": booking.status == Status.CONFIRMED and booking.start <= now,
            "can_approve": booking.status == Status.REQUESTED
            and services.can_approve(request.user, booking.resource),
        },
    )


@login_required
@require_POST
def cancel(request, pk):
    booking = _visible_booking(request, pk)
    form = CancelForm(request.POST)
    form.is_valid()
    scope = form.cleaned_data.get("scope") or "one"
    try:
        done = services.cancel_in_series(
            booking, request.user, scope, form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(booking)
    messages.success(request, _("%(n)s booking(s) cancelled.") % {"n": len(done)})
    return redirect("bookings:mine")


@login_required
def move(request, pk):
    """Move a booking (or occurrences of its series) in two steps: check the new times, which
    lists every booking that would move and the ones that collide, then confirm."""
    booking = _visible_booking(request, pk)
    if not services.can_cancel(request.user, booking):
        messages.error(request, _("This booking can no longer be moved; contact the coordinator."))
        return redirect(booking)
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        prefix="move",
        initial={
            "date": timezone.localtime(booking.start).date(),
            "start_time": timezone.localtime(booking.start).time(),
            "end_time": timezone.localtime(booking.end).time(),
            "scope": "one",
        },
    )
    if booking.series_id is None:
        del form.fields["scope"]
    preview, conflicts, checked = None, [], ""
    if request.method == "POST" and form.is_valid() and "start" in form.cleaned_data:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        scope = form.cleaned_data.get("scope") or "one"
        checked = f"{start.isoformat()}|{end.isoformat()}|{scope}"
        # Confirming moves only the times the user saw checked; changed times are checked anew.
        if request.POST.get("confirm") and request.POST.get("checked") == checked:
            try:
                done = services.move_in_series(booking, request.user, scope, start, end)
            except ValidationError as exc:
                _show_errors(request, form, exc)
            else:
                if len(done) > 1:
                    messages.success(request, _("%(n)s bookings moved.") % {"n": len(done)})
                else:
                    messages.success(request, _("The booking has been moved."))
                return redirect(booking)
        preview = services.preview_move(booking, request.user, scope, start, end)
        conflicts = [row for row in preview if row["problem"]]
    return render(
        request,
        "bookings/move.html",
        {
            "booking": booking,
            "form": form,
            "preview": preview,
            "conflicts": conflicts,
            "checked": checked,
        },
    )


@login_required
@require_POST
def attendance(request, pk):
    booking = _visible_booking(request, pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.record_attendance(booking, request.user, form.cleaned_data["attended"])
            messages.success(request, _("Attendance recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Give the number who attended."))
    return redirect(booking)


@login_required
def booking_ics(request, pk):
    booking = _visible_booking(request, pk)
    return ical.response(
        ical.calendar([booking], name=booking.resource.name),
        f"bokning-{booking.pk}.ics",
        download=True,
    )


def association_feed(request, token):
    feed = get_object_or_404(FeedToken.objects.select_related("association"), token=token)
    day = timezone.localdate() - timedelta(days=90)
    since = datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())
    bookings = (
        # Rejected and cancelled bookings stay in the feed as STATUS:CANCELLED, so calendars drop them.
        Booking.objects.filter(association=feed.association, end__gte=since)
        .select_related("resource__venue", "association")
        .order_by("start")
    )
    body = ical.cached_calendar(
        bookings, key=f"association:{feed.association_id}:{day}", name=feed.association.name
    )
    return ical.response(body, "bokningar.ics")


@login_required
@require_POST
def feed_token(request):
    association = active_association(request)
    if association is None:
        raise PermissionDenied
    permissions.require_association_admin(request.user, association)
    FeedToken.objects.update_or_create(
        association=association, defaults={"token": secrets.token_urlsafe(24)}
    )
    messages.success(request, _("A new calendar link has been made; the old one no longer works."))
    return redirect("bookings:mine")


def _approvable(user):
    qs = Booking.objects.filter(status=Status.REQUESTED)
    if permissions.is_coordinator(user):
        return qs
    admin_of = [m.association_id for m in permissions.memberships_of(user) if m.is_admin]
    owned = list(
        Resource.objects.filter(owner_id__in=admin_of).values_list("owner_id", flat=True).distinct()
    )
    if not owned:
        raise PermissionDenied
    return qs.filter(resource__owner_id__in=owned)


@login_required
def queue(request):
    requests = _approvable(request.user)
    # Overlapping active bookings of the same resource, its hall or its parts.
    conflicting = Booking.objects.filter(
        Q(resource_id=OuterRef("resource_id"))
        | Q(resource__parent_id=OuterRef("resource_id"))
        | Q(resource_id=OuterRef("resource__parent_id")),
        status__in=ACTIVE,
        block_start__lt=OuterRef("block_end"),
        block_end__gt=OuterRef("block_start"),
    ).exclude(pk=OuterRef("pk"))
    rows = (
        requests.annotate(has_conflict=Exists(conflicting))
        .select_related("resource__venue", "association", "booked_by")
        .order_by("created_at")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    flag_before = timezone.now() - FLAG_AFTER
    conflicts_of = {}
    ids = [b.pk for b in page if b.has_conflict]
    if ids:
        for b in page:
            if b.has_conflict:
                conflicts_of[b.pk] = list(
                    Booking.objects.active().filter(resource_id__in=b.resource.family_ids())
                    .overlapping(b.block_start, b.block_end).exclude(pk=b.pk)
                    .select_related("association")[:5]
                )  # fmt: skip
    for b in page:
        b.flagged = b.created_at < flag_before
        b.conflicts = conflicts_of.get(b.pk, [])
    return render(request, "bookings/queue.html", {"page": page, "form": ReasonForm()})


@login_required
@require_POST
def decide(request):
    allowed = _approvable(request.user)
    ids = request.POST.getlist("booking")
    action = request.POST.get("action")
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    func = {"approve": services.approve, "reject": services.reject}.get(action)
    if func is None or not ids:
        messages.error(request, _("Choose at least one request and a decision."))
        return redirect("bookings:queue")
    done = 0
    for booking in allowed.filter(pk__in=[i for i in ids if str(i).isdigit()]).select_related(
        "resource"
    ):
        try:
            func(booking, request.user, reason)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, f"{booking}: {' '.join(getattr(exc, 'messages', [_('not allowed')]))}"
            )
    if done:
        messages.success(request, _("%(n)s request(s) decided.") % {"n": done})
    return redirect("bookings:queue")


@login_required
@require_POST
def join_waiting_list(request, slug):
    resource, association = _bookable_resource(request, slug)
    form = BookingForm(request.POST, resource=resource)
    form.is_valid()
    data = form.cleaned_data
    if "start" not in data or "end" not in data:
        messages.error(request, _("Choose a date and time."))
        return redirect(resource)
    services.join_waiting_list(resource, association, request.user, data["start"], data["end"])
    messages.success(
        request, _("You are on the waiting list. We will e-mail you if the time frees.")
    )
    return redirect(resource)


@login_required
def utilisation(request):
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied
    from bookings.reports import utilisation_rows

    today = timezone.localdate()
    start = today.replace(day=1)
    rows = utilisation_rows(start - timedelta(days=90), today + timedelta(days=1))
    return render(
        request, "bookings/utilisation.html", {"rows": rows, "since": start - timedelta(days=90)}
    )
