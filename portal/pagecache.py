"""Cache of rendered pages (issue 9).

``@cache_public_page("councils", ...)`` caches a GET view's response for anonymous visitors,
keyed by the full URL, the active language, the day and the current *generation* of each app
named. ``bump(app)`` starts a new generation of an app, so every cached page depending on it is
stale at once; it is called on every save and delete of the app's models and on every audit
event about one of them (services record one for each change they make with
``queryset.update()``), from signals connected in ``connect()``: this is cache invalidation, not
a business rule. Code that changes rows with ``update()`` and no audit event calls ``bump``.

``@cache_private_page(...)`` does the same for one signed-in user's own view of a page (my
bookings, the coordinators' dashboard): the key adds the user, their roles and the association
they act for, the pages also depend on the user's memberships and account, and they expire after
a minute (what changes with the clock alone). It goes *inside* the view's permission decorator,
so the permission check runs on every request, before the cache is read.

Only visitors without pending messages are served from or stored in the cache, and only
anonymous visitors without a session cookie in the public one; responses setting a cookie other
than the CSRF cookie are never stored. The CSRF token is not shared: it is replaced by a
placeholder when stored and by the visitor's own token when served.
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
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

# Apps whose saves and deletes start a new generation of their cached pages. "portal" is the
# users (their names show on pages); "reports" the portal's report runs, key figures and failures.
APPS = ("associations", "bookings", "councils", "microfund", "portal", "reports", "resources")
TIMEOUT = 5 * 60  # a safety net for what changes with time alone ("upcoming", "open")
PRIVATE_TIMEOUT = 60
# What every private page shows besides its own apps: the user's account and memberships.
PRIVATE_APPS = ("portal", "associations")
REPORT_MODELS = {"taskfailure", "term", "keyfigurereport", "keyfigurereminder", "reportrun"}
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


def _messages_pending(request) -> bool:
    if getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in request.COOKIES:
        return True
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # len() reads, it does not consume


def is_cacheable_request(request) -> bool:
    if not getattr(settings, "PAGE_CACHE", True) or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or _messages_pending(request):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _is_private_cacheable(request) -> bool:
    if not getattr(settings, "PAGE_CACHE", True) or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and not _messages_pending(request)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and storage._queued_messages:
        return False  # a message added while rendering: for this response only
    return not response.has_header("Cache-Control") or "private" not in response["Cache-Control"]


def _vary(response):
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def _serve(request, view, args, kwargs, *, apps, extra: str, timeout: int):
    page = "|".join(
        (
            view.__module__,
            getattr(view, "__qualname__", type(view).__qualname__),  # a view or a Feed
            get_language(),
            timezone.localdate().isoformat(),  # "today", "upcoming": a new day, a new page
            request.build_absolute_uri(),
            extra,
        )
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
        return response
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if _storable(request, response):
        content = _TOKEN.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
        cache.set(key, (content, response["Content-Type"]), timeout)
        response["X-Page-Cache"] = "miss"
    return response


def cache_public_page(*apps: str, timeout: int = TIMEOUT):
    """Cache the view's responses to anonymous visitors; ``apps``: what the page shows."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return _vary(view(request, *args, **kwargs))
            response = _serve(request, view, args, kwargs, apps=apps, extra="", timeout=timeout)
            return _vary(response)

        return wrapper

    return decorator


def cache_private_page(*apps: str, timeout: int = PRIVATE_TIMEOUT):
    """Cache a signed-in user's own view of the page; ``apps``: what the page shows. Put it
    inside the permission decorator."""
    from portal.permissions import ACTIVE_ASSOCIATION_SESSION_KEY, roles_of

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_private_cacheable(request):
                return view(request, *args, **kwargs)
            user = request.user
            extra = "|".join(
                (
                    f"user={user.pk}",
                    f"staff={user.is_staff}{user.is_superuser}",
                    "roles=" + ",".join(sorted(roles_of(user))),
                    f"acting={request.session.get(ACTIVE_ASSOCIATION_SESSION_KEY)}",
                )
            )
            response = _serve(
                request,
                view,
                args,
                kwargs,
                apps=tuple(dict.fromkeys(apps + PRIVATE_APPS)),
                extra=extra,
                timeout=timeout,
            )
            patch_cache_control(response, private=True)
            return _vary(response)

        return wrapper

    return decorator


def _generation_of(sender, instance, **kwargs) -> str | None:
    app, model = sender._meta.app_label, sender._meta.model_name
    if app != "portal":
        return app
    if model == "auditevent" and kwargs.get("created"):
        # a service's change, also one made with update() (no signal of its own)
        return (
            "reports"
            if instance.content_type.model in REPORT_MODELS
            else (instance.content_type.app_label)
        )
    if model in REPORT_MODELS:
        return "reports"
    if model == "user" and kwargs.get("update_fields") != {"last_login"}:
        return "portal"
    return None  # sessions of the portal's own bookkeeping: no page shows them


def _changed(sender, instance=None, **kwargs):
    app = _generation_of(sender, instance, **kwargs)
    if app in APPS:
        bump(app)


def connect() -> None:
    """Bump an app's generation on every save and delete of its models."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"pagecache-{signal!r}")
