"""Docker does not run on the CI machines, so the compose file and Dockerfile are checked as data:
the services exist, run the same commands the tests and the smoke run use, and beat runs once."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services(compose):
    assert set(compose["services"]) == {"postgres", "redis", "migrate", "web", "worker", "beat"}


def test_web_runs_gunicorn_on_the_wsgi_app(compose):
    command = compose["services"]["web"]["command"]
    assert command[:2] == ["gunicorn", "portal.wsgi"]


def test_worker_and_beat_use_the_portal_celery_app(compose):
    assert compose["services"]["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert compose["services"]["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]


def test_exactly_one_beat(compose):
    beats = [
        name for name, service in compose["services"].items()
        if "beat" in service.get("command", [])
    ]  # fmt: skip
    assert beats == ["beat"]
    assert compose["services"]["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_app_services_wait_for_migrations(compose):
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert compose["services"]["migrate"]["command"] == [
        "python",
        "manage.py",
        "migrate",
        "--no-input",
    ]


def test_app_services_run_in_production_mode_on_postgres_and_redis(compose):
    for name in ("migrate", "web", "worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")


def test_dockerfile_installs_the_locked_set_and_collects_static():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "-c constraints.txt --group base" in dockerfile
    assert "collectstatic" in dockerfile
    assert "USER ideburna" in dockerfile


def test_ci_calls_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make test" in ci
    assert "make run" in readme
