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
