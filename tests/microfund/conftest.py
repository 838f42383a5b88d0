import pytest


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run tasks in the test process even when REDIS_URL is set (the worker is tested in
    tests/portal/test_celery_worker.py); what is asserted here is what the tasks do."""
    from portal.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
