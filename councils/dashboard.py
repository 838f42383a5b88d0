"""Items waiting for coordinators (issue 8's dashboard contract)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Meeting, Minutes
from portal.reports.sources import Queue, run_queues


def waiting_queues() -> list[Queue]:
    late = (
        Meeting.objects.filter(starts_at__lte=timezone.now() - timedelta(days=14))
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Q(minutes__isnull=True) | Q(minutes__status=Minutes.Status.DRAFT))
    )
    return [
        Queue(
            _("Council minutes not adjusted 14 days after the meeting"),
            late,
            "starts_at",
            reverse("admin:councils_meeting_changelist") + "?minutes__status=draft",
            hide_empty=True,
        )
    ]


def waiting() -> list[dict]:
    return run_queues(waiting_queues())
