"""Dated opening-hour exceptions on the resource page and in the admin."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import Closure, OpeningException
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_detail_page_lists_the_coming_changed_opening_hours(client):
    room = ResourceFactory()
    today = timezone.localdate()
    OpeningException.objects.create(resource=room, date=today + timedelta(days=3),
                                    opens=time(10), closes=time(14), note="Julafton")  # fmt: skip
    OpeningException.objects.create(resource=room, date=today - timedelta(days=3),
                                    opens=time(9), closes=time(11), note="Förra veckan")  # fmt: skip
    Closure.objects.create(resource=room, start_date=today + timedelta(days=10),
                           end_date=today + timedelta(days=12), reason="Renovering")  # fmt: skip
    body = client.get(reverse("resources:detail", args=[room.slug])).content.decode()
    assert "10:00–14:00 (Julafton)" in body and "Renovering" in body
    assert "Förra veckan" not in body


def test_admin_edits_exceptions_inline(admin_client):
    room = ResourceFactory()
    body = admin_client.get(reverse("admin:resources_resource_change", args=[room.pk])).content
    assert b"opening_exceptions-TOTAL_FORMS" in body
    response = admin_client.get(reverse("admin:resources_openingexception_changelist"))
    assert response.status_code == 200
