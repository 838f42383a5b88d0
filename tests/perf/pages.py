"""The key pages `make bench` drives with wrk: (label, path, persona e-mail or None, is_search).

Paths are looked up from the data the bench parts seeded, so they exist on the bench database.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def _path(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def key_pages() -> list[tuple[str, str, str | None, bool]]:
    pages = [("home", "/", None, False), ("about (cached template)", "/om/", None, False)]
    return [page for page in pages if page[1]]
