"""Every URL of the project is in the authorization matrix, and each persona gets what it says.

The rules live in ``tests/access.py`` (the portal's pages) and ``tests/<app>/access.py``.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import access


def _all_rules() -> list[access.Access]:
    return access.all_rules()


RULES = _all_rules()


def _url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or pattern.lookup_str
            names.add(f"{namespace}{name}")
    return names


def _exempt(name: str) -> bool:
    return any(name.startswith(prefix) for prefix in access.EXEMPT)


def test_every_url_has_a_rule():
    covered = {rule.url_name for rule in RULES}
    missing = sorted(n for n in _url_names() if not _exempt(n) and n not in covered)
    assert not missing, (
        "URLs without an entry in the authorization matrix (add them to tests/<app>/access.py): "
        + ", ".join(missing)
    )


def test_rules_name_real_urls():
    names = _url_names()
    unknown = sorted({rule.url_name for rule in RULES} - names)
    assert not unknown, f"rules for URLs that do not exist: {unknown}"


def test_every_rule_covers_every_persona():
    incomplete = [str(rule) for rule in RULES if set(rule.expect) != set(access.PERSONAS)]
    assert not incomplete, f"rules that do not say what every persona gets: {incomplete}"


def _outcome(response) -> str:
    status = response.status_code
    if status == 200:
        return access.OK
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if location.split("?")[0] == resolve_url(settings.LOGIN_URL):
            return access.LOGIN
        if location.split("?")[0] == reverse("mfa_activate_totp"):
            return "sent to set up two-factor authentication (a staff persona without TOTP?)"
        return access.REDIRECT
    if status in (403, 404):
        return access.DENIED
    if status == 405:
        return access.NOT_ALLOWED
    return f"status {status}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", access.PERSONAS)
@pytest.mark.parametrize("rule", RULES, ids=str)
def test_persona_gets_what_the_matrix_says(client, rule, persona):
    world = access.World()
    kwargs = rule.setup(world) if rule.setup else {}
    url = reverse(rule.url_name, kwargs=kwargs or None)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    if rule.method == "get":
        response = client.get(url, **rule.extra)
    else:
        data = rule.data(world) if rule.data else {}
        response = getattr(client, rule.method)(url, data, **rule.extra)
    expected = rule.expect[persona]
    got = _outcome(response)
    if expected == access.GONE:
        expected = access.DENIED
    assert got == expected, f"{rule} as {persona}: expected {expected}, got {got} ({url})"


# Object pages where an admin of *another* association may legitimately do more than a plain
# user: the object is shared (a room, a fund), not owned by world.association.
SHARED_OBJECT_RULES = {
    "GET bookings:create": "rooms are shared: any association may book",
    "GET bookings:series": "rooms are shared: any association may book a series",
    "POST bookings:waiting_list": "rooms are shared: any association may queue",
    "GET microfund:enquiry": "the fund is shared: any association may enquire",
}


def test_another_associations_admin_never_gets_more_than_a_stranger():
    """On an object page, being admin of some other association must not open more than a
    logged-in stranger gets — unless the object is shared and listed above with the reason."""
    closed = {access.DENIED, access.LOGIN, access.GONE}
    opened = {access.OK, access.REDIRECT}
    leaks = [
        str(rule)
        for rule in RULES
        if rule.setup is not None
        and rule.expect["user"] in closed
        and rule.expect["other_admin"] in opened
        and str(rule) not in SHARED_OBJECT_RULES
    ]
    assert not leaks, f"another association's admin gets more than a stranger: {leaks}"
