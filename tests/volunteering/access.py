"""Authorization matrix of volunteer brokering (see tests/access.py)."""

from __future__ import annotations

from tests.access import (
    DENIED,
    LOGIN,
    OK,
    PERSONAS,
    REDIRECT,
    Access,
    logged_in,
    members_only,
    public,
    role_only,
)


def _assignment(world, **kwargs):
    from tests.volunteering.factories import AssignmentFactory

    return AssignmentFactory(association=world.association, **kwargs)


def published(world):
    return {"pk": _assignment(world).pk}


def draft(world):
    return {"pk": _assignment(world, status="draft", published_at=None).pk}


def application(world):
    from tests.volunteering.factories import ApplicationFactory

    return {"pk": ApplicationFactory(assignment=_assignment(world)).pk, "action": "accept"}


def someone_elses_application(world):
    from tests.volunteering.factories import ApplicationFactory

    return {"pk": ApplicationFactory(assignment=_assignment(world)).pk}


def candidate(world):
    from tests.volunteering.factories import VolunteerProfileFactory

    return {"pk": _assignment(world).pk, "profile_pk": VolunteerProfileFactory().pk}


def feed(world):
    from tests.volunteering.factories import VolunteerProfileFactory

    return {"token": VolunteerProfileFactory().calendar_token}


# Pages for "the association I act for": only people with a membership get them.
ACTING = dict.fromkeys(PERSONAS, DENIED) | {
    "anonymous": LOGIN,
    "other_admin": OK,
    "member": OK,
    "owner": OK,
}


def waiting(world):
    return {"pk": _assignment(world, needs_approval=True).pk}


RULES = [
    Access("volunteering:list", public()),
    Access("volunteering:detail", public(), setup=published),
    Access(
        "volunteering:detail",
        members_only(anonymous=DENIED),
        setup=draft,
        label="draft",
    ),
    Access(
        "volunteering:apply",
        # Everyone logged in is redirected: to "my applications", or back with an error
        # (members cannot apply to their own association's assignment).
        dict.fromkeys(PERSONAS, REDIRECT) | {"anonymous": LOGIN},
        setup=published,
        method="post",
        data=lambda world: {"message": "Jag kan hjälpa till"},
    ),
    Access("volunteering:apply", logged_in(), setup=published, label="form"),
    Access("volunteering:apply", members_only(anonymous=LOGIN), setup=draft, label="draft"),
    Access("volunteering:suggestions", logged_in()),
    Access("volunteering:profile", logged_in()),
    Access("volunteering:profile_export", logged_in()),
    Access("volunteering:profile_delete", logged_in()),
    Access("volunteering:my_applications", logged_in()),
    Access(
        "volunteering:withdraw",
        dict.fromkeys(PERSONAS, DENIED) | {"anonymous": LOGIN},
        setup=someone_elses_application,
        method="post",
    ),
    Access("volunteering:calendar", public(), setup=feed),
    Access("volunteering:manage", ACTING),
    Access("volunteering:create", ACTING),
    Access("volunteering:edit", members_only(), setup=published),
    Access("volunteering:applicants", members_only(), setup=published),
    Access("volunteering:candidates", members_only(), setup=published),
    Access("volunteering:publish", members_only(REDIRECT), setup=draft, method="post"),
    Access(
        "volunteering:close",
        members_only(REDIRECT),
        setup=published,
        method="post",
        data=lambda world: {"reason": "filled"},
    ),
    Access("volunteering:invite", members_only(REDIRECT), setup=candidate, method="post"),
    Access("volunteering:decide", members_only(REDIRECT), setup=application, method="post"),
]

RULES += [
    Access("volunteering:unpublish", role_only("coordinator"), setup=published),
    Access(
        "volunteering:unpublish",
        role_only("coordinator", ok=REDIRECT),
        setup=published,
        method="post",
        data=lambda world: {"reason": "Kommersiell annons"},
        label="post",
    ),
    Access(
        "volunteering:approve",
        role_only("coordinator", ok=REDIRECT),
        setup=waiting,
        method="post",
    ),
]
