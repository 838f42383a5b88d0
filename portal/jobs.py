"""How request code and periodic tasks hand work to Celery.

- ``enqueue`` sends a task only when the surrounding transaction commits, so a task never sees a
  row that was rolled back and no task is lost to a rollback.
- ``claim`` is the conditional UPDATE that makes periodic work idempotent: the task that flips the
  marker from NULL wins the row and acts; a second run (or a redelivered message) finds nothing.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone


def enqueue(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(task.delay, *args, **kwargs))


def claim(queryset, pk, field: str, value=None) -> bool:
    """Set ``field`` on row ``pk`` if it is still NULL. True when this caller won the row."""
    value = timezone.now() if value is None else value
    return queryset.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: value}) == 1
