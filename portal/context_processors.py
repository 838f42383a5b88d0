from django.conf import settings

from portal import permissions


def portal(request):
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_TOWN": settings.PORTAL_TOWN,
        "DEMO_MODE": settings.DEMO,
        "is_coordinator": permissions.is_coordinator(user) if user else False,
    }
