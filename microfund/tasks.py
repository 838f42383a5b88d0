"""Mail and periodic work of the microfund. Every task claims its rows before sending."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from portal import permissions
from portal.jobs import claim
from portal.mail import send_templated_mail

REMINDER_DAYS = 7


def _association_admin_emails(association) -> list[str]:
    from associations.models import Membership

    emails = list(
        Membership.objects.filter(association=association, role=Membership.Role.ADMIN)
        .values_list("user__email", flat=True)
    )  # fmt: skip
    return emails or ([association.contact_email] if association.contact_email else [])


def _role_emails(role: str) -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=role, is_active=True).values_list("email", flat=True)
    )


@shared_task
def send_status_notice(notice_id: int) -> int:
    """The applicant's e-mail about a new public status (sent once per notice)."""
    from microfund.models import StatusNotice
    from microfund.workflow import PublicStatus

    if not claim(StatusNotice.objects.all(), notice_id, "sent_at"):
        return 0
    notice = StatusNotice.objects.select_related("application__association").get(pk=notice_id)
    app = notice.application
    return send_templated_mail(
        to=_association_admin_emails(app.association),
        template="microfund/email/status",
        context={
            "application": app,
            "status": PublicStatus(notice.public_status).label,
            "reason": notice.reason,
            "url": settings.SITE_URL + app.get_absolute_url(),
        },
    )


def _open_instalments(loan_qs=None):
    from microfund.models import Instalment, Loan

    return Instalment.objects.filter(loan__status=Loan.Status.ACTIVE).filter(
        Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest"))
    )


@shared_task
def expire_guarantees(today: str | None = None) -> int:
    from microfund import services

    return services.expire_guarantees(datetime.date.fromisoformat(today) if today else None)


@shared_task
def send_repayment_reminders(today: str | None = None) -> int:
    """Reminders 7 days before an instalment is due, and once when it is overdue."""
    from microfund.models import Instalment

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    upcoming = _open_instalments().filter(
        due_date__gt=day, due_date__lte=day + datetime.timedelta(days=REMINDER_DAYS),
        reminder_sent_at__isnull=True,
    )  # fmt: skip
    overdue = _open_instalments().filter(due_date__lt=day, overdue_reminder_sent_at__isnull=True)
    for field, queryset, template in (
        ("reminder_sent_at", upcoming, "microfund/email/reminder"),
        ("overdue_reminder_sent_at", overdue, "microfund/email/overdue"),
    ):
        for pk in list(queryset.values_list("pk", flat=True)[:1000]):
            if not claim(Instalment.objects.all(), pk, field):
                continue
            inst = Instalment.objects.select_related("loan__application__association").get(pk=pk)
            association = inst.loan.application.association
            sent += send_templated_mail(
                to=_association_admin_emails(association),
                template=template,
                context={"instalment": inst, "association": association,
                         "url": settings.SITE_URL + inst.loan.get_absolute_url()},
            )  # fmt: skip
    return sent


@shared_task
def send_committee_digest(week: str | None = None) -> int:
    """Weekly: the applications waiting for the committee (once per ISO week)."""
    from microfund.models import Application, DigestRun
    from microfund.workflow import State

    year, weekno = timezone.localdate().isocalendar()[:2]
    key = week or f"digest-{year}-W{weekno:02d}"
    run, created = DigestRun.objects.get_or_create(key=key)
    if not claim(DigestRun.objects.all(), run.pk, "sent_at"):
        return 0
    waiting = list(
        Application.objects.filter(state=State.IN_REVIEW).select_related("association")[:200]
    )
    return send_templated_mail(
        to=_role_emails(permissions.FUND_COMMITTEE),
        template="microfund/email/digest",
        context={
            "applications": waiting,
            "url": settings.SITE_URL + reverse("microfund:committee"),
        },
    )


@shared_task
def send_fund_report(month: str | None = None) -> int:
    """Monthly: portfolio and capital figures for the coordinators (once per month)."""
    from microfund import reports
    from microfund.models import DigestRun

    key = month or f"report-{timezone.localdate():%Y-%m}"
    run, created = DigestRun.objects.get_or_create(key=key)
    if not claim(DigestRun.objects.all(), run.pk, "sent_at"):
        return 0
    return send_templated_mail(
        to=_role_emails(permissions.COORDINATORS),
        template="microfund/email/report",
        context={
            "portfolio": reports.portfolio(),
            "pools": reports.capital(),
            "funnel": reports.funnel(),
        },
    )
