from tests.access import Access, public


def _resource(world):
    from tests.resources.factories import ResourceFactory

    return ResourceFactory()


def _slug(world):
    return {"slug": _resource(world).slug}


def _feed(world):
    r = _resource(world)
    return {"slug": r.slug, "token": r.ical_token}


RULES = [
    Access("resources:list", public()),
    Access("resources:search", public()),
    Access("resources:detail", public(), setup=_slug),
    Access("resources:calendar", public(), setup=_slug),
    Access("resources:feed", public(), setup=_feed),
    Access(
        "resources:feed",
        dict(public(), **dict.fromkeys(public(), "denied")),
        setup=lambda w: {"slug": _resource(w).slug, "token": "wrong-token"},
        label="wrong token",
    ),
]
