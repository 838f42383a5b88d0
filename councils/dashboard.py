"""Items waiting for coordinators (issue 8's dashboard contract)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Meeting, Minutes


def waiting() -> list[dict]:
    late = (
        Meeting.objects.filter(starts_at__lte=timezone.now() - timedelta(days=14))
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Q(minutes__isnull=True) | Q(minutes__status=Minutes.Status.DRAFT))
    )
    summary = late.aggregate(oldest=Min("starts_at"))
    count = late.count()
    if not count:
        return []
    return [
        {
            "label": _("Council minutes not adjusted 14 days after the meeting"),
            "count": count,
            "oldest": summary["oldest"],
            "url": reverse("admin:councils_meeting_changelist") + "?minutes__status=draft",
        }
    ]
