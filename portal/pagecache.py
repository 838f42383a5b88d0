"""Cache of public pages for anonymous visitors (issue 9).

``@cache_public_page("councils", ...)`` caches a GET view's response, keyed by the full URL,
the active language and the current *generation* of each app named. ``bump(app)`` starts a new
generation of an app, so every cached page depending on it is stale at once; it is called on
every save and delete of the app's models (signals connected in ``connect()``: this is cache
invalidation, not a business rule) and may be called by services after a ``queryset.update()``.

Only anonymous visitors without a session cookie and without pending messages are served from or
stored in the cache; responses setting a cookie other than the CSRF cookie are never stored. The
CSRF token is not shared: it is replaced by a placeholder when stored and by the visitor's own
token when served.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# Apps whose saves and deletes start a new generation of their cached pages.
APPS = ("associations", "bookings", "councils", "microfund", "portal", "resources")
TIMEOUT = 5 * 60  # a safety net for what changes with time alone ("upcoming", "open")
PLACEHOLDER = "@@csrf-token@@"
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PREFIX = "pagecache"


def _generation_key(app: str) -> str:
    return f"{_PREFIX}:gen:{app}"


def bump(*apps: str) -> None:
    """Start a new generation of the apps' cached pages."""
    cache.set_many({_generation_key(app): uuid.uuid4().hex for app in apps}, None)


def _generations(apps) -> str:
    keys = [_generation_key(app) for app in apps]
    found = cache.get_many(keys)
    return ",".join(str(found.get(key, "0")) for key in keys)


def is_cacheable_request(request) -> bool:
    if not getattr(settings, "PAGE_CACHE", True) or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    return not response.has_header("Cache-Control") or "private" not in response["Cache-Control"]


def _vary(response):
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def cache_public_page(*apps: str, timeout: int = TIMEOUT):
    """Cache the view's responses to anonymous visitors; ``apps``: what the page shows."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return _vary(view(request, *args, **kwargs))
            page = "|".join(
                (view.__module__, view.__name__, get_language(), request.build_absolute_uri())
            )
            digest = hashlib.sha256(f"{page}|{_generations(apps)}".encode()).hexdigest()
            key = f"{_PREFIX}:page:{digest}"
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                if PLACEHOLDER in content:
                    content = content.replace(PLACEHOLDER, get_token(request))
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return _vary(response)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _storable(response):
                content = _TOKEN.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
                cache.set(key, (content, response["Content-Type"]), timeout)
                response["X-Page-Cache"] = "miss"
            return _vary(response)

        return wrapper

    return decorator


def _changed(sender, **kwargs):
    app = sender._meta.app_label
    # of the portal's own models, the pages show only users' names
    if app == "portal" and (
        sender._meta.model_name != "user" or kwargs.get("update_fields") == {"last_login"}
    ):
        return
    if app in APPS:
        bump(app)


def connect() -> None:
    """Bump an app's generation on every save and delete of its models."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"pagecache-{signal!r}")
