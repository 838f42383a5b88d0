"""Personal data in the councils app (issue 10's contract): e-mail subscriptions, and the
secretary role. Published minutes are public records and are not erased."""

from __future__ import annotations

from councils.models import Subscription


def export(user) -> dict:
    return {
        "council_subscriptions": [
            {
                "email": s.email,
                "council": s.council.name if s.council else None,
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            }
            for s in Subscription.objects.filter(email__iexact=user.email).select_related("council")
        ],  # fmt: skip
        "council_secretary_of": list(user.councils_as_secretary.values_list("name", flat=True)),
    }


def erase(user) -> None:
    Subscription.objects.filter(email__iexact=user.email).delete()
    user.councils_as_secretary.clear()
