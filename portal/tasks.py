from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import connection


@shared_task(name="portal.probe")
def probe(token: str) -> dict:
    """Round trip through the worker: proves broker, worker and database are connected."""
    return {
        "token": token,
        "vendor": connection.vendor,
        "users": get_user_model().objects.count(),
    }


# The reports' tasks live in portal/reports/tasks.py; importing them here registers them with
# the worker (autodiscovery looks for <app>.tasks).
from portal.reports import tasks as _reports_tasks  # noqa: E402, F401
