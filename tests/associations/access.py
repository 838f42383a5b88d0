"""The registry's URLs in the authorization matrix (see tests/access.py)."""

from __future__ import annotations

from associations import services
from associations.models import Association, Membership
from tests import factories
from tests.access import (
    DENIED,
    LOGIN,
    NOT_ALLOWED,
    OK,
    PERSONAS,
    REDIRECT,
    Access,
    logged_in,
    members_only,
    owner_only,
    public,
)


def _slug(world):
    return {"slug": world.association.slug}


def _draft(world):
    world.association.status = Association.Status.DRAFT
    world.association.save()
    return {"slug": world.association.slug}


def _other_draft(world):
    """A draft nobody in the world belongs to: only coordinators see it."""
    association = factories.AssociationFactory(status=Association.Status.DRAFT)
    return {"slug": association.slug}


def _rejected(world):
    world.association.status = Association.Status.REJECTED
    world.association.save()
    return {"slug": world.association.slug}


def _membership(world):
    """A plain member of the owner's association, whom admins may change or remove."""
    membership = factories.MembershipFactory(
        association=world.association, role=Membership.Role.MEMBER
    )
    return {"slug": world.association.slug, "pk": membership.pk}


def _invitation(world):
    token = services.make_invitation_token(world.association, "ny@example.se", "member")
    return {"token": token}


_POST_ONLY = dict.fromkeys(PERSONAS, NOT_ALLOWED) | {"anonymous": LOGIN}

RULES = [
    Access("associations:directory", public()),
    Access("associations:directory_csv", public()),
    Access("associations:directory_json", public()),
    Access("associations:detail", public(), setup=_slug),
    Access(
        "associations:detail",
        members_only(other_admin=DENIED, user=DENIED, anonymous=DENIED),
        setup=_draft,
        label="draft: only its people and coordinators",
    ),
    Access(
        "associations:detail",
        dict.fromkeys(PERSONAS, DENIED) | {"coordinator": OK},
        setup=_other_draft,
        label="someone else's draft",
    ),
    Access("associations:register", logged_in()),
    Access("associations:edit", owner_only(), setup=_slug),
    Access(
        "associations:edit",
        owner_only(REDIRECT),
        setup=_slug,
        method="post",
        data=lambda world: {
            "name": "Nytt namn",
            "legal_form": "ideell",
            "org_number": world.association.org_number,
        },
        label="save",
    ),
    Access("associations:submit", _POST_ONLY, setup=_slug, label="GET"),
    Access("associations:submit", owner_only(REDIRECT), setup=_rejected, method="post"),
    Access("associations:annual_update", owner_only(), setup=_slug),
    Access("associations:members", members_only(), setup=_slug),
    Access(
        "associations:members",
        owner_only(REDIRECT, member=DENIED),
        setup=_slug,
        method="post",
        data=lambda world: {"email": "ny.medlem@example.se", "role": "member"},
        label="invite",
    ),
    Access(
        "associations:member_role",
        owner_only(REDIRECT),
        setup=_membership,
        method="post",
        data=lambda world: {"role": "admin"},
    ),
    Access("associations:member_role", _POST_ONLY, setup=_membership, label="GET"),
    Access("associations:member_remove", owner_only(REDIRECT), setup=_membership, method="post"),
    Access("associations:member_remove", _POST_ONLY, setup=_membership, label="GET"),
    Access(
        "associations:leave",
        members_only(REDIRECT, coordinator=DENIED),
        setup=_slug,
        method="post",
    ),
    Access("associations:leave", _POST_ONLY, setup=_slug, label="GET"),
    Access("associations:accept_invitation", logged_in(), setup=_invitation),
]
