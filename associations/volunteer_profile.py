"""The association profile's "open volunteer assignments" section (see ``profile_hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from associations.models import Assignment

LIMIT = 10


def open_assignments(association, request):
    """Published assignments still taking applications: one query, hidden when there are none."""
    assignments = list(
        Assignment.objects.open()
        .filter(association=association)
        .select_related("district")
        .order_by("apply_by", "-published_at", "pk")[: LIMIT + 1]
    )
    if not assignments:
        return None
    return {
        "title": _("Open volunteer assignments"),
        "template": "volunteering/_profile_section.html",
        "context": {"assignments": assignments[:LIMIT], "more": len(assignments) > LIMIT},
    }
