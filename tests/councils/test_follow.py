import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councils import services, tasks
from councils.models import Meeting, Subscription
from portal.celery import BEAT_SCHEDULE
from tests.councils import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")


def test_rss_and_atom_list_published_minutes_and_decisions(client, council):
    meeting = cf.published_meeting(council, items=2, date=dt.date(2026, 3, 12))
    rss = client.get(reverse("councils:feed_rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Samhällsrådet 2026-03-12 § 2" in rss.text
    assert meeting.get_absolute_url() in rss.text
    atom = client.get(reverse("councils:feed_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Samhällsrådet 2026-03-12 § 1" in atom.text


def test_ical_feed_of_upcoming_meetings(client, council):
    soon = timezone.localdate() + dt.timedelta(days=10)
    meeting = cf.MeetingFactory(
        council=council, date=soon, notice_published=True, place="Folkets hus"
    )
    cf.MeetingFactory(council=council, date=soon)  # notice not published: not in the feed
    response = client.get(reverse("councils:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:councils-meeting-{meeting.pk}@" in body
    assert "URL:http" in body and meeting.get_absolute_url() in body
    assert "TZID:Europe/Stockholm" in body
    assert f"DTSTART;TZID=Europe/Stockholm:{soon:%Y%m%d}T180000" in body
    assert "STATUS:CONFIRMED" in body
    services.cancel(meeting, by=cf.secretary_of(council))
    body = client.get(reverse("councils:calendar")).content.decode()
    assert "STATUS:CANCELLED" in body and "SEQUENCE:1" in body
    from icalendar import Calendar

    calendar = Calendar.from_ical(body)
    event = calendar.walk("VEVENT")[0]
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Stockholm"


def test_double_opt_in_then_one_mail_per_publication(
    client, council, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("councils:subscribe"), {"email": "Medborgare@Example.se"})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.email == "medborgare@example.se" and subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    import re

    confirm_link = re.search(r"https?://[^/]+(/\S+/bekrafta/\S+/)", mail.outbox[0].body).group(1)
    assert confirm_link.startswith(reverse("councils:confirm", args=["x"])[:-2])
    # not yet confirmed: nothing is sent on publication
    meeting = cf.published_meeting(council)
    assert tasks.notify_subscribers(meeting.minutes.pk) == 0
    assert client.get(confirm_link).status_code == 200  # GET does not confirm (link scanners)
    assert Subscription.objects.get().confirmed_at is None
    client.post(confirm_link)
    assert Subscription.objects.get().confirmed_at is not None
    mail.outbox.clear()
    other = cf.published_meeting(council)
    assert tasks.notify_subscribers(other.minutes.pk) == 1
    assert tasks.notify_subscribers(other.minutes.pk) == 0  # claimed: exactly once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    unsubscribe = re.search(r"<https?://[^/]+(/\S+)>", header).group(1)
    assert (
        unsubscribe.startswith("/samhallsrad/prenumerera/avsluta/") and unsubscribe in message.body
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # one-click: a POST without CSRF token or session
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302 and not Subscription.objects.exists()


def test_publication_enqueues_the_notification(
    council, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr(tasks.notify_subscribers, "delay", lambda pk: calls.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = cf.published_meeting(council)
    assert calls == [meeting.minutes.pk]


def test_forged_tokens_are_refused(client):
    assert client.get(reverse("councils:confirm", args=["nope"])).status_code == 404
    assert client.get(reverse("councils:unsubscribe", args=["nope"])).status_code == 404


def test_reminder_after_14_days_is_sent_once(council):
    secretary = cf.secretary_of(council, email="sekreterare@example.se")
    old = timezone.localdate() - dt.timedelta(days=15)
    recent = timezone.localdate() - dt.timedelta(days=3)
    late = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council, date=old)).meeting
    cf.MinutesFactory(meeting=cf.MeetingFactory(council=council, date=recent))
    cf.published_meeting(council, date=old, secretary=secretary)
    cf.MeetingFactory(council=council, date=old, status=Meeting.Status.CANCELLED)
    assert tasks.remind_unadjusted_minutes() == 1
    assert tasks.remind_unadjusted_minutes() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [secretary.email]
    assert late.label in mail.outbox[0].subject
    assert "councils-remind-unadjusted-minutes" in BEAT_SCHEDULE


def test_open_data_json_per_meeting_and_bulk(client, council):
    meeting = cf.published_meeting(council, items=3, date=dt.date(2026, 3, 12))
    data = client.get(reverse("councils:meeting_json", args=[council.slug, meeting.pk])).json()
    assert data["_type"] == "event" and data["name"] == "Samhällsrådet 2026-03-12"
    assert data["start_date"] == "2026-03-12T18:00:00" and data["timezone"] == "Europe/Stockholm"
    assert [a["identifier"] for a in data["agenda"]] == ["§ 1", "§ 2", "§ 3"]
    assert data["agenda"][0]["decision"]["text"].startswith("Samhällsrådet beslutar")
    assert data["minutes"]["adjusted_by"] == "Anna Andersson, Erik Eriksson"
    cf.MinutesFactory(meeting=cf.MeetingFactory(council=council, notice_published=True))  # draft
    bulk = client.get(reverse("councils:export"), {"ar": 2026}).json()
    assert bulk["count"] == 1 and bulk["events"][0]["id"] == data["id"]


def test_sitemap_lists_published_only(client, council):
    meeting = cf.published_meeting(council, items=1)
    draft = cf.MinutesFactory(
        meeting=cf.MeetingFactory(council=council, notice_published=True)
    ).meeting
    text = client.get("/sitemap.xml").text
    assert meeting.get_absolute_url() in text
    assert reverse("councils:decision", args=[council.slug, meeting.pk, 1]) in text
    assert draft.get_absolute_url() not in text


def test_subscribe_errors_are_announced(client):
    response = client.post(reverse("councils:subscribe"), {"email": "inte-en-adress"})
    assert response.status_code == 200
    assert (
        'aria-describedby="id_email-error"' in response.text
        and 'id="id_email-error"' in response.text
    )
    assert not Subscription.objects.exists()
