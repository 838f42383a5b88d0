"""The coordinators' dashboard, key figures and report runs. Coordinators only, except the
association's own key-figure form (its admins, acting for it)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal import pagecache, permissions
from portal.models import KeyFigureReport, ReportRun, Sector, TaskFailure, Term
from portal.pagecache import cache_private_page
from portal.reports import charts, services, sources
from portal.reports import keyfigures as kf
from portal.reports.forms import KeyFigureForm, ReportRunForm, SectorFigureForm
from portal.uploads import serve_private_file

log = logging.getLogger("portal.reports")

coordinators_only = permissions.role_required(permissions.COORDINATORS)


def keyfigure_chart(rows) -> charts.Chart:
    labels = dict(Sector.choices)
    return charts.bar_chart(
        "chart-keyfigures",
        _("Employed with employment support, per term and sector"),
        _("Bars per term, one per sector; the table below has the same figures."),
        [row.term.code for row in rows],
        [
            (capfirst(str(labels[sector])), [row.sectors[sector].values["employed_with_support"] for row in rows])
            for sector in Sector.values
        ],
    )  # fmt: skip


def usage_charts(today: datetime.date) -> list[charts.Chart]:
    """Bookings per week (the last 12 weeks) and utilisation per resource (the last three
    months), from the bookings app."""
    from bookings.reports import bookings_per_week, utilisation_rows

    weeks = bookings_per_week(12, today=today)
    found = [
        charts.bar_chart(
            "chart-bookings",
            _("Bookings per week"),
            _("Confirmed and requested bookings per week, the last 12 weeks."),
            [label for label, _n in weeks],
            [(_("Bookings"), [n for _label, n in weeks])],
        )
    ]
    start = (today.replace(day=1) - datetime.timedelta(days=62)).replace(day=1)
    rows = [
        row for row in utilisation_rows(start, today + datetime.timedelta(days=1))
        if row["utilisation"] is not None
    ]  # fmt: skip
    rows.sort(key=lambda row: -row["utilisation"])
    if rows:
        found.append(
            charts.bar_chart(
                "chart-utilisation",
                _("Utilisation per resource"),
                _("Booked share of the opening hours per resource, the last three months, "
                  "highest first (at most 15)."),
                [f"{row['resource']} ({row['venue']})" for row in rows[:15]],
                [(_("Utilisation (%)"), [round(row["utilisation"] * 100, 1) for row in rows[:15]])],
            )
        )  # fmt: skip
    return found


def volunteers_chart(today: datetime.date) -> charts.Chart:
    from associations.volunteer_dashboard import matched_per_month

    months = matched_per_month(12, today=today)
    return charts.bar_chart(
        "chart-volunteers",
        _("Volunteers matched per month"),
        _("Applications accepted by the associations per month, the last 12 months."),
        [label for label, _n in months],
        [(_("Volunteers matched"), [n for _label, n in months])],
    )


def portfolio_chart(today: datetime.date) -> dict:
    from microfund.reports import portfolio

    data = portfolio(today)
    buckets = data["buckets"]
    return {
        "data": data,
        "chart": charts.bar_chart(
            "chart-portfolio",
            _("Microfund portfolio and arrears"),
            _("Outstanding principal and amounts in arrears (SEK) per days overdue."),
            [b["label"] for b in buckets],
            [
                (_("Outstanding (SEK)"), [float(b["outstanding"]) for b in buckets]),
                (_("In arrears (SEK)"), [float(b["arrears"]) for b in buckets]),
            ],
        ),
    }


@coordinators_only
@cache_private_page(*pagecache.APPS)
def dashboard(request):
    now = timezone.now()
    today = timezone.localdate()
    waiting = sources.waiting_items()
    for item in waiting:
        oldest = item.get("oldest")
        item["age_days"] = (now - oldest).days if oldest else None
    terms = list(Term.objects.order_by("-year", "-half")[:6])
    rows = kf.aggregate(terms)
    recent_runs = list(ReportRun.objects.select_related("requested_by")[:5])
    return render(
        request,
        "portal/reports/dashboard.html",
        {
            "waiting": waiting,
            "failures": list(TaskFailure.objects.all()[:10]),
            "keyfigure_rows": rows,
            "keyfigure_chart": keyfigure_chart(rows),
            "sectors": Sector.choices,
            **_dashboard_charts(today),
            "recent_runs": recent_runs,
            "stuck_ids": _stuck_ids(recent_runs, now),
        },
    )


def _stuck_ids(runs, now) -> set[int]:
    """The runs among ``runs`` that ``ReportRun.objects.stuck()`` would find (no query)."""
    limit = now - datetime.timedelta(minutes=getattr(settings, "REPORT_STUCK_MINUTES", 15))
    return {
        run.pk
        for run in runs
        if (run.status == ReportRun.Status.QUEUED and run.created_at < limit)
        or (run.status == ReportRun.Status.RUNNING and run.started_at and run.started_at < limit)
    }


DASHBOARD_CHARTS_SECONDS = 5 * 60


def _dashboard_charts(today: datetime.date) -> dict:
    """The usage, volunteering and portfolio charts aggregate every booking, application and loan
    (seconds on a large database), so they are computed at most once per language and day every
    five minutes. They are an overview, not a work queue: "waiting" and failures stay live."""
    return cache.get_or_set(
        f"reports:dashboard:charts:{get_language()}:{today.isoformat()}",
        lambda: {
            "usage_charts": usage_charts(today),
            "volunteers_chart": volunteers_chart(today),
            "portfolio": portfolio_chart(today),
        },
        DASHBOARD_CHARTS_SECONDS,
    )


@coordinators_only
@cache_private_page("reports")
def keyfigures(request):
    from associations.models import Association

    rows = kf.aggregate(Term.objects.all())
    for row in rows:
        row.association_reports = (
            row.sectors[Sector.ASSOCIATIONS].reports + row.sectors[Sector.SOCIAL_ENTERPRISE].reports
        )
    return render(
        request,
        "portal/reports/keyfigures.html",
        {
            "approved": Association.objects.filter(status=Association.Status.APPROVED).count(),
            "rows": list(reversed(rows)),
            "chart": keyfigure_chart(rows[-8:]),
            "sectors": Sector.choices,
            "figures": kf.FIGURES,
        },
    )


@coordinators_only
def sector_figures(request):
    """Coordinators enter the municipality's and ordinary business's figures for a term."""
    terms = list(Term.objects.order_by("-year", "-half")[:10]) or [kf.ensure_term()]
    term_id = request.POST.get("term") or request.GET.get("term")
    term = next((t for t in terms if str(t.pk) == str(term_id)), terms[0])
    form = SectorFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kf.report_for_sector(
                sector=form.cleaned_data["sector"],
                term=term,
                figures=form.cleaned_data,
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The key figures were saved."))
            return redirect(f"{reverse('reports:sector_figures')}?term={term.pk}")
    existing = KeyFigureReport.objects.filter(term=term, association__isnull=True).order_by(
        "sector"
    )
    return render(
        request,
        "portal/reports/sector_form.html",
        {"form": form, "terms": terms, "term": term, "existing": existing},
    )


@login_required
def association_figures(request):
    """An association's admins report its key figures for the open term."""
    membership = permissions.active_membership(request)
    if membership is None or not membership.is_admin:
        raise PermissionDenied
    association = membership.association
    term = kf.open_terms().order_by("-year", "-half").first()
    report = (
        KeyFigureReport.objects.filter(term=term, association=association).first() if term else None
    )
    form = KeyFigureForm(request.POST or None, instance=report) if term else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("No reporting window is open."))
            return redirect("reports:association_figures")
        if form.is_valid():
            try:
                kf.report_for_association(
                    association=association, term=term, figures=form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you, the key figures were saved."))
                return redirect("reports:association_figures")
    history = KeyFigureReport.objects.filter(association=association).select_related("term")
    return render(
        request,
        "portal/reports/association_form.html",
        {
            "association": association,
            "term": term,
            "form": form,
            "report": report,
            "history": history.order_by("-term__year", "-term__half")[:10],
        },
    )


@coordinators_only
def runs(request):
    form = ReportRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.request_report(
            kind=form.cleaned_data["kind"],
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            by=request.user,
        )
        messages.success(request, _("The report has been started."))
        return redirect("reports:run_detail", pk=run.pk)
    page = Paginator(ReportRun.objects.select_related("requested_by"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/reports/runs.html",
        {
            "form": form,
            "page": page,
            "stuck_ids": set(ReportRun.objects.stuck().values_list("pk", flat=True)),
        },
    )


def _status(run: ReportRun) -> dict:
    stuck = run.is_stuck
    error = run.error
    if stuck and not error:
        error = _("The report has not finished in time. Start it again or ask for help.")
    return {
        "id": run.pk,
        "status": "failed" if stuck else run.status,
        "status_label": _("failed") if stuck else run.get_status_display(),
        "progress": run.progress,
        "error": error,
        "finished": run.is_finished or stuck,
        "csv_url": reverse("reports:run_download", args=[run.pk, "csv"])
        if run.status == ReportRun.Status.DONE
        else "",
        "pdf_url": reverse("reports:run_download", args=[run.pk, "pdf"])
        if run.status == ReportRun.Status.DONE
        else "",
    }


@coordinators_only
def run_detail(request, pk):
    run = get_object_or_404(ReportRun.objects.select_related("requested_by"), pk=pk)
    return render(request, "portal/reports/run_detail.html", {"run": run, "state": _status(run)})


@never_cache
@coordinators_only
def run_status(request, pk):
    run = get_object_or_404(ReportRun, pk=pk)
    return JsonResponse(_status(run))


@coordinators_only
def run_download(request, pk, fmt):
    run = get_object_or_404(ReportRun, pk=pk, status=ReportRun.Status.DONE)
    if fmt == "csv":
        return serve_private_file(run.csv_file, f"{run.file_stem()}.csv")
    if fmt == "pdf":
        return serve_private_file(run.pdf_file, f"{run.file_stem()}.pdf")
    raise Http404
