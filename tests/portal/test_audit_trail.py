"""One audit trail for the whole portal: every app's services record their moderation,
decisions and money moves with ``portal.audit.record``, and no app keeps a log of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from portal import audit
from portal.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ("portal", "associations", "resources", "bookings", "councils", "microfund")


def _service_modules():
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*services.py")):
            if "migrations" not in path.parts:
                yield path


def test_every_services_module_records_to_the_one_audit_trail():
    silent = [
        str(path.relative_to(ROOT))
        for path in _service_modules()
        if not re.search(r"\baudit\.record\(|\brecord\(", path.read_text())
    ]
    assert not silent, f"services that never write an audit event: {silent}"


def test_no_app_keeps_an_audit_log_of_its_own():
    own_logs = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and re.search(r"audit|log$|history|trail", model.__name__, re.IGNORECASE)
        and model is not AuditEvent
    ]
    assert not own_logs, f"a second audit trail: {own_logs}"


@pytest.mark.django_db
def test_audit_events_are_append_only_and_survive_the_actor():
    from tests import factories

    actor = factories.coordinator()
    association = factories.AssociationFactory()
    event = audit.record(association, "approve", by=actor, from_state="pending", to_state="ok")
    event.reason = "changed later"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    actor.delete()
    event.refresh_from_db()
    assert event.actor is None and event.action == "approve"
    assert list(audit.history(association)) == [event]
