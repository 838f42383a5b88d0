"""Celery tasks of the reports: generating a report run, the key-figure reminders, the weekly
coordinator digest and the monthly reports. The periodic ones are database-driven: each claims
its row (``portal.jobs.claim``) before it sends, so running one twice sends once."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal import permissions
from portal.jobs import claim
from portal.mail import send_templated_mail
from portal.models import CoordinatorDigest, KeyFigureReminder, ReportRun, TaskFailure
from portal.reports import generate, keyfigures, sources


@shared_task(name="portal.reports.generate_report", autoretry_for=())
def generate_report(run_id: int) -> str:
    return generate.generate(run_id)


def coordinators():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=permissions.COORDINATORS)
        .distinct()
    )


@shared_task(name="portal.reports.keyfigure_reminders")
def keyfigure_reminders(today: str | None = None) -> int:
    """At the start of a reporting window, remind each approved association once per term."""
    from associations.models import Association, Membership

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    keyfigures.ensure_term(day)
    sent = 0
    for term in keyfigures.open_terms(day):
        associations = Association.objects.filter(status=Association.Status.APPROVED)
        KeyFigureReminder.objects.bulk_create(
            [KeyFigureReminder(term=term, association=a) for a in associations.only("pk")],
            ignore_conflicts=True,
            batch_size=500,
        )
        pending = (
            KeyFigureReminder.objects.filter(term=term, sent_at__isnull=True)
            .exclude(association__key_figures__term=term)
            .select_related("association")
        )
        for reminder in pending:
            if not claim(KeyFigureReminder.objects, reminder.pk, "sent_at"):
                continue
            association = reminder.association
            admins = Membership.objects.filter(
                association=association, role=Membership.Role.ADMIN, user__is_active=True
            ).select_related("user")
            recipients = {m.user.email: m.user.preferred_language for m in admins}
            if association.contact_email and association.contact_email not in recipients:
                recipients[association.contact_email] = None
            for email, language in recipients.items():
                send_templated_mail(
                    to=email,
                    template="portal/email/keyfigure_reminder",
                    context={
                        "association": association,
                        "term": term,
                        "url": settings.SITE_URL + reverse("reports:association_figures"),
                    },
                    language=language,
                )
            sent += 1
    return sent


@shared_task(name="portal.reports.coordinator_digest")
def coordinator_digest(today: str | None = None) -> int:
    """Once a week: what waits for coordinators, with its age, linked to the admin."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    week_start = day - datetime.timedelta(days=day.weekday())
    digest, _created = CoordinatorDigest.objects.get_or_create(week_start=week_start)
    if not claim(CoordinatorDigest.objects, digest.pk, "sent_at"):
        return 0
    now = timezone.now()
    items = []
    for item in sources.waiting_items():
        if not item.get("count"):
            continue
        oldest = item.get("oldest")
        url = item.get("url") or ""
        items.append(
            {
                **item,
                "age_days": (now - oldest).days if oldest else None,
                "link": settings.SITE_URL + url if url.startswith("/") else url,
            }
        )
    sent = 0
    for user in coordinators():
        send_templated_mail(
            to=user.email,
            template="portal/email/coordinator_digest",
            context={
                "items": items,
                "week_start": week_start,
                "dashboard_url": settings.SITE_URL + reverse("reports:dashboard"),
            },
            language=user.preferred_language,
        )
        sent += 1
    return sent


def previous_month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = day.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


@shared_task(name="portal.reports.monthly_reports")
def monthly_reports(today: str | None = None) -> int:
    """On the 1st: last month's reports, generated and e-mailed to coordinators once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start, end = previous_month(day)
    kinds = [ReportRun.Kind.KEYFIGURES, ReportRun.Kind.USAGE, ReportRun.Kind.FUND]
    runs = []
    for kind in kinds:
        run, _created = ReportRun.objects.get_or_create(
            kind=kind, period_start=start, period_end=end, scheduled=True
        )
        if run.status == ReportRun.Status.QUEUED:
            generate.generate(run.pk)
        runs.append(run)
    sent = 0
    for run in ReportRun.objects.filter(pk__in=[r.pk for r in runs]):
        if run.status != ReportRun.Status.DONE:
            continue
        if not claim(ReportRun.objects, run.pk, "emailed_at"):
            continue
        attachment = (f"{run.file_stem()}.csv", run.csv_file.read(), "text/csv")
        run.csv_file.close()
        for user in coordinators():
            send_templated_mail(
                to=user.email,
                template="portal/email/monthly_report",
                context={
                    "run": run,
                    "url": settings.SITE_URL + reverse("reports:run_detail", args=[run.pk]),
                },
                language=user.preferred_language,
                attachments=[attachment],
            )
        sent += 1
    return sent


@shared_task(name="portal.reports.sweep_report_runs")
def sweep_report_runs() -> dict:
    """After a broker outage: send queued runs again (generating is claimed, so a run that
    was already picked up is not made twice); mark runs stuck while running as failed."""
    now = timezone.now()
    requeue_before = now - datetime.timedelta(minutes=2)
    queued = list(
        ReportRun.objects.filter(
            status=ReportRun.Status.QUEUED, created_at__lt=requeue_before
        ).values_list("pk", flat=True)[:100]
    )
    for pk in queued:
        generate_report.delay(pk)
    limit = now - datetime.timedelta(minutes=getattr(settings, "REPORT_STUCK_MINUTES", 15))
    stuck = list(ReportRun.objects.filter(status=ReportRun.Status.RUNNING, started_at__lt=limit))
    failed = 0
    for run in stuck:
        won = ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.RUNNING).update(
            status=ReportRun.Status.FAILED,
            finished_at=now,
            error=gettext("The report has not finished in time. Start it again or ask for help."),
        )
        if won:
            TaskFailure.objects.create(
                task_name="portal.reports.generate_report",
                args=[run.pk],
                error=f"stuck: running since {run.started_at:%Y-%m-%d %H:%M}",
            )
            failed += 1
    return {"requeued": len(queued), "failed": failed}
