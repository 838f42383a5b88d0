"""Key figures for 10 terms × 500 associations: the aggregate and a full report run (CSV+PDF).

Seeds (idempotently, with bulk_create) 500 approved associations, 10 terms (VT 2021 – HT 2025)
and one key-figure report per association and term, plus the municipality's and business's
figures, and a coordinator for the HTTP load run of the dashboard and key-figure pages.
"""

from __future__ import annotations

import datetime
import time

ASSOCIATIONS = 500
YEARS = range(2021, 2026)  # 10 terms
COORDINATOR = "bench-samordnare@example.se"
TARGET_SECONDS = 2.0


def _seed():
    from django.contrib.auth.models import Group

    from associations.models import Association
    from portal.models import KeyFigureReport, Sector, Term, User
    from portal.permissions import COORDINATORS
    from tests.perf.pages import with_authenticator

    user, created = User.objects.get_or_create(
        email=COORDINATOR, defaults={"display_name": "Bench Samordnare", "is_staff": True}
    )
    if created:
        user.set_password("bench-password-123")
        user.save()
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    user.groups.add(group)
    with_authenticator(user)

    forms = ["ideell", "ideell", "ideell", "kooperativ", "ekonomisk", "trossamfund"]
    Association.objects.bulk_create(
        [
            Association(
                name=f"Nyckeltalsförening {i}",
                slug=f"bench-nyckeltal-{i}",
                legal_form=forms[i % len(forms)],
                status=Association.Status.APPROVED,
            )
            for i in range(ASSOCIATIONS)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    associations = list(
        Association.objects.filter(slug__startswith="bench-nyckeltal-").values_list(
            "pk", "legal_form"
        )
    )
    terms = []
    for year in YEARS:
        for half, (om, cm) in ((Term.Half.VT, (5, 6)), (Term.Half.HT, (11, 12))):
            term, _ = Term.objects.get_or_create(
                year=year,
                half=half,
                defaults={
                    "window_opens": datetime.date(year, om, 15),
                    "window_closes": datetime.date(year, cm, 15),
                },
            )
            terms.append(term)
    social = {"kooperativ", "ekonomisk", "svb"}
    reports = []
    for t, term in enumerate(terms):
        for pk, form in associations:
            reports.append(
                KeyFigureReport(
                    term=term,
                    association_id=pk,
                    sector=Sector.SOCIAL_ENTERPRISE if form in social else Sector.ASSOCIATIONS,
                    employed_with_support=(pk + t) % 5,
                    placements=(pk * 3 + t) % 4,
                    employees_total=(pk + t) % 5 + (pk % 7),
                )
            )
        for sector, base in ((Sector.MUNICIPALITY, 120), (Sector.BUSINESS, 300)):
            reports.append(
                KeyFigureReport(
                    term=term,
                    sector=sector,
                    employed_with_support=base + t,
                    placements=base // 4,
                    employees_total=base * 10,
                )  # fmt: skip
            )
    KeyFigureReport.objects.bulk_create(reports, ignore_conflicts=True, batch_size=1000)
    return terms


def run(bench):
    from portal.models import KeyFigureReport, ReportRun, Term
    from portal.reports import generate, keyfigures

    start = time.perf_counter()
    terms = _seed()
    bench.record("seed key figures (idempotent)", time.perf_counter() - start, "s")
    bench.record("key-figure reports in the database", KeyFigureReport.objects.count(), "rows")

    timing = bench.timings(lambda: keyfigures.table(keyfigures.aggregate(Term.objects.all())),
                           repeat=10, warmup=2)  # fmt: skip
    bench.record("aggregate 10 terms x 500 associations p95", timing["p95"], "ms",
                 target="< 2000 ms", ok=timing["p95"] < 2000)  # fmt: skip

    run_ = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=terms[0].starts_on,
        period_end=terms[-1].ends_on,
    )
    start = time.perf_counter()
    status = generate.generate(run_.pk)
    seconds = time.perf_counter() - start
    bench.record("key-figure report run (CSV + PDF), 10 terms", seconds, "s",
                 target=f"< {TARGET_SECONDS} s", ok=status == "done" and seconds < TARGET_SECONDS,
                 note=status)  # fmt: skip
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=COORDINATOR))
    for label, name in (
        ("dashboard", "reports:dashboard"),
        ("key figures page", "reports:keyfigures"),
    ):
        url = reverse(name)
        assert client.get(url).status_code == 200
        page = bench.timings(lambda url=url: client.get(url), repeat=10, warmup=2)
        bench.record(f"{label} (in-process) p95", page["p95"], "ms", target="< 300 ms",
                     ok=page["p95"] < 300)  # fmt: skip
    run_.csv_file.delete(save=False)
    run_.pdf_file.delete(save=False)
    run_.delete()


def pages():
    from tests.perf.pages import path

    return [
        ("coordinators' dashboard", path("reports:dashboard"), COORDINATOR, False),
        ("key figures (10 terms)", path("reports:keyfigures"), COORDINATOR, False),
    ]


def live(bench, *, port, celery_app, mail_dir):
    """Report runs through the real Celery worker: usage (the 100 000 bookings), key figures
    (10 terms) and the microfund portfolio; time from enqueue to done."""
    from django.utils import timezone

    from portal.models import ReportRun

    today = timezone.localdate()
    for kind, start, end in (
        (ReportRun.Kind.USAGE, today - datetime.timedelta(days=365), today + datetime.timedelta(days=365)),
        (ReportRun.Kind.KEYFIGURES, datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)),
        (ReportRun.Kind.FUND, datetime.date(2025, 1, 1), datetime.date(2026, 6, 30)),
    ):  # fmt: skip
        run_ = ReportRun.objects.create(kind=kind, period_start=start, period_end=end)
        begin = time.perf_counter()
        celery_app.send_task("portal.reports.generate_report", args=[run_.pk]).get(timeout=600)
        seconds = time.perf_counter() - begin
        run_.refresh_from_db()
        bench.record(f"{kind} report through the worker (CSV + PDF)", seconds, "s",
                     target="< 30 s, done", ok=run_.status == "done" and seconds < 30,
                     note=f"{run_.status}, {run_.row_count} rows {run_.error[:80]}")  # fmt: skip
        run_.csv_file.delete(save=False)
        run_.pdf_file.delete(save=False)
        run_.delete()
