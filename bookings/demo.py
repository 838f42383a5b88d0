"""A few months of demo bookings (past and coming), some requests waiting for approval."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

# resource slug, weekday, start hour, hours, association name, purpose
WEEKLY = [
    ("motesrum-1", 0, 18, 2, "Motala Återvinningsförening (Återvinningen)", "Styrelsemöte"),
    ("motesrum-2", 1, 17, 2, "Vätternrundan", "Planeringsmöte funktionärer"),
    ("motesrum-2", 3, 18, 2, "Kooperativet Grenverket", "Medlemsmöte"),
    ("motesrum-3", 2, 18, 3, "Speedwayklubben Piraterna", "Klubbkväll"),
    ("lilla-salen", 4, 18, 3, "K-Ringen", "Studiecirkel"),
    ("stora-salen", 5, 14, 4, "Tjällmo Hembygdsförening", "Spelmansstämma"),
]  # fmt: skip


def seed(ctx) -> None:
    from bookings.models import Booking
    from resources.models import Resource

    if Booking.objects.exists():
        return
    resources = {r.slug: r for r in Resource.objects.all()}
    assoc = ctx.associations
    booker = ctx.users.get("forening@ideburna.se")
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    rows = []
    for week in range(-10, 8):
        for slug, weekday, hour, hours, name, purpose in WEEKLY:
            resource, association = resources.get(slug), assoc.get(name)
            if resource is None or association is None:
                continue
            day = monday + timedelta(weeks=week, days=weekday)
            start = datetime.combine(day, time(hour), tzinfo=tz)
            end = start + timedelta(hours=hours)
            past = end < timezone.now()
            b = Booking(
                resource=resource, association=association, booked_by=booker, start=start, end=end,
                purpose=purpose, attendees=min(resource.capacity or 1, 8 + week % 5),
                price=resource.price_for(start, end), status=Booking.Status.CONFIRMED,
                attended=(6 + (week * 7) % 9) if past else None,
                confirmation_sent_at=start - timedelta(days=7),
                reminder_sent_at=start - timedelta(days=1) if past else None,
            )  # fmt: skip
            b.set_block()
            rows.append(b)
    # A cancelled one, requests waiting (one older than 48 h), a micro-office rented by the month.
    hall = resources.get("hela-folkets-hus")
    vr = assoc.get("Vätternrundan")
    if hall and vr:
        day = monday + timedelta(weeks=3, days=6)
        start = datetime.combine(day, time(10), tzinfo=tz)
        req = Booking(
            resource=hall, association=vr, booked_by=ctx.users.get("idrott@ideburna.se"),
            start=start, end=start + timedelta(hours=10), purpose="Funktionärsfest",
            attendees=250, price=hall.price_for(start, start + timedelta(hours=10)),
            status=Booking.Status.REQUESTED, created_at=timezone.now() - timedelta(hours=60),
        )  # fmt: skip
        req.set_block()
        rows.append(req)
    room3 = resources.get("motesrum-3")
    hth = assoc.get("Hjärta till Hjärta Motala")
    if room3 and hth:
        start = datetime.combine(monday + timedelta(weeks=1, days=4), time(13), tzinfo=tz)
        req = Booking(
            resource=room3, association=hth, start=start, end=start + timedelta(hours=2),
            purpose="Volontärträff", attendees=15, status=Booking.Status.REQUESTED,
        )  # fmt: skip
        req.set_block()
        rows.append(req)
    office = resources.get("mikrokontor-1")
    gv = assoc.get("Kooperativet Grenverket")
    if office and gv:
        first = today.replace(day=1)
        start = datetime.combine(first, time(0), tzinfo=tz)
        end = datetime.combine((first + timedelta(days=95)).replace(day=1), time(0), tzinfo=tz)
        b = Booking(
            resource=office, association=gv, booked_by=booker, start=start, end=end,
            purpose="Kontor för administration", attendees=2, price=office.price_for(start, end),
            status=Booking.Status.CONFIRMED,
        )  # fmt: skip
        b.set_block()
        rows.append(b)
    Booking.objects.bulk_create(rows, batch_size=500)
    cancelled = Booking.objects.filter(
        resource__slug="motesrum-1", start__gt=timezone.now()
    ).first()
    if cancelled:
        cancelled.status = Booking.Status.CANCELLED
        cancelled.reason = "Styrelsemötet flyttat"
        cancelled.sequence = 1
        cancelled.save()
    ctx.log(f"Bookings: {len(rows)}")
