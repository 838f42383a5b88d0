"""Generating a report run: collect its rows, write CSV and PDF to private storage, and keep
``progress`` up to date so the page can show it. Called by the Celery task."""

from __future__ import annotations

import csv
import io
import logging

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import pagecache
from portal.models import ReportRun, TaskFailure, Term
from portal.reports import keyfigures
from portal.reports.pdf import render_table_pdf

log = logging.getLogger("portal.reports")


def terms_in(start, end):
    """Terms overlapping [start, end]."""
    query = Q()
    for year in range(start.year, end.year + 1):
        for half in Term.Half.values:
            term = Term(year=year, half=half)
            if term.starts_on <= end and term.ends_on >= start:
                query |= Q(year=year, half=half)
    return Term.objects.filter(query) if query else Term.objects.none()


def build(run: ReportRun) -> tuple[str, list[str], list[list]]:
    """(title, header, rows) for ``run``."""
    if run.kind == ReportRun.Kind.KEYFIGURES:
        header, rows = keyfigures.table(
            keyfigures.aggregate(terms_in(run.period_start, run.period_end))
        )
        return _("Key figures: employment with social consideration"), header, rows
    if run.kind == ReportRun.Kind.USAGE:
        from portal.reports import usage

        header, rows = usage.report(run.period_start, run.period_end)
        return _("Usage of rooms and equipment"), header, rows
    if run.kind == ReportRun.Kind.FUND:
        from microfund.reports import portfolio

        header, rows = fund_table(portfolio(run.period_end))
        return _("Microfund portfolio"), header, rows
    raise ValueError(run.kind)


def fund_table(data: dict) -> tuple[list[str], list[list]]:
    """The microfund portfolio on a day: loans, outstanding and arrears per bucket, PAR30."""
    header = [_("Days overdue"), _("Loans"), _("Outstanding (SEK)"), _("In arrears (SEK)")]
    rows = [[b["label"], b["loans"], b["outstanding"], b["arrears"]] for b in data["buckets"]]
    rows.append([_("Total"), data["loans"], data["outstanding"], ""])
    rows.append([_("Portfolio at risk over 30 days (%)"), "", data["par30"], ""])
    return header, rows


def _set(run: ReportRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ReportRun.objects.filter(pk=run.pk).update(**fields)
    pagecache.bump("reports")  # the dashboard shows the run's progress


def safe_cell(value):
    """Keep spreadsheets from running a cell as a formula (CSV injection); numbers and signed
    changes such as "+3" stay as they are."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "=@\t\r" or (value[0] in "+-" and not value[1:].replace(".", "").isdigit()):
        return "'" + value
    return value


def csv_bytes(header, rows, on_progress=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Swedish spreadsheets expect semicolons
    if header:
        writer.writerow([safe_cell(cell) for cell in header])
    total = len(rows) or 1
    step = max(1, total // 10)
    for index, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(cell) for cell in row])
        if on_progress and index % step == 0:
            on_progress(index / total)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def generate(run_id: int) -> str:
    """Run report ``run_id``: queued → running → done (or failed). Returns the final status.

    Only the caller that moves the run from queued to running works on it, so a redelivered
    message does nothing.
    """
    now = timezone.now()
    won = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
        status=ReportRun.Status.RUNNING, started_at=now, progress=1
    )
    run = ReportRun.objects.get(pk=run_id)
    if won:
        pagecache.bump("reports")
    else:
        return run.status
    language = getattr(run.requested_by, "preferred_language", None) or "sv"
    try:
        with translation.override(language):
            title, header, rows = build(run)
            _set(run, progress=40, row_count=len(rows))
            data = csv_bytes(
                header, rows, on_progress=lambda share: _set(run, progress=40 + int(share * 30))
            )
            subtitle = f"{run.period_start:%Y-%m-%d} – {run.period_end:%Y-%m-%d}"
            pdf = render_table_pdf(title, header, rows, subtitle=subtitle)
        _set(run, progress=90)
        stem = run.file_stem()
        run.csv_file.save(f"{stem}.csv", ContentFile(data), save=False)
        run.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        _set(
            run,
            csv_file=run.csv_file.name,
            pdf_file=run.pdf_file.name,
            status=ReportRun.Status.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        log.warning("report run %s failed", run_id, exc_info=True)
        _set(
            run,
            status=ReportRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        TaskFailure.objects.create(
            task_name="portal.reports.generate_report", args=[run_id], error=repr(exc)[:2000]
        )
    return run.status
