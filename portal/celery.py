"""The Celery app. Periodic tasks of every app are listed here, in one beat schedule."""

from __future__ import annotations

import os

from celery import Celery, Task
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


class PortalTask(Task):
    """Default task class: retries transient failures with exponential backoff (at most 5
    tries in all) and records a task that still fails, so coordinators can see it."""

    autoretry_for = (OSError, ConnectionError, TimeoutError)
    max_retries = 4
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from portal.models import TaskFailure

        TaskFailure.objects.create(
            task_name=self.name, task_id=task_id or "", args=list(args)[:10], error=repr(exc)[:2000]
        )


app = Celery("portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task of the portal, with its interval. Each one is database-driven and claims
# its rows with a conditional update, so running it twice (or after a broker outage) is safe.
BEAT_SCHEDULE: dict[str, dict] = {
    "associations-annual-updates": {
        "task": "associations.tasks.process_annual_updates",
        "schedule": 6 * 3600,
    },
    "bookings-reminders": {"task": "bookings.tasks.send_reminders", "schedule": 15 * 60},
    "coordinator-digest": {
        "task": "portal.reports.coordinator_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "councils-remind-unadjusted-minutes": {
        "task": "councils.tasks.remind_unadjusted_minutes",
        "schedule": 3600.0,
    },
    "keyfigure-reminders": {
        "task": "portal.reports.keyfigure_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "microfund-committee-digest": {
        "task": "microfund.tasks.send_committee_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "microfund-expire-guarantees": {
        "task": "microfund.tasks.expire_guarantees",
        "schedule": crontab(hour=1, minute=15),
    },
    "microfund-fund-report": {
        "task": "microfund.tasks.send_fund_report",
        "schedule": crontab(hour=7, minute=30, day_of_month="1"),
    },
    "microfund-repayment-reminders": {
        "task": "microfund.tasks.send_repayment_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "monthly-reports": {
        "task": "portal.reports.monthly_reports",
        "schedule": crontab(hour=6, minute=30, day_of_month=1),
    },
    "sweep-report-runs": {
        "task": "portal.reports.sweep_report_runs",
        "schedule": crontab(minute="*/5"),
    },
    "volunteering-close-expired-assignments": {
        "task": "volunteering.close_expired_assignments",
        "schedule": 3600,
    },
    "volunteering-purge-inactive-profiles": {
        "task": "volunteering.purge_inactive_profiles",
        "schedule": 24 * 3600,
    },
    "volunteering-unanswered-reminders": {
        "task": "volunteering.send_unanswered_reminders",
        "schedule": 3600,
    },
}

app.conf.beat_schedule = BEAT_SCHEDULE
