import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from councils import personnummer, services
from councils.models import Attachment, Council, Minutes
from portal.models import AuditEvent
from tests import factories
from tests.councils import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")


@pytest.fixture
def secretary(council):
    return cf.secretary_of(council)


@pytest.fixture
def minutes(council):
    meeting = cf.MeetingFactory(council=council)
    item = cf.AgendaItemFactory(meeting=meeting, number=4, title="Folkets hus")
    cf.DecisionFactory(item=item, text="Rådet tillstyrker förslaget.")
    return cf.MinutesFactory(meeting=meeting)


def test_draft_adjust_publish_records_who_and_when(minutes, secretary):
    services.adjust(
        minutes, by=secretary, adjusters="Anna Andersson", adjusted_on=dt.date(2026, 3, 20)
    )
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.ADJUSTED
    assert minutes.adjusted_on == dt.date(2026, 3, 20)
    services.publish(minutes, by=secretary)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.published_at is not None
    assert minutes.original_kept_at == "Motala kommuns arkiv, Stadshuset"
    actions = list(
        AuditEvent.objects.filter(object_id=str(minutes.pk))
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [("adjust", secretary.pk), ("publish", secretary.pk)]


def test_formal_minutes_cannot_be_published_unadjusted(minutes, secretary):
    with pytest.raises(ValidationError):
        services.publish(minutes, by=secretary)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT


def test_notes_only_council_publishes_without_adjustment(minutes, secretary, council):
    council.kind = Council.Kind.NOTES
    council.save()
    services.publish(minutes, by=secretary)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.PUBLISHED


def test_adjust_needs_adjusters_and_not_before_the_meeting(minutes, secretary):
    with pytest.raises(ValidationError):
        services.adjust(minutes, by=secretary, adjusters="  ")
    with pytest.raises(ValidationError):
        services.adjust(minutes, by=secretary, adjusters="Anna", adjusted_on=dt.date(2020, 1, 1))


def test_secretary_of_another_council_cannot_act(minutes):
    other = cf.secretary_of(cf.CouncilFactory(slug="annat-rad"))
    with pytest.raises(PermissionDenied):
        services.adjust(minutes, by=other, adjusters="Anna")
    plain_secretary = factories.council_secretary()
    with pytest.raises(PermissionDenied):
        services.adjust(minutes, by=plain_secretary, adjusters="Anna")


def test_correction_keeps_the_previous_text_as_a_version(minutes, secretary):
    services.adjust(minutes, by=secretary, adjusters="Anna")
    services.publish(minutes, by=secretary)
    old = Minutes.objects.get(pk=minutes.pk).body
    with pytest.raises(ValidationError):
        services.correct(minutes, by=secretary, body="Ny text", reason="")
    version = services.correct(minutes, by=secretary, body="Rättad text", reason="Fel datum")
    assert version.number == 1 and version.previous_body == old and version.reason == "Fel datum"
    assert Minutes.objects.get(pk=minutes.pk).body == "Rättad text"
    assert AuditEvent.objects.filter(action="correct", reason="Fel datum").exists()


def test_correction_of_a_draft_is_refused(minutes, secretary):
    with pytest.raises(ValidationError):
        services.correct(minutes, by=secretary, body="x", reason="y")


@pytest.mark.parametrize(
    "text,found",
    [
        ("Anmälan från 811218-9876 inkom", True),  # personnummer
        ("19811218-9876", True),
        ("8112189876", True),
        ("Samordningsnummer 811278-9873", True),  # day + 60
        ("Föreningen 802412-3452", False),  # organisationsnummer (month 24)
        ("811218-9875", False),  # wrong check digit
        ("Sammanträde 2026-03-12, dnr KS 2014-345, tel 072-216 26 75", False),
    ],
)
def test_personal_number_detection(text, found):
    assert bool(personnummer.find(text)) is found


def test_publishing_is_blocked_by_a_personal_number_in_the_text(minutes, secretary):
    minutes.body += "\n\nKontaktperson 811218-9876."
    minutes.save()
    services.adjust(minutes, by=secretary, adjusters="Anna")
    with pytest.raises(ValidationError) as error:
        services.publish(minutes, by=secretary)
    assert "811218-****" in str(error.value) and "9876" not in str(error.value)
    services.publish(minutes, by=secretary, override_reason="Offentlig företrädare, godkänt")
    minutes.refresh_from_db()
    assert minutes.is_published
    event = AuditEvent.objects.get(action="publish", object_id=str(minutes.pk))
    assert event.reason == "Offentlig företrädare, godkänt"


def test_publishing_is_blocked_by_a_personal_number_in_an_attachment(
    minutes, secretary, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    upload = SimpleUploadedFile(
        "lista.pdf", cf.minimal_pdf("Deltagare 811218-9876"), "application/pdf"
    )
    attachment = Attachment.objects.create(meeting=minutes.meeting, title="Lista", file=upload)
    assert "811218-9876" in attachment.text and attachment.size > 0
    services.adjust(minutes, by=secretary, adjusters="Anna")
    with pytest.raises(ValidationError):
        services.publish(minutes, by=secretary)


def test_attachment_validator_refuses_non_pdf_and_too_large():
    field = Attachment._meta.get_field("file")
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ValidationError):
        field.run_validators(fake)
    big = SimpleUploadedFile(
        "x.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024 + 1), "application/pdf"
    )
    with pytest.raises(ValidationError):
        field.run_validators(big)


def test_notice_with_a_personal_number_is_not_published(council, secretary):
    meeting = cf.MeetingFactory(council=council)
    cf.AgendaItemFactory(meeting=meeting, description="Ansökan från 811218-9876")
    with pytest.raises(ValidationError):
        services.publish_notice(meeting, by=secretary)
    meeting.refresh_from_db()
    assert not meeting.notice_published
