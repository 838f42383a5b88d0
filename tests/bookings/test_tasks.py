from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bookings import dashboard, reports, services, tasks
from bookings.models import Booking, WaitingListEntry
from portal.celery import BEAT_SCHEDULE
from tests import factories
from tests.bookings.factories import BookingFactory, future_day, local
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_confirmation_sent_once_on_commit(association, django_capture_on_commit_callbacks):
    user = factories.association_admin(association)
    room = ResourceFactory()
    day = future_day()
    with django_capture_on_commit_callbacks(execute=True):
        [b] = services.book(room, association, user, local(day, 10), local(day, 11), purpose="Möte")
    assert len(mail.outbox) == 1 and user.email in mail.outbox[0].to
    assert room.name in mail.outbox[0].subject
    assert tasks.send_booking_notice(b.pk, "confirmation") is False  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_approval_rejection_and_cancellation_notices(
    association, coordinator, django_capture_on_commit_callbacks
):
    user = factories.association_admin(association)
    room = ResourceFactory(needs_approval=True)
    day = future_day()
    with django_capture_on_commit_callbacks(execute=True):
        [b] = services.book(room, association, user, local(day, 10), local(day, 11), purpose="Möte")
        services.approve(b, coordinator, "Välkomna")
        services.cancel(b, coordinator, "Vattenskada")
    assert len(mail.outbox) == 3
    assert "Välkomna" in mail.outbox[1].body and "Vattenskada" in mail.outbox[2].body


def test_reminder_beat_twice_sends_once():
    assert BEAT_SCHEDULE["bookings-reminders"]["task"] == "bookings.tasks.send_reminders"
    soon = timezone.now().replace(microsecond=0) + timedelta(hours=5)
    b = BookingFactory(start=soon, end=soon + timedelta(hours=1))
    BookingFactory(start=soon + timedelta(days=3), end=soon + timedelta(days=3, hours=1))
    BookingFactory(start=soon, end=soon + timedelta(hours=1), status="cancelled")
    assert tasks.send_reminders() == 1
    assert tasks.send_reminders() == 0
    assert len(mail.outbox) == 1 and b.booked_by.email in mail.outbox[0].to


def test_waiting_list_notified_when_slot_frees(
    association, coordinator, django_capture_on_commit_callbacks
):
    room = ResourceFactory()
    day = future_day()
    b = BookingFactory(resource=room, start=local(day, 10))
    waiter = factories.association_admin(association)
    entry = services.join_waiting_list(room, association, waiter, local(day, 10), local(day, 11))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(b, coordinator, "Inställt")
    entry.refresh_from_db()
    assert entry.notified_at is not None
    assert any(waiter.email in m.to for m in mail.outbox)
    assert tasks.notify_waiting(entry.pk) is False


def test_booking_removes_own_waiting_entry(association):
    user = factories.association_admin(association)
    room = ResourceFactory()
    day = future_day()
    services.join_waiting_list(room, association, user, local(day, 10), local(day, 11))
    services.book(room, association, user, local(day, 10), local(day, 11), purpose="x")
    assert not WaitingListEntry.objects.exists()


def test_usage_rows():
    from datetime import time

    from tests.resources.factories import OpeningHoursFactory

    room = ResourceFactory()
    for wd in range(5):
        OpeningHoursFactory(resource=room, weekday=wd, opens=time(8), closes=time(18))
    a1, a2 = factories.AssociationFactory(name="Alfa"), factories.AssociationFactory(name="Beta")
    d = date(2026, 2, 3)  # a Tuesday
    BookingFactory(resource=room, association=a1, start=local(d, 10), end=local(d, 12), attended=9)
    BookingFactory(resource=room, association=a2, start=local(d, 13), end=local(d, 14))
    BookingFactory(
        resource=room, association=a2, start=local(d, 15), end=local(d, 16), status="cancelled"
    )
    rows = reports.usage_rows(date(2026, 2, 1), date(2026, 3, 1))
    [row] = [r for r in rows if r["resource_id"] == room.pk]
    assert row["month"] == "2026-02"
    assert row["booked_hours"] == 3.0
    assert row["open_hours"] == 20 * 10  # 20 weekdays in February 2026
    assert row["utilisation"] == round(3 / 200, 4)
    assert row["hours_by_association"] == {"Alfa": 2.0, "Beta": 1.0}
    assert row["attended"] == 9 and row["cancellations"] == 1 and row["bookings"] == 2


def test_dashboard_waiting():
    BookingFactory(status="requested")
    BookingFactory(status="requested")
    BookingFactory()
    [item] = dashboard.waiting()
    assert item["count"] == 2 and item["oldest"] is not None
    assert item["url"].startswith("/admin/bookings/booking/")


def test_utilisation_page(client, coordinator):
    BookingFactory()
    client.force_login(coordinator)
    response = client.get("/bokningar/anvandning/")
    assert response.status_code == 200
    assert Booking.objects.get().resource.name in response.content.decode()


def test_privacy_export_and_erase(user):
    from bookings import privacy

    b = BookingFactory(booked_by=user, purpose="Årsmöte")
    data = privacy.export(user)
    assert data["bookings"][0]["purpose"] == "Årsmöte"
    privacy.erase(user)
    b.refresh_from_db()
    assert b.booked_by is None and privacy.export(user)["bookings"] == []


def test_sitemap_lists_resources(client):
    r = ResourceFactory()
    assert r.get_absolute_url() in client.get("/sitemap.xml").content.decode()
