"""Fixtures shared by the whole suite."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in the test process even when REDIS_URL points at a real broker (as in CI), so
    what they do (mail in the outbox, rows marked sent) is asserted where it happens. The real
    worker is tested on its own (tests/portal/test_celery_worker.py, tests/reports/test_worker.py)
    through a separate client app."""
    from portal.celery import app

    app.set_current()  # shared tasks resolve to the current app: the portal's, not a client's
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing is not what the suite tests; the real hasher would make it minutes slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fail_on_error_logs(caplog):
    """A test that makes the portal log an ERROR fails, unless it says it expects one."""
    yield
    errors = [
        r for r in caplog.get_records("call")
        if r.levelno >= logging.ERROR and not getattr(r, "expected", False)
    ]  # fmt: skip
    allowed = getattr(caplog, "allow_errors", False)
    if errors and not allowed:
        pytest.fail("ERROR logged: " + "; ".join(r.getMessage()[:200] for r in errors))


@pytest.fixture
def allow_error_logs(caplog):
    caplog.allow_errors = True
    return caplog


@pytest.fixture
def admin_user(db):
    """pytest-django's ``admin_user`` (and so ``admin_client``), with the TOTP authenticator
    staff must have (portal.middleware.StaffMFAMiddleware)."""
    return factories.UserFactory(email="admin@example.se", is_staff=True, is_superuser=True)


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def coordinator(db):
    return factories.coordinator()


@pytest.fixture
def association(db):
    return factories.AssociationFactory()


@pytest.fixture
def association_admin(db, association):
    return factories.association_admin(association)


@pytest.fixture
def other_association_admin(db):
    """An admin of another association: must never see or change the first one's private data."""
    return factories.association_admin(factories.AssociationFactory())
