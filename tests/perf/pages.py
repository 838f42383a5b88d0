"""The key pages `make bench` drives with wrk: (label, path, persona e-mail or None, is_search).

Each ``tests/perf/bench_<part>.py`` may define ``pages() -> list[tuple]`` returning its own key
pages, with paths looked up from the data that part seeded, so they exist on the bench database.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django.urls import NoReverseMatch, reverse


def path(name, **kwargs):
    """``reverse`` that returns None for a URL that does not exist (yet)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def key_pages() -> list[tuple[str, str, str | None, bool]]:
    pages = [("home", "/", None, False), ("about (cached template)", "/om/", None, False)]
    here = Path(__file__).parent
    for module in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if module.name.startswith("bench_") and module.name != "bench_http":
            part = importlib.import_module(f"tests.perf.{module.name}")
            if hasattr(part, "pages"):
                pages += part.pages()
    return [page for page in pages if page[1]]


def with_authenticator(user):
    """Give a bench persona a TOTP authenticator, as staff have in production (the MFA guard
    sends staff without one to the setup page). The secret is never used: sessions are forced."""
    from allauth.mfa.models import Authenticator

    if user is not None:
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
        )
    return user
