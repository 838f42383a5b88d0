"""What waits for coordinators in the registry (the coordinator dashboard's contract)."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from associations.models import Association


def waiting() -> list[dict]:
    queue = Association.objects.filter(status=Association.Status.SUBMITTED).aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
    return [
        {
            "label": _("Associations waiting for approval"),
            "count": queue["count"],
            "oldest": queue["oldest"],
            "url": reverse("admin:associations_pendingassociation_changelist"),
        }
    ]
