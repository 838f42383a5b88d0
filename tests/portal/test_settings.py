import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, parse_database_url, parse_email_url

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", not expected) is expected


def test_env_bool_rejects_a_typo_instead_of_reading_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("X_FLAG", True)


def test_env_bool_unset_gives_default(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.se, b.se ,,")
    assert env_list("X_LIST") == ["a.se", "b.se"]


def test_database_url_postgres():
    db = parse_database_url("postgres://u:p%40ss@db.local:5433/ideburna?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "ideburna", "u", "p@ss", "db.local", "5433",
    )  # fmt: skip
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_url_sqlite_absolute_path():
    assert parse_database_url("sqlite:////var/lib/x.sqlite3")["NAME"] == "/var/lib/x.sqlite3"


def test_database_url_unknown_scheme_is_an_error():
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        parse_database_url("mysql://x/y")


def test_email_url_smtp_with_tls():
    mailer = parse_email_url("smtp://user:secret@mail.example.se:587?tls=1")
    assert mailer["BACKEND"].endswith("smtp.EmailBackend")
    assert mailer["OPTIONS"]["use_tls"] is True
    assert mailer["OPTIONS"]["port"] == 587


def _run_manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k8#Jd!v2pQ7_wX3zR9mN4bT6yL1cF5hG0sA2eU8iO7pK3jD9qW",
    "ALLOWED_HOSTS": "ideburna.example.se",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.se:587?tls=1",
}


def test_check_deploy_is_clean_in_production_mode():
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_stops_the_portal():
    result = _run_manage("check", env_extra={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr


def test_embedded_default_is_sqlite_with_immediate_transactions(settings):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("this run uses DATABASE_URL")
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
