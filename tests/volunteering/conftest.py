"""Volunteering tests check what the tasks do, so they run them in-process even when REDIS_URL
is set for the suite (a real worker is covered in tests/portal/test_celery_worker.py)."""

from __future__ import annotations

import pytest

from portal.celery import app


@pytest.fixture(autouse=True)
def _eager_celery():
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
