import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.models import CouncilMember, Meeting
from tests.councils import factories as cf
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")


def test_decision_permalink_has_the_citation_label(client, council):
    meeting = cf.published_meeting(council, items=4, date=dt.date(2026, 3, 12))
    url = reverse("councils:decision", args=["samhallsradet", meeting.pk, 4])
    assert url == meeting.items.get(number=4).get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert "Samhällsrådet 2026-03-12 § 4" in response.text
    assert "Anna Andersson, Erik Eriksson" in response.text


def test_meeting_page_shows_agenda_decisions_minutes_and_adjustment(client, council):
    meeting = cf.published_meeting(council, items=2)
    response = client.get(meeting.get_absolute_url())
    text = response.text
    assert "§ 2" in text and "lägga informationen till handlingarna" in text
    assert "Närvarande" in text  # the Markdown body, rendered
    assert "Motala kommuns arkiv, Stadshuset" in text
    assert 'href="/static/css/print.css" media="print"' in text


def test_notice_shows_agenda_but_no_decisions(client, council):
    minutes = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council, notice_published=True))
    item = cf.AgendaItemFactory(meeting=minutes.meeting, title="Föreningshuset")
    cf.DecisionFactory(item=item, text="HEMLIGT UTKAST")
    response = client.get(minutes.meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Föreningshuset" in response.text and "HEMLIGT UTKAST" not in response.text
    assert "Närvarande" not in response.text


def test_drafts_are_invisible_everywhere(client, council):
    secretary = cf.secretary_of(council)
    minutes = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council))
    cf.DecisionFactory(item=cf.AgendaItemFactory(meeting=minutes.meeting, title="Utkastärende"))
    attachment = cf.AttachmentFactory(meeting=minutes.meeting)
    services.adjust(minutes, by=secretary, adjusters="Anna")  # adjusted is not published either
    client.force_login(secretary)
    assert client.get(minutes.meeting.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    for name in ("councils:feed_rss", "councils:export", "councils:index"):
        assert "Utkastärende" not in client.get(reverse(name)).text
    found = client.get(reverse("councils:search"), {"q": "Utkastärende"}).text
    assert f"/mote/{minutes.meeting.pk}/" not in found
    assert "Utkast" not in client.get(council.get_absolute_url()).text
    assert f"/mote/{minutes.meeting.pk}/" not in client.get("/sitemap.xml").text


def test_attachment_download_of_published_minutes(client, council):
    meeting = cf.published_meeting(council)
    attachment = cf.AttachmentFactory(meeting=meeting, title="Budget 2026")
    page = client.get(meeting.get_absolute_url()).text
    assert attachment.get_absolute_url() in page and "(PDF," in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_archive_by_year(client, council):
    old = cf.published_meeting(council, date=dt.date(2025, 5, 6))
    new = cf.published_meeting(council, date=dt.date(2026, 2, 3))
    response = client.get(council.get_absolute_url())
    assert new.get_absolute_url() in response.text and old.get_absolute_url() not in response.text
    response = client.get(council.get_absolute_url(), {"ar": 2025})
    assert old.get_absolute_url() in response.text and new.get_absolute_url() not in response.text


def test_members_page_current_and_past(client, council):
    cf.CouncilMemberFactory(
        council=council, name="Nuvarande Ledamot", role=CouncilMember.Role.CHAIR
    )
    cf.CouncilMemberFactory(
        council=council,
        name="Tidigare Ledamot",
        start=dt.date(2020, 1, 1),
        end=dt.date(2022, 12, 31),
    )
    text = client.get(reverse("councils:members", args=[council.slug])).text
    assert text.index("Nuvarande Ledamot") < text.index("Tidigare Ledamot")


def test_meeting_page_has_constant_queries(client, council):
    meeting = cf.published_meeting(council, items=1)

    def grow():
        for number in range(2, 41):
            item = cf.AgendaItemFactory(meeting=meeting, number=number, order=number)
            cf.DecisionFactory(item=item)
        items = list(meeting.items.all())
        for index in range(20):
            cf.AttachmentFactory(meeting=meeting, item=items[index] if index % 2 else None)
        for _ in range(15):
            cf.CouncilMemberFactory(council=council)

    assert_constant_queries(client, meeting.get_absolute_url(), grow)
    assert meeting.items.count() == 40


def test_archive_and_decision_have_constant_queries(client, council):
    meeting = cf.published_meeting(council, items=1)
    assert_constant_queries(
        client, council.get_absolute_url(), lambda: cf.published_meeting(council, items=3)
    )
    url = reverse("councils:decision", args=[council.slug, meeting.pk, 1])
    assert_constant_queries(
        client,
        url,
        lambda: [cf.AttachmentFactory(meeting=meeting, item=meeting.items.get()) for _ in range(5)],
    )


@pytest.mark.parametrize("day", [dt.date(2026, 3, 29), dt.date(2026, 10, 25)])
def test_dst_change_day_shows_the_time_entered(client, council, day):
    meeting = cf.published_meeting(council, date=day, start_time=dt.time(2, 30))
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.start_time == dt.time(2, 30)
    html = client.get(meeting.get_absolute_url()).text
    assert f"{day:%Y-%m-%d}T02:30" in html and "02:30" in html
    ics = client.get(reverse("councils:calendar")).text
    if day >= dt.date.today() - dt.timedelta(days=30):
        assert f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T023000" in ics
    from councils.feeds import meeting_ics_lines

    assert f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T023000" in meeting_ics_lines(meeting)


def test_secretaries_in_admin_see_only_their_council(client, council):
    mine = cf.published_meeting(council)
    other_council = cf.CouncilFactory(slug="arbetsgrupp")
    theirs = cf.MeetingFactory(council=other_council)
    secretary = cf.secretary_of(council)
    client.force_login(secretary)
    listing = client.get(reverse("admin:councils_meeting_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:councils_meeting_change", args=[mine.pk]) in listing.text
    assert reverse("admin:councils_meeting_change", args=[theirs.pk]) not in listing.text
    response = client.get(reverse("admin:councils_meeting_change", args=[theirs.pk]))
    assert response.status_code in (302, 404)
    response = client.post(
        reverse("admin:councils_meeting_adjust", args=[theirs.pk]), {"adjusters": "X"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/samhallsrad/",
        "/samhallsrad/sok/?q=handlingarna",
        "/samhallsrad/flode/rss/",
        "/samhallsrad/flode/atom/",
        "/samhallsrad/oppna-data/",
        "/samhallsrad/kalender.ics",
        "/samhallsrad/samhallsradet/ledamoter/",
    ],
)
def test_lists_and_feeds_have_constant_queries(client, council, url):
    cf.published_meeting(council, items=6)  # enough hits that PostgreSQL needs no fallback

    def grow():
        for _ in range(3):
            meeting = cf.published_meeting(council, items=3)
            meeting.date = timezone.localdate() + dt.timedelta(days=5)
            meeting.save()
            cf.CouncilMemberFactory(council=council)

    assert_constant_queries(client, url, grow)


def test_citation_address_redirects_to_the_decision(client, council):
    meeting = cf.published_meeting(council, items=4, date=dt.date(2026, 3, 12))
    response = client.get("/samhallsrad/samhallsradet/2026-03-12/4/")
    assert response.status_code == 302
    assert response["Location"] == meeting.items.get(number=4).get_absolute_url()
    assert client.get("/samhallsrad/samhallsradet/2026-03-12/9/").status_code == 404
    assert client.get("/samhallsrad/samhallsradet/2026-13-45/4/").status_code == 404
