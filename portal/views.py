from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import permissions
from portal.pagecache import cache_public_page

log = logging.getLogger("portal.security")


@cache_public_page("associations", "bookings", "councils", "microfund", "resources", "portal")
def home(request):
    return render(request, "portal/home.html")


def about(request):
    return render(request, "portal/about.html")


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    return render(request, "portal/privacy.html")


@login_required
def dashboard(request):
    """ "My pages": what the signed-in person can do, by membership and role."""
    return render(
        request,
        "portal/dashboard.html",
        {
            "memberships": list(permissions.memberships_of(request.user)),
            "active_membership": permissions.active_membership(request),
            "roles": permissions.roles_of(request.user),
        },
    )


@login_required
@require_POST
def switch_association(request):
    """Choose which of the user's associations they act for."""
    try:
        wanted = int(request.POST.get("association", ""))
    except ValueError:
        wanted = None
    membership = next(
        (m for m in permissions.memberships_of(request.user) if m.association_id == wanted), None
    )
    if membership is None:
        messages.error(request, _("You are not a member of that association."))
    else:
        request.session[permissions.ACTIVE_ASSOCIATION_SESSION_KEY] = membership.association_id
        messages.success(
            request, _("You are now acting for %(name)s.") % {"name": membership.association.name}
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    return HttpResponseRedirect(next_url)


@require_GET
def livez(request):
    """Liveness: the process answers (no database or Redis); the floor of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def healthz(request):
    """Database and (where configured) Redis; 503 when either is down."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy; the type goes to the log
        log.error("healthz database failure: %s", type(exc).__name__)
        checks["database"] = "error"
        healthy = False
    if settings.REDIS_URL:
        try:
            import redis

            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
            )
            client.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            log.error("healthz redis failure: %s", type(exc).__name__)
            checks["redis"] = "error"
            healthy = False
    else:
        checks["redis"] = "not configured"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    log.warning(
        "permission denied path=%s user=%s", request.path, getattr(request.user, "pk", None)
    )
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
