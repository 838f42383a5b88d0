"""Celery tasks of the associations app (autodiscovered as associations.tasks)."""

from associations.volunteer_tasks import *  # noqa: F403
