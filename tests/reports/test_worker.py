"""A report run goes end to end through a real Celery worker on Redis."""

from __future__ import annotations

import datetime

from portal.models import ReportRun, Term
from tests.portal.test_celery_worker import send, worker  # noqa: F401  (the fixture)
from tests.reports.factories import KeyFigureReportFactory, TermFactory


def test_a_real_worker_generates_a_report(worker):  # noqa: F811
    redis_url, queue = worker
    term = TermFactory(year=2025, half=Term.Half.HT)
    KeyFigureReportFactory(term=term, employed_with_support=52, placements=6, employees_total=70)
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    assert send(redis_url, queue, "portal.reports.generate_report", run.pk, timeout=90) == "done"
    run.refresh_from_db()
    assert (run.status, run.progress) == (ReportRun.Status.DONE, 100)
    csv_text = run.csv_file.read().decode("utf-8-sig")
    assert "HT 2025" in csv_text and ";52;" in csv_text
    assert run.pdf_file.read().startswith(b"%PDF-1.4")


def test_a_real_worker_generates_the_usage_report_from_real_bookings(worker):  # noqa: F811
    from datetime import time

    from tests.bookings.factories import BookingFactory, local
    from tests.factories import AssociationFactory
    from tests.resources.factories import OpeningHoursFactory, ResourceFactory
    from tests.volunteering.factories import ApplicationFactory, AssignmentFactory

    redis_url, queue = worker
    room = ResourceFactory(name="Folkets hus, lilla salen")
    for weekday in range(5):
        OpeningHoursFactory(resource=room, weekday=weekday, opens=time(8), closes=time(18))
    club = AssociationFactory(name="Motala schackklubb")
    day = datetime.date(2026, 3, 10)  # a Tuesday
    BookingFactory(resource=room, association=club, start=local(day, 17), end=local(day, 20),
                   attended=14)  # fmt: skip
    BookingFactory(resource=room, association=club, start=local(day, 9), end=local(day, 10),
                   status="cancelled")  # fmt: skip
    ApplicationFactory(assignment=AssignmentFactory(association=club),
                       created_at=local(day, 12), status="accepted")  # fmt: skip
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.USAGE,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    assert send(redis_url, queue, "portal.reports.generate_report", run.pk, timeout=90) == "done"
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == (ReportRun.Status.DONE, 100, "")
    lines = run.csv_file.read().decode("utf-8-sig").splitlines()
    [row] = [line for line in lines if line.startswith("Folkets hus, lilla salen;")]
    # 1 booking, 3 of 220 open hours (22 weekdays in March 2026), 14 attended, 1 cancellation.
    assert row.split(";")[2:11] == ["2026-03", "1", "3.0", "220.0", "1.4", "14", "1", "1", "0"]
    [club_row] = [line for line in lines if line.startswith("Motala schackklubb;")]
    assert club_row.split(";")[1:] == ["1", "3.0", "14", "1", "1", "0", "0", "1", "1"]
    assert run.pdf_file.read().startswith(b"%PDF-1.4")
