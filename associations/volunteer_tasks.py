"""Celery tasks of volunteer brokering."""
