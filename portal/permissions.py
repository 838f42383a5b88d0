"""Roles and object checks, shared by every app.

Roles are Django groups (coordinators, council secretaries, fund committee); an association's
people have a membership role (admin or member). Apps call these functions from their views and
services; each app keeps its own object rules in one place built on them.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

COORDINATORS = "Coordinators"
COUNCIL_SECRETARIES = "Council secretaries"
FUND_COMMITTEE = "Fund committee"
ROLES = (COORDINATORS, COUNCIL_SECRETARIES, FUND_COMMITTEE)

ACTIVE_ASSOCIATION_SESSION_KEY = "active_association_id"


def roles_of(user) -> frozenset[str]:
    """The role names of ``user``, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or role in roles_of(user)


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATORS)


def is_council_secretary(user) -> bool:
    return has_role(user, COUNCIL_SECRETARIES)


def is_fund_committee(user) -> bool:
    return has_role(user, FUND_COMMITTEE)


def role_required(*roles: str):
    """View decorator: anonymous users go to the login page, users without any role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(has_role(request.user, role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # A staff page: portal.middleware.StaffMFAMiddleware requires two-factor authentication.
        wrapped.staff_mfa = True
        return wrapped

    return decorator


# --- Association membership ---------------------------------------------------------------


def memberships_of(user):
    from associations.models import Membership

    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("association")
        .order_by("association__name")
    )


def membership_for(user, association):
    """The user's Membership in ``association``, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    from associations.models import Membership

    return Membership.objects.filter(user=user, association=association).first()


def is_association_admin(user, association) -> bool:
    membership = membership_for(user, association)
    return membership is not None and membership.is_admin


def is_association_member(user, association) -> bool:
    return membership_for(user, association) is not None


def require_association_admin(user, association) -> None:
    """Raise PermissionDenied unless ``user`` administers ``association`` (coordinators may)."""
    if not (is_association_admin(user, association) or is_coordinator(user)):
        raise PermissionDenied


def require_association_member(user, association) -> None:
    if not (is_association_member(user, association) or is_coordinator(user)):
        raise PermissionDenied


def active_membership(request):
    """The membership the user is acting for now (chosen in the header), or their first one."""
    memberships = list(memberships_of(request.user))
    if not memberships:
        return None
    wanted = request.session.get(ACTIVE_ASSOCIATION_SESSION_KEY)
    for membership in memberships:
        if membership.association_id == wanted:
            return membership
    return memberships[0]


def active_association(request):
    membership = active_membership(request)
    return membership.association if membership else None
