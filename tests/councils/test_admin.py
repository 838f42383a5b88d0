import pytest
from django.urls import reverse

from councils.models import Meeting, Minutes
from portal.models import AuditEvent
from tests.councils import factories as cf

pytestmark = pytest.mark.django_db


def _management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def council():
    return cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")


@pytest.fixture
def secretary(client, council):
    user = cf.secretary_of(council)
    client.force_login(user)
    return user


def test_secretary_drafts_adjusts_and_publishes_in_admin(client, council, secretary):
    data = {
        "council": council.pk, "date": "2026-03-12", "start_time": "18:00", "end_time": "20:00",
        "place": "Folkets hus", "online_url": "", "status": "planned",
        **_management("items", 1), "items-0-number": "4", "items-0-order": "4",
        "items-0-title": "Mikrofonden Öst", "items-0-diarienummer": "KS 2026/45",
        "items-0-description": "Medlemskap?",
        **_management("minutes", 1), "minutes-0-body": "## Närvarande\n\nAlla.",
        "minutes-0-original_kept_at": "Stadshuset",
        **_management("attachments", 0),
    }  # fmt: skip
    response = client.post(reverse("admin:councils_meeting_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.minutes.status == Minutes.Status.DRAFT
    assert client.get(meeting.get_absolute_url()).status_code == 404
    change = client.get(reverse("admin:councils_meeting_change", args=[meeting.pk])).text
    assert reverse("admin:councils_meeting_adjust", args=[meeting.pk]) in change
    # publishing before adjusting is refused by the service
    response = client.post(reverse("admin:councils_meeting_publish", args=[meeting.pk]), {})
    assert response.status_code == 200 and "justeras" in response.text
    response = client.post(
        reverse("admin:councils_meeting_adjust", args=[meeting.pk]),
        {"adjusters": "Anna Andersson, Per Sandberg", "adjusted_on": "2026-03-19"},
    )
    assert response.status_code == 302
    response = client.post(reverse("admin:councils_meeting_publish", args=[meeting.pk]), {})
    assert response.status_code == 302
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"adjust", "publish"}
    page = client.get(meeting.get_absolute_url()).text
    assert "Anna Andersson, Per Sandberg" in page and "Mikrofonden Öst" in page
    response = client.post(
        reverse("admin:councils_meeting_correct", args=[meeting.pk]),
        {"body": "## Närvarande\n\nAlla utom en.", "reason": "Närvaron var fel"},
    )
    assert response.status_code == 302
    assert "Närvaron var fel" in client.get(meeting.get_absolute_url()).text


def test_publish_with_personal_number_needs_a_reason_in_admin(client, council, secretary):
    minutes = cf.MinutesFactory(
        meeting=cf.MeetingFactory(council=council), body="Sökande 811218-9876"
    )
    url = reverse("admin:councils_meeting_adjust", args=[minutes.meeting.pk])
    client.post(url, {"adjusters": "Anna"})
    url = reverse("admin:councils_meeting_publish", args=[minutes.meeting.pk])
    response = client.post(url, {})
    assert response.status_code == 200 and "811218-****" in response.text
    response = client.post(url, {"override_reason": "Numret är fiktivt"})
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="publish").reason == "Numret är fiktivt"


def test_secretary_cannot_open_another_councils_objects(client, council, secretary):
    other = cf.MinutesFactory(meeting=cf.MeetingFactory(council=cf.CouncilFactory(slug="annat")))
    for name in ("councils_meeting_change",):
        assert client.get(reverse(f"admin:{name}", args=[other.meeting.pk])).status_code == 302
    for name in ("councils_meeting_adjust", "councils_meeting_publish", "councils_meeting_correct"):
        assert client.post(reverse(f"admin:{name}", args=[other.meeting.pk]), {}).status_code == 403
    item = cf.AgendaItemFactory(meeting=other.meeting)
    assert (
        client.get(reverse("admin:councils_agendaitem_change", args=[item.pk])).status_code == 302
    )
    response = client.get(reverse("admin:councils_meeting_add"))
    assert "annat" not in response.text and "Samhällsrådet" in response.text


def test_admin_actions_publish_notice_and_cancel(client, council, secretary):
    meeting = cf.MeetingFactory(council=council)
    cf.AgendaItemFactory(meeting=meeting)
    changelist = reverse("admin:councils_meeting_changelist")
    client.post(changelist, {"action": "publish_notice_action", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.notice_published and meeting.ics_sequence == 1
    client.post(changelist, {"action": "cancel_action", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.ics_sequence == 2


def test_every_councils_admin_page_loads_for_a_secretary(client, council, secretary):
    meeting = cf.published_meeting(council, items=2, secretary=secretary)
    for model in (
        "council",
        "councilmember",
        "meeting",
        "agendaitem",
        "attachment",
        "minutes",
        "minutesversion",
    ):
        assert client.get(reverse(f"admin:councils_{model}_changelist")).status_code == 200, model
    assert (
        client.get(reverse("admin:councils_meeting_change", args=[meeting.pk])).status_code == 200
    )
    item = meeting.items.first()
    assert (
        client.get(reverse("admin:councils_agendaitem_change", args=[item.pk])).status_code == 200
    )


def test_secretary_previews_draft_minutes_in_admin_only(client, council, secretary):
    minutes = cf.MinutesFactory(
        meeting=cf.MeetingFactory(council=council), body="Utkasttext om bytesringen"
    )
    cf.DecisionFactory(item=cf.AgendaItemFactory(meeting=minutes.meeting), text="Föreslaget beslut")
    preview = client.get(reverse("admin:councils_meeting_preview", args=[minutes.meeting.pk]))
    assert preview.status_code == 200
    assert "Utkasttext om bytesringen" in preview.text and "Föreslaget beslut" in preview.text
    assert client.get(minutes.meeting.get_absolute_url()).status_code == 404
    other = cf.MinutesFactory(meeting=cf.MeetingFactory(council=cf.CouncilFactory(slug="annat")))
    assert (
        client.get(reverse("admin:councils_meeting_preview", args=[other.meeting.pk])).status_code
        == 403
    )


def test_published_agenda_is_read_only_and_notice_changes_bump_the_calendar(
    client, council, secretary
):
    meeting = cf.published_meeting(council, items=1, secretary=secretary)
    item = meeting.items.get()
    response = client.get(reverse("admin:councils_agendaitem_change", args=[item.pk]))
    assert response.status_code == 200 and 'name="title"' not in response.text  # view only
    response = client.post(
        reverse("admin:councils_agendaitem_change", args=[item.pk]), {"title": "Ändrad"}
    )
    assert response.status_code == 403
    upcoming = cf.MeetingFactory(council=council, notice_published=True)
    data = {
        "council": council.pk, "date": "2026-12-03", "start_time": "19:00", "end_time": "",
        "place": "Föreningshuset", "online_url": "", "status": "planned",
        **_management("items", 0), **_management("minutes", 0), **_management("attachments", 0),
    }  # fmt: skip
    response = client.post(reverse("admin:councils_meeting_change", args=[upcoming.pk]), data)
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.ics_sequence == 1 and upcoming.start_time.hour == 19


def test_public_agenda_cannot_gain_a_personal_number(client, council, secretary):
    meeting = cf.MeetingFactory(council=council, notice_published=True)
    data = {
        "meeting": meeting.pk, "number": "3", "order": "3", "title": "Ansökan",
        "description": "Sökande 811218-9876", "diarienummer": "", "sector": "",
        **_management("decision", 0),
    }  # fmt: skip
    response = client.post(reverse("admin:councils_agendaitem_add"), data)
    assert response.status_code == 200 and not meeting.items.exists()
    data["description"] = "Sökande: en förening"
    response = client.post(reverse("admin:councils_agendaitem_add"), data)
    assert response.status_code == 302 and meeting.items.count() == 1


@pytest.mark.parametrize("day", ["2026-03-29", "2026-10-25"])
def test_time_entered_in_admin_on_a_dst_change_day_is_what_is_shown(
    client, council, secretary, day
):
    data = {
        "council": council.pk, "date": day, "start_time": "02:30", "end_time": "03:30",
        "place": "Online", "online_url": "https://meet.example.se/rad", "status": "planned",
        **_management("items", 1), "items-0-number": "1", "items-0-order": "1",
        "items-0-title": "Nattmöte", "items-0-diarienummer": "", "items-0-description": "",
        **_management("minutes", 0), **_management("attachments", 0),
    }  # fmt: skip
    assert client.post(reverse("admin:councils_meeting_add"), data).status_code == 302
    meeting = Meeting.objects.get()
    meeting.notice_published = True
    meeting.save()
    html = client.get(meeting.get_absolute_url()).text
    assert f'datetime="{day}T02:30"' in html and "02:30</time>–03:30" in html
    from councils.feeds import meeting_ics_lines

    compact = day.replace("-", "")
    lines = meeting_ics_lines(meeting)
    assert f"DTSTART;TZID=Europe/Stockholm:{compact}T023000" in lines
    assert f"DTEND;TZID=Europe/Stockholm:{compact}T033000" in lines


def test_publish_action_runs_the_checks_per_meeting(client, council, secretary):
    from councils import services

    clean = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council))
    risky = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council), body="Person 811218-9876")
    draft = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council))
    for minutes in (clean, risky):
        services.adjust(minutes, by=secretary, adjusters="Anna")
    client.post(
        reverse("admin:councils_meeting_changelist"),
        {"action": "publish_minutes_action",
         "_selected_action": [clean.meeting.pk, risky.meeting.pk, draft.meeting.pk]},
    )  # fmt: skip
    statuses = {m.pk: m.status for m in Minutes.objects.all()}
    assert statuses == {clean.pk: "published", risky.pk: "adjusted", draft.pk: "draft"}
