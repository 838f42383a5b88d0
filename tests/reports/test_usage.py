"""The usage report's parts with real bookings and volunteering: per resource and month,
per association, bookings per week and volunteers matched per month."""

from __future__ import annotations

import datetime
from datetime import time

import pytest
from django.utils import timezone

from associations.volunteer_dashboard import activity_per_association, matched_per_month
from bookings.reports import association_rows, bookings_per_week, usage_rows
from portal.reports import usage
from tests.bookings.factories import BookingFactory, local
from tests.factories import AssociationFactory
from tests.reports import world
from tests.resources.factories import OpeningHoursFactory, ResourceFactory
from tests.volunteering.factories import ApplicationFactory, AssignmentFactory

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone


def test_per_resource_and_month_across_two_months():
    room = ResourceFactory(name="Verkstaden")
    for weekday in range(7):
        OpeningHoursFactory(resource=room, weekday=weekday, opens=time(9), closes=time(21))
    club = AssociationFactory(name="Snickarklubben")
    BookingFactory(resource=room, association=club, start=local(datetime.date(2026, 1, 30), 9),
                   end=local(datetime.date(2026, 1, 30), 21), attended=0)  # a no-show  # fmt: skip
    BookingFactory(resource=room, association=club, start=local(datetime.date(2026, 2, 2), 18),
                   end=local(datetime.date(2026, 2, 2), 20), attended=7)  # fmt: skip
    BookingFactory(resource=room, association=club, start=local(datetime.date(2026, 2, 9), 18),
                   end=local(datetime.date(2026, 2, 9), 20))  # attendance not recorded  # fmt: skip
    rows = {r["month"]: r for r in usage_rows(datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
            if r["resource_id"] == room.pk}  # fmt: skip
    assert rows["2026-01"]["booked_hours"] == 12 and rows["2026-01"]["open_hours"] == 31 * 12
    assert rows["2026-01"]["no_shows"] == 1 and rows["2026-01"]["attendance_recorded"] == 1
    assert rows["2026-02"]["booked_hours"] == 4 and rows["2026-02"]["open_hours"] == 28 * 12
    assert rows["2026-02"]["attended"] == 7 and rows["2026-02"]["attendance_recorded"] == 1
    assert rows["2026-02"]["no_shows"] == 0 and rows["2026-02"]["bookings"] == 2
    header, table = usage.resource_table(
        usage_rows(datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    )
    [feb] = [r for r in table if r[0] == "Verkstaden"]
    assert header[6] == "Beläggning (%)" and feb[6] == round(4 / 336 * 100, 1)
    assert header[10] == "Uteblivna" and feb[10] == 0


def test_per_association_bookings_and_volunteer_activity():
    alfa, beta = AssociationFactory(name="Alfa"), AssociationFactory(name="Beta")
    day = datetime.date(2026, 4, 14)
    BookingFactory(association=alfa, start=local(day, 10), end=local(day, 13), attended=5)
    BookingFactory(association=alfa, start=local(day, 14), end=local(day, 15), attended=0)
    BookingFactory(association=beta, start=local(day, 10), end=local(day, 11), status="cancelled")
    BookingFactory(association=beta, start=local(day, 10), end=local(day, 11), status="requested")
    BookingFactory(association=beta, start=local(datetime.date(2026, 5, 1), 10),
                   end=local(datetime.date(2026, 5, 1), 11))  # after the period  # fmt: skip
    rows = {
        r["association"]: r
        for r in association_rows(datetime.date(2026, 4, 1), datetime.date(2026, 5, 1))
    }
    assert rows["Alfa"] | {"association_id": None} == {
        "association_id": None, "association": "Alfa", "bookings": 2, "booked_hours": 4.0,
        "attended": 5, "attendance_recorded": 2, "cancellations": 0, "no_shows": 1,
    }  # fmt: skip
    assert rows["Beta"]["bookings"] == 0 and rows["Beta"]["cancellations"] == 1

    when = datetime.datetime(2026, 4, 20, 12, tzinfo=TZ())
    assignment = AssignmentFactory(association=beta, published_at=when)
    ApplicationFactory(assignment=assignment, created_at=when, status="accepted",
                       answered_at=when + datetime.timedelta(days=12))  # matched in May  # fmt: skip
    ApplicationFactory(assignment=assignment, created_at=when, status="accepted", answered_at=when)
    activity = activity_per_association(datetime.date(2026, 4, 1), datetime.date(2026, 5, 1))
    assert activity[beta.pk] == {
        "association": "Beta", "assignments_published": 1, "applications": 2, "matched": 1,
    }  # fmt: skip
    assert alfa.pk not in activity


def test_bookings_per_week_counts_confirmed_and_requested_by_week():
    today = datetime.date(2026, 3, 18)  # a Wednesday, week 12
    monday = datetime.date(2026, 3, 16)
    BookingFactory(start=local(monday, 10), end=local(monday, 11))
    BookingFactory(start=local(monday + datetime.timedelta(days=6), 22),
                   end=local(monday + datetime.timedelta(days=6), 23), status="requested")  # fmt: skip
    BookingFactory(start=local(monday - datetime.timedelta(days=1), 23, 30),
                   end=local(monday, 0, 30))  # Sunday night: week 11  # fmt: skip
    BookingFactory(start=local(monday, 12), end=local(monday, 13), status="cancelled")
    BookingFactory(start=local(monday - datetime.timedelta(weeks=5), 12),
                   end=local(monday - datetime.timedelta(weeks=5), 13))  # before the window  # fmt: skip
    weeks = bookings_per_week(4, today=today)
    assert weeks == [("v. 9", 0), ("v. 10", 0), ("v. 11", 1), ("v. 12", 2)]


def test_matched_per_month_by_answer_date():
    today = datetime.date(2026, 3, 5)
    world.matched_volunteer(datetime.datetime(2026, 3, 1, 0, 30, tzinfo=TZ()))  # local midnight
    world.matched_volunteer(datetime.datetime(2026, 1, 31, 23, 0, tzinfo=TZ()))
    world.matched_volunteer(datetime.datetime(2025, 11, 2, 10, 0, tzinfo=TZ()))  # too early
    ApplicationFactory(created_at=datetime.datetime(2026, 2, 10, tzinfo=TZ()))  # not accepted
    assert matched_per_month(3, today=today) == [("2026-01", 1), ("2026-02", 0), ("2026-03", 1)]


def test_opening_hours_follow_closures_and_the_clock_change():
    from resources.models import Closure

    ResourceFactory(name="Förrådet")  # no opening hours: open around the clock
    weekdays = ResourceFactory(name="Kontoret")
    for weekday in range(5):
        OpeningHoursFactory(resource=weekdays, weekday=weekday, opens=time(8), closes=time(17))
    Closure.objects.create(resource=weekdays, start_date=datetime.date(2026, 3, 2),
                           end_date=datetime.date(2026, 3, 6), reason="Renovering")  # fmt: skip
    rows = {
        r["resource"]: r for r in usage_rows(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
    }
    assert rows["Förrådet"]["open_hours"] == 31 * 24 - 1  # summer time starts on 29 March
    assert rows["Kontoret"]["open_hours"] == (22 - 5) * 9  # 22 weekdays, one week closed


def test_opening_hours_follow_opening_exceptions():
    from resources.models import OpeningException

    office = ResourceFactory(name="Kontoret")
    for weekday in range(5):
        OpeningHoursFactory(resource=office, weekday=weekday, opens=time(8), closes=time(17))
    # Christmas Eve (a Thursday) open 10–14, and a Saturday opened 10–12.
    OpeningException.objects.create(resource=office, date=datetime.date(2026, 12, 24),
                                    opens=time(10), closes=time(14), note="Julafton")  # fmt: skip
    OpeningException.objects.create(resource=office, date=datetime.date(2026, 12, 5),
                                    opens=time(10), closes=time(12))  # fmt: skip
    rows = {
        r["resource"]: r for r in usage_rows(datetime.date(2026, 12, 1), datetime.date(2027, 1, 1))
    }
    assert rows["Kontoret"]["open_hours"] == 23 * 9 - 9 + 4 + 2  # 23 weekdays in December
