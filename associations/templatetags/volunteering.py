"""Template tags for the volunteering partials on the home page and "My pages"."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from associations.models import Application, Assignment, VolunteerProfile

register = template.Library()


@register.simple_tag
def volunteering_home() -> dict:
    open_assignments = Assignment.objects.open()
    return {
        "count": open_assignments.count(),
        "latest": list(open_assignments.order_by("-published_at", "-pk").only("pk", "title")[:3]),
    }


@register.simple_tag(takes_context=True)
def volunteering_dashboard(context) -> dict:
    request = context["request"]
    user = request.user
    mine = Application.objects.filter(volunteer=user).aggregate(
        open=Count("pk", filter=Q(status__in=Application.OPEN_STATES)),
        accepted=Count("pk", filter=Q(status=Application.Status.ACCEPTED)),
    )
    membership = context.get("active_membership")
    waiting = None
    if membership is not None:
        waiting = Application.objects.filter(
            assignment__association_id=membership.association_id,
            status=Application.Status.NEW,
        ).count()
    return {
        "has_profile": VolunteerProfile.objects.filter(user=user).exists(),
        "open": mine["open"],
        "accepted": mine["accepted"],
        "association": membership.association if membership else None,
        "waiting": waiting,
    }
