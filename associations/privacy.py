"""The registry's part of "my data": the person's memberships (the privacy contract)."""

from __future__ import annotations

from associations.models import Membership


def export(user) -> dict:
    memberships = Membership.objects.filter(user=user).select_related("association")
    return {
        "memberships": [
            {
                "association": m.association.name,
                "org_number": m.association.org_number or "",
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in memberships.order_by("created_at")
        ]
    }


def erase(user) -> None:
    """Memberships are personal data with nothing to keep: delete them. Associations are not
    personal data and stay (a coordinator can appoint a new admin)."""
    Membership.objects.filter(user=user).delete()
