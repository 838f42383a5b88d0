import pytest


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in the test process even when REDIS_URL points at a real broker."""
    from portal.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old
