"""The beat schedule is complete and single; a task failing after its retries is recorded
and shown to coordinators."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from portal.celery import BEAT_SCHEDULE, PortalTask, app
from portal.models import TaskFailure

ROOT = Path(__file__).resolve().parents[2]

attempts: list[int] = []


@app.task(bind=True, name="tests.reports.always_fails")
def always_fails(self, token):
    attempts.append(self.request.retries)
    raise ConnectionError(f"SMTP server unreachable ({token})")


def registered_tasks() -> set[str]:
    # Import every app's tasks module directly: the loader's import_default_modules() also
    # fires Celery's Django fixup, which validates models against the database.
    from django.apps import apps as django_apps

    for config in django_apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
    return set(app.tasks)


def test_every_periodic_task_names_a_registered_task_once():
    tasks = registered_tasks()
    names = [entry["task"] for entry in BEAT_SCHEDULE.values()]
    assert names, "the beat schedule is empty"
    missing = sorted(set(names) - tasks)
    assert not missing, f"beat entries for tasks that are not registered: {missing}"
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"tasks scheduled more than once: {duplicates}"
    assert list(BEAT_SCHEDULE) == sorted(BEAT_SCHEDULE), "keep BEAT_SCHEDULE sorted by key"
    assert app.conf.beat_schedule is BEAT_SCHEDULE
    for key, entry in BEAT_SCHEDULE.items():
        assert entry.get("schedule") is not None, f"{key} has no interval"


def test_the_reports_periodic_tasks_are_scheduled():
    names = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {
        "portal.reports.coordinator_digest",
        "portal.reports.keyfigure_reminders",
        "portal.reports.monthly_reports",
        "portal.reports.sweep_report_runs",
    } <= names


def test_docker_compose_runs_exactly_one_beat():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    beats = []
    for name, service in compose["services"].items():
        command = service.get("command") or ""
        command = " ".join(command) if isinstance(command, list) else command
        if re.search(r"\bcelery\b.*\bbeat\b", command) or re.search(r"\s-B\b|--beat", command):
            beats.append((name, service.get("deploy", {}).get("replicas", 1)))
    assert len(beats) == 1, beats
    assert beats[0][1] == 1


def test_portal_tasks_retry_at_most_five_times_with_backoff():
    assert issubclass(app.Task, PortalTask)
    registered_tasks()
    # shared_task picks up the portal's class
    assert isinstance(app.tasks["portal.reports.coordinator_digest"], PortalTask)
    assert PortalTask.max_retries + 1 <= 5
    assert PortalTask.retry_backoff and PortalTask.retry_backoff_max <= 3600


@pytest.mark.django_db
def test_a_task_failing_after_its_retries_is_recorded_and_shown(
    client, coordinator, settings, allow_error_logs
):
    # The Celery app's own configuration, not Django's settings: it is read once per process.
    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    attempts.clear()
    try:
        always_fails.apply(args=["token-1"], throw=False)
    finally:
        app.conf.task_eager_propagates = before
    assert attempts == [0, 1, 2, 3, 4]  # five tries in all
    failure = TaskFailure.objects.get()
    assert failure.task_name == "tests.reports.always_fails"
    assert failure.args == ["token-1"]
    assert "SMTP server unreachable" in failure.error
    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "tests.reports.always_fails" in html and "SMTP server unreachable" in html
