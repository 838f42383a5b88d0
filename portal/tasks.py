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
