"""The authorization matrix: every URL of the project, and what each kind of visitor gets there.

Each app lists its URLs in ``tests/<app>/access.py`` as ``RULES = [Access(...), ...]``; the
project's own pages are listed below. ``tests/portal/test_access_matrix.py`` enumerates every URL
pattern of the project and fails when one has no rule, then requests each rule as every persona
and checks the outcome. So a new page cannot quietly skip its permission check.

The same rules (``all_rules()``) drive the other cross-cutting tests: the security headers of
every public page (tests/portal/test_security_headers.py) and the hypothesis fuzzing of every
page's query string and every form (tests/portal/test_fuzz.py). Staff personas come from the
factories with a TOTP authenticator, as staff must have one (portal.middleware).

A rule's ``setup(world)`` builds the object the URL shows or changes, owned by
``world.association`` (the owner's association), and returns the URL's kwargs. Personas:

- ``anonymous``: not logged in
- ``user``: a logged-in citizen with no membership and no role
- ``other_admin``: admin of another approved association
- ``member``: plain member of ``world.association``
- ``owner``: admin of ``world.association``
- ``coordinator``, ``council_secretary``, ``fund_committee``: the staff roles

Outcomes: ``OK`` (200), ``LOGIN`` (redirect to the login page), ``DENIED`` (403 or 404: the
object is neither shown nor changed), ``REDIRECT`` (a 30x that is not the login page: a POST that
succeeded), ``GONE`` (404 for everyone, e.g. a draft the public never sees), ``NOT_ALLOWED`` (405).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

OK = "ok"
LOGIN = "login"
DENIED = "denied"
REDIRECT = "redirect"
GONE = "gone"
NOT_ALLOWED = "not_allowed"

PERSONAS = (
    "anonymous",
    "user",
    "other_admin",
    "member",
    "owner",
    "coordinator",
    "council_secretary",
    "fund_committee",
)


class World:
    """The people and associations a rule is checked against (created lazily, per test)."""

    @cached_property
    def association(self):
        from tests import factories

        return factories.AssociationFactory()

    @cached_property
    def other_association(self):
        from tests import factories

        return factories.AssociationFactory()

    def persona(self, name: str):
        from associations.models import Membership
        from tests import factories

        if name == "anonymous":
            return None
        if name == "user":
            return factories.UserFactory()
        if name == "other_admin":
            return factories.association_admin(self.other_association)
        if name == "member":
            user = factories.UserFactory()
            factories.MembershipFactory(
                user=user, association=self.association, role=Membership.Role.MEMBER
            )
            return user
        if name == "owner":
            return self.owner
        if name == "coordinator":
            return factories.coordinator()
        if name == "council_secretary":
            return factories.council_secretary()
        if name == "fund_committee":
            return factories.fund_committee_member()
        raise ValueError(name)

    @cached_property
    def owner(self):
        from tests import factories

        return factories.association_admin(self.association)


def public(**overrides) -> dict[str, str]:
    """Everyone gets the page."""
    return dict.fromkeys(PERSONAS, OK) | overrides


def logged_in(**overrides) -> dict[str, str]:
    """Any logged-in person gets it; anonymous visitors are sent to log in."""
    return dict.fromkeys(PERSONAS, OK) | {"anonymous": LOGIN} | overrides


def owner_only(ok: str = OK, **overrides) -> dict[str, str]:
    """Only the owning association's admins (and coordinators, who may act for any)."""
    expect = dict.fromkeys(PERSONAS, DENIED) | {"anonymous": LOGIN}
    return expect | {"owner": ok, "coordinator": ok} | overrides


def members_only(ok: str = OK, **overrides) -> dict[str, str]:
    """Members and admins of the owning association (and coordinators)."""
    return owner_only(ok, member=ok) | overrides


def role_only(*personas: str, ok: str = OK, **overrides) -> dict[str, str]:
    """Only the given staff personas."""
    expect = dict.fromkeys(PERSONAS, DENIED) | {"anonymous": LOGIN}
    return expect | dict.fromkeys(personas, ok) | overrides


@dataclass(frozen=True)
class Access:
    url_name: str
    expect: dict[str, str]
    setup: Callable[[World], dict] | None = None
    method: str = "get"
    data: Callable[[World], dict] | None = None
    label: str = ""
    extra: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.method.upper()} {self.url_name}{' ' + self.label if self.label else ''}"


# URL names (or namespaces, ending in ":") that the matrix does not cover, with the reason.
EXEMPT = {
    "admin:": "Django admin: staff-only by Django's own permission system (tested per app)",
    "account_": "allauth's account pages: tested in tests/portal/test_accounts.py",
    "mfa_": "allauth's MFA pages: tested in tests/portal/test_accounts.py",
    "socialaccount_": "allauth social login is not enabled",
    "set_language": "Django's language switch (POST, no object)",
    "django.contrib.sitemaps.views.sitemap": "the sitemap, tested in tests/portal/test_pages.py",
}

RULES = [
    Access("home", public()),
    Access("about", public()),
    Access("accessibility", public()),
    Access("privacy", public()),
    Access("healthz", public()),
    Access("livez", public()),
    Access("sitemap", public()),
    Access("dashboard", logged_in()),
    Access("my_data", logged_in()),
    Access("my_data_download", logged_in()),
    Access("delete_account", logged_in()),
    Access(
        "delete_account",
        logged_in(),
        method="post",
        data=lambda world: {"password": "wrong", "confirm": "on"},
        label="wrong password",
    ),
    Access(
        "switch_association",
        dict.fromkeys(PERSONAS, REDIRECT) | {"anonymous": LOGIN},
        method="post",
        data=lambda world: {"association": world.association.pk},
    ),
]


def all_rules() -> list[Access]:
    """The portal's rules and every app's ``tests/<app>/access.py`` RULES (found automatically)."""
    import importlib
    import pkgutil
    from pathlib import Path

    rules = list(RULES)
    tests_dir = Path(__file__).resolve().parent
    for module in sorted(pkgutil.iter_modules([str(tests_dir)]), key=lambda m: m.name):
        if module.ispkg and (tests_dir / module.name / "access.py").exists():
            rules += importlib.import_module(f"tests.{module.name}.access").RULES
    return rules
