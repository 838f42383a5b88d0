import pytest
from django.urls import reverse

from councils import dashboard, privacy
from councils.models import Meeting, Minutes, Subscription
from tests.councils import factories as cf

pytestmark = pytest.mark.django_db


def test_demo_seeds_two_years_idempotently(client):
    from councils import demo as councils_demo
    from portal import demo

    ctx = demo.DemoContext()
    demo.seed(ctx)
    councils_demo.seed(ctx)
    count = Meeting.objects.count()
    councils_demo.seed(ctx)
    assert Meeting.objects.count() == count >= 20
    assert Minutes.objects.filter(status=Minutes.Status.PUBLISHED).count() >= 18
    assert Minutes.objects.filter(status=Minutes.Status.DRAFT).exists()
    text = client.get(reverse("councils:search"), {"q": "Folkets hus"}).text
    assert "Gamla Folkets hus" in text
    assert "Latest minutes" in client.get("/").text or "Senaste protokoll" in client.get("/").text
    client.force_login(ctx.users["sekreterare@ideburna.se"])
    dash = client.get(reverse("dashboard")).text
    assert "Samhällsrådet" in dash


def test_dashboard_waiting_and_privacy(user):
    import datetime as dt

    from django.utils import timezone

    cf.MinutesFactory(meeting=cf.MeetingFactory(date=timezone.localdate() - dt.timedelta(days=30)))
    (entry,) = dashboard.waiting()
    assert entry["count"] == 1 and entry["url"].startswith("/admin/councils/meeting/")
    Subscription.objects.create(email=user.email)
    assert privacy.export(user)["council_subscriptions"][0]["email"] == user.email
    privacy.erase(user)
    assert not Subscription.objects.exists()
