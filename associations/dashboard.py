"""What waits for coordinators in the registry (the coordinator dashboard's contract)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from associations.models import Association
from portal.reports.sources import Queue, run_queues


def waiting_queues() -> list[Queue]:
    return [
        Queue(
            _("Associations waiting for approval"),
            Association.objects.filter(status=Association.Status.SUBMITTED),
            "submitted_at",
            reverse("admin:associations_pendingassociation_changelist"),
        )
    ]


def waiting() -> list[dict]:
    return run_queues(waiting_queues())
