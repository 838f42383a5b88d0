"""Cross-cutting request guards: MFA for staff, and a request-size limit.

- ``StaffMFAMiddleware``: a coordinator, council secretary, fund committee member (or any staff
  or superuser account) must have a TOTP authenticator before reaching the admin or a staff page.
  Staff pages are the path prefixes in ``settings.STAFF_MFA_PATHS`` (``/admin/`` included) and
  every view marked with ``@staff_mfa_required`` — ``portal.permissions.role_required`` marks
  its views, so every review page built on it is covered. Without an authenticator the user is
  sent to allauth's TOTP setup with a message. ``STAFF_MFA_REQUIRED=0`` turns it off.
- ``RequestSizeLimitMiddleware``: a request whose Content-Length is over
  ``settings.MAX_UPLOAD_BYTES`` gets 413 before its body is read, so an oversize upload cannot
  fill the disk (nginx's client_max_body_size does the same in front of it in production).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

log = logging.getLogger("portal.security")


def staff_mfa_required(view):
    """Mark a view as a staff page: staff users must have set up two-factor authentication."""
    view.staff_mfa = True
    return view


def needs_mfa(user) -> bool:
    """Whether ``user`` must have an authenticator for staff pages (and does not yet)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from portal import permissions

    is_staff_person = (
        user.is_staff
        or user.is_superuser
        or bool(permissions.roles_of(user) & set(permissions.ROLES))
    )
    if not is_staff_person:
        return False
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_portal_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._portal_has_totp = cached
    return not cached


def _is_staff_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in getattr(settings, "STAFF_MFA_PATHS", ()))


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "STAFF_MFA_REQUIRED", True):
            return None
        marked = getattr(view_func, "staff_mfa", False)
        if not (marked or _is_staff_path(request.path_info)):
            return None
        if not needs_mfa(request.user):
            return None
        log.info("mfa required user=%s", request.user.pk)
        messages.warning(
            request,
            _(
                "Your role gives access to other people's data: set up two-factor "
                "authentication (an authenticator app) before you continue."
            ),
        )
        return redirect("mfa_activate_totp")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "MAX_UPLOAD_BYTES", None)
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            length = 0
        if limit and length > limit:
            log.warning("request too large path=%s bytes=%s", request.path, length)
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
