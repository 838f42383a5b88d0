from datetime import timedelta

from tests.access import (
    DENIED,
    LOGIN,
    OK,
    REDIRECT,
    Access,
    logged_in,
    members_only,
    owner_only,
    role_only,
)

# Who may book: anyone acting for an approved association that may book the resource.
BOOKERS = role_only("other_admin", "member", "owner")
BOOKERS_POST = role_only("other_admin", "member", "owner", ok=REDIRECT)


def _resource(**kwargs):
    from tests.resources.factories import ResourceFactory

    return ResourceFactory(**kwargs)


def _slug(world):
    return {"slug": _resource().slug}


def _booking(world, **kwargs):
    from tests.bookings.factories import BookingFactory

    return BookingFactory(association=world.association, **kwargs)


def _future(world):
    return {"pk": _booking(world).pk}


def _past(world):
    from django.utils import timezone

    start = timezone.now().replace(microsecond=0) - timedelta(days=2)
    return {"pk": _booking(world, start=start, end=start + timedelta(hours=1)).pk}


def _owned_request(world):
    from bookings.models import Booking

    room = _resource(owner=world.association, needs_approval=True)
    _booking(world, resource=room, status=Booking.Status.REQUESTED)
    return {}


def _feed(world):
    from bookings.models import FeedToken

    return {
        "token": FeedToken.objects.create(association=world.association, token="s3cret-token").token
    }


def _slot(world):
    from tests.bookings.factories import future_day

    return {
        "date": future_day().isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "purpose": "x",
        "attendees": 1,
    }


RULES = [
    Access("bookings:mine", logged_in()),
    Access("bookings:create", BOOKERS, setup=_slug),
    Access("bookings:series", BOOKERS, setup=_slug),
    Access("bookings:waiting_list", BOOKERS_POST, setup=_slug, method="post", data=_slot),
    Access("bookings:detail", members_only(), setup=_future),
    Access("bookings:ics", members_only(), setup=_future),
    Access("bookings:cancel", members_only(REDIRECT), setup=_future, method="post"),
    Access("bookings:move", members_only(), setup=_future),
    Access("bookings:move", members_only(), setup=_future, method="post"),
    Access(
        "bookings:attendance",
        members_only(REDIRECT),
        setup=_past,
        method="post",
        data=lambda w: {"attended": 7},
    ),
    Access("bookings:queue", role_only("coordinator", "owner"), setup=_owned_request),
    Access(
        "bookings:decide",
        role_only("coordinator", "owner", ok=REDIRECT),
        setup=_owned_request,
        method="post",
        data=lambda w: {"action": "approve", "booking": []},
    ),
    Access("bookings:utilisation", role_only("coordinator")),
    Access(
        "bookings:feed_token",
        role_only("other_admin", "owner", ok=REDIRECT),
        method="post",
    ),
    Access("bookings:feed", dict.fromkeys(logged_in(), OK), setup=_feed),
]

__all__ = ["DENIED", "LOGIN", "owner_only"]
