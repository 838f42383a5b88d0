import pytest


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run tasks in-process even when REDIS_URL is set (as in CI), so mail lands in the outbox."""
    from portal.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
