"""Helpers shared by the test suite."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str):
    """A missing service skips the test locally, but in CI (CI=true) it is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


def count_queries(func, *args, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = func(*args, **kwargs)
    return len(ctx.captured_queries), result


def assert_constant_queries(client, url: str, grow, *, status: int = 200) -> int:
    """Fetch ``url``, call ``grow()`` to add data, fetch again: the query count must not change.
    The anonymous page cache is off: what is counted is the work that makes the page."""
    with override_settings(PAGE_CACHE=False):
        before, response = count_queries(client.get, url)
    assert response.status_code == status, response.status_code
    grow()
    with override_settings(PAGE_CACHE=False):
        after, response = count_queries(client.get, url)
    assert response.status_code == status, response.status_code
    assert before == after, f"{url}: {before} queries before, {after} after adding data"
    return after


def redis_url_for_tests() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def require_redis() -> str:
    url = redis_url_for_tests()
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        skip_or_fail(f"Redis is not reachable at {url}: {type(exc).__name__}")
    return url


def require_postgres():
    """Skip a PostgreSQL-only test on the embedded default (SQLite) run; CI runs the suite a
    second time on PostgreSQL, where it runs. A DATABASE_URL that is set but not PostgreSQL is
    a missing service: in CI that fails."""
    if connection.vendor == "postgresql":
        return
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("PostgreSQL only: runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/ideburna")


# Tables that change on a request without the request having "written" anything: the session and
# allauth's login bookkeeping (e-mail confirmations sent, an authenticator's "last used"). There
# is no cache table (the cache is local memory or Redis), allauth keeps its rate limits in the
# cache, and permission denials go to the log, not to AuditEvent: so AuditEvent is checked too.
SNAPSHOT_SKIP = {"sessions.session", "account.emailconfirmation", "mfa.authenticator"}


def db_snapshot() -> dict[str, tuple]:
    """The state of every concrete table: ``{model label: (row count, max pk, digest of rows)}``.

    One query per model (every row's concrete columns, ordered by pk), so a row added, deleted or
    changed between two snapshots shows up as a difference. Meant for the small databases of tests.
    """
    import hashlib

    from django.apps import apps

    state = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.label_lower in SNAPSHOT_SKIP:
            continue
        columns = [f.attname for f in opts.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*columns))
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()
        last_pk = rows[-1][columns.index(opts.pk.attname)] if rows else None
        state[opts.label] = (len(rows), last_pk, digest)
    return state


def snapshot_changes(before: dict[str, tuple], after: dict[str, tuple]) -> dict[str, tuple]:
    """The tables whose snapshot differs: ``{label: ((count, max pk) before, after)}``."""
    return {
        label: (before.get(label, (0, None, ""))[:2], after.get(label, (0, None, ""))[:2])
        for label in before.keys() | after.keys()
        if before.get(label) != after.get(label)
    }
