"""A task goes through a real Celery worker process on Redis, against this test database."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from tests.factories import UserFactory
from tests.utils import require_redis

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_worker() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    port = f":{s['PORT']}" if s["PORT"] else ""
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}{port}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db):
    """Start `celery worker` on a private queue; yield (broker url, queue)."""
    redis_url = require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url_for_worker(),
        "DEBUG": "1",
        "DEMO": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queue],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        yield redis_url, queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def send(redis_url, queue, name, *args, timeout=60):
    # not the current app: shared tasks of later tests must still find the portal's (eager) app
    client = Celery("test-client", broker=redis_url, backend=redis_url, set_as_current=False)
    result = client.send_task(name, args=list(args), queue=queue)
    try:
        # The test process is not a worker, whatever an eager task ran before it set.
        return result.get(timeout=timeout, disable_sync_subtasks=False)
    finally:
        result.forget()


def test_probe_task_runs_in_a_real_worker_against_the_same_database(worker):
    redis_url, queue = worker
    UserFactory.create_batch(3)
    token = uuid.uuid4().hex
    result = send(redis_url, queue, "portal.probe", token)
    assert result == {"token": token, "vendor": connection.vendor, "users": 3}
