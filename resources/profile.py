"""The association profile's "resources to share" section (see ``associations.profile_hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from resources.models import Resource


def shared_resources(association, request):
    """Active resources the association owns and others may book: one query, hidden when none."""
    resources = list(
        Resource.objects.shared()
        .filter(owner=association)
        .select_related("venue")
        .order_by("venue__name", "name")
    )
    if not resources:
        return None
    return {
        "title": _("Resources to share"),
        "template": "resources/_profile_section.html",
        "context": {"resources": resources},
    }
