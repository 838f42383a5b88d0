"""Items waiting for coordinators, for the coordinator dashboard (issue 8)."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _


def waiting() -> list[dict]:
    from microfund.models import Application, Loan
    from microfund.workflow import State

    items = []
    url = reverse("admin:microfund_application_changelist")
    for state, label in (
        (State.ENQUIRY, _("Microfund enquiries to answer")),
        (State.SUBMITTED, _("Microfund applications to screen")),
        (State.SCREENING, _("Microfund applications in screening")),
    ):
        agg = Application.objects.filter(state=state).aggregate(
            count=Count("pk"), oldest=Min("state_changed_at")
        )
        items.append({"label": label, "count": agg["count"], "oldest": agg["oldest"],
                      "url": f"{url}?state__exact={state.value}"})  # fmt: skip
    loans = reverse("admin:microfund_loan_changelist")
    for status, label in (
        (Loan.Status.APPROVED, _("Microfund loans to disburse")),
        (Loan.Status.AWAITING, _("Microfund disbursements to confirm")),
    ):
        agg = Loan.objects.filter(status=status).aggregate(
            count=Count("pk"), oldest=Min("created_at")
        )
        items.append({"label": label, "count": agg["count"], "oldest": agg["oldest"],
                      "url": f"{loans}?status__exact={status.value}"})  # fmt: skip
    return items
