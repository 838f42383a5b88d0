from __future__ import annotations

from django.db import transaction

from portal import audit
from portal.jobs import enqueue
from portal.models import ReportRun


def request_report(*, kind: str, period_start, period_end, by) -> ReportRun:
    """Queue a report run; the Celery task generates it after the transaction commits."""
    from portal.reports.tasks import generate_report

    with transaction.atomic():
        run = ReportRun.objects.create(
            kind=kind, period_start=period_start, period_end=period_end, requested_by=by
        )
        audit.record(run, "requested", by=by)
        enqueue(generate_report, run.pk)
    return run
