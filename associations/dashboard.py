"""Coordinator dashboard contract (issue 8): associations waiting for moderation."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from associations.models import Association


def waiting() -> list[dict]:
    agg = Association.objects.moderation_queue().aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
    return [
        {
            "label": _("Associations waiting for review"),
            "count": agg["count"],
            "oldest": agg["oldest"],
            "url": reverse("admin:associations_association_changelist")
            + "?status__exact=submitted",
        }
    ]
