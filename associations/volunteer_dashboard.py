"""Coordinator dashboard contract: what volunteer brokering has waiting for coordinators."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from associations.models import Application, Assignment


def waiting() -> list[dict]:
    approval = Assignment.objects.filter(
        status=Assignment.Status.PUBLISHED, needs_approval=True
    ).aggregate(count=Count("pk"), oldest=Min("published_at"))
    unanswered = Application.objects.unanswered().aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    changelist = "admin:associations_{}_changelist"
    return [
        {
            "label": _("Assignments waiting for approval"),
            "count": approval["count"],
            "oldest": approval["oldest"],
            "url": reverse(changelist.format("assignment"))
            + "?status__exact=published&needs_approval__exact=1",
        },
        {
            "label": _("Applications unanswered for 5 days"),
            "count": unanswered["count"],
            "oldest": unanswered["oldest"],
            "url": reverse(changelist.format("application")) + "?unanswered=yes",
        },
    ]
