"""Items waiting for coordinators, for the coordinator dashboard (issue 8)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.reports.sources import Queue, run_queues


def waiting_queues() -> list[Queue]:
    from microfund.models import Application, Loan
    from microfund.workflow import State

    url = reverse("admin:microfund_application_changelist")
    loans = reverse("admin:microfund_loan_changelist")
    return [
        Queue(label, Application.objects.filter(state=state), "state_changed_at",
              f"{url}?state__exact={state.value}")
        for state, label in (
            (State.ENQUIRY, _("Microfund enquiries to answer")),
            (State.SUBMITTED, _("Microfund applications to screen")),
            (State.SCREENING, _("Microfund applications in screening")),
        )
    ] + [
        Queue(label, Loan.objects.filter(status=status), "created_at",
              f"{loans}?status__exact={status.value}")
        for status, label in (
            (Loan.Status.APPROVED, _("Microfund loans to disburse")),
            (Loan.Status.AWAITING, _("Microfund disbursements to confirm")),
        )
    ]  # fmt: skip


def waiting() -> list[dict]:
    return run_queues(waiting_queues())
