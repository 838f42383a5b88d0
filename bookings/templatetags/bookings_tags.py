from django import template
from django.utils import timezone

from bookings.models import ACTIVE, Booking
from portal.permissions import active_association
from resources.models import Resource

register = template.Library()


@register.simple_tag
def resource_summary():
    return {"count": Resource.objects.active().count()}


@register.simple_tag(takes_context=True)
def coming_bookings(context, limit=5):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    association = active_association(request)
    if association is None:
        return []
    return list(
        Booking.objects.filter(association=association, status__in=ACTIVE, end__gte=timezone.now())
        .select_related("resource")
        .order_by("start")[:limit]
    )
