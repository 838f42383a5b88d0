"""Issue 9: the coordinators' dashboard and the microfund reports page stay within 10 SQL
queries (session, user, MFA and role checks included), whatever the data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from microfund.models import CapitalPool, Fund
from portal.reports import sources
from tests import factories
from tests.reports import world

pytestmark = pytest.mark.django_db
BUDGET = 10


def queries(client, url) -> int:
    client.get(url)  # warm: the charts are cached for five minutes
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def coordinator_client(client):
    client.force_login(factories.coordinator())
    return client


def test_coordinator_dashboard_needs_at_most_ten_queries(coordinator_client):
    world.everything_waiting()
    world.active_loan()
    assert queries(coordinator_client, reverse("reports:dashboard")) <= BUDGET
    cache.clear()
    world.everything_waiting()
    assert queries(coordinator_client, reverse("reports:dashboard")) <= BUDGET


def test_every_apps_waiting_queues_are_counted_in_one_query():
    world.everything_waiting()
    with CaptureQueriesContext(connection) as captured, translation.override("en"):
        items = sources.waiting_items()
    assert len(captured.captured_queries) == 1
    by_app = {item["app"] for item in items if item["count"]}
    assert {"associations", "bookings", "microfund"} <= by_app
    # each app's own waiting() gives the same figures as the combined query
    from microfund import dashboard

    with translation.override("en"):
        own = dashboard.waiting()
    combined = [
        {k: v for k, v in item.items() if k != "app"}
        for item in items
        if item["app"] == "microfund"
    ]
    assert own == combined


def test_microfund_reports_need_at_most_ten_queries_with_several_pools(coordinator_client):
    world.everything_waiting()
    world.active_loan()
    url = reverse("microfund:reports")
    first = queries(coordinator_client, url)
    assert first <= BUDGET
    fund = Fund.objects.first() or Fund.objects.create(name="Mikrofonden Motala", slug="mf-x")
    for i in range(3):
        CapitalPool.objects.create(fund=fund, name=f"Pott {i}")
    assert queries(coordinator_client, url) == first
    html = coordinator_client.get(url).content.decode()
    assert "Pott 2" in html  # in the capital table and the capital form's choices
    assert html.count("Pott 2") >= 2
