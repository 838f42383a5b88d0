from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from councils.models import (
    AgendaItem,
    Attachment,
    Council,
    CouncilMember,
    Decision,
    Meeting,
    Minutes,
    Sector,
)
from portal.reports.pdf import write_pdf
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def minimal_pdf(text: str = "Bilaga") -> bytes:
    """A tiny valid one-page PDF whose text pypdf can extract."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return write_pdf(objects)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: "Samhällsrådet" if n == 0 else f"Arbetsgrupp {n}")
    slug = factory.Sequence(lambda n: f"rad-{n}")
    originals_kept_at = "Motala kommuns arkiv, Stadshuset"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Ledamot {n}")
    organisation = "Motala kommun"
    sector = Sector.MUNICIPALITY
    role = CouncilMember.Role.MEMBER
    start = dt.date(2025, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    date = factory.Sequence(lambda n: dt.date(2026, 3, 12) - dt.timedelta(days=30 * n))
    start_time = dt.time(18, 0)
    place = "Folkets hus, Motala"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    order = factory.SelfAttribute("number")
    title = factory.Sequence(lambda n: f"Ärende {n}")
    description = "Underlag från kommunen."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    text = "Samhällsrådet beslutar att lägga informationen till handlingarna."


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    body = "## Närvarande\n\nLedamöterna enligt lista."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Bilaga {n}")
    file = factory.django.FileField(filename="bilaga.pdf", data=factory.LazyFunction(minimal_pdf))


def secretary_of(council, **kwargs):
    from django.contrib.auth.models import Group

    from portal.permissions import COUNCIL_SECRETARIES

    Group.objects.get_or_create(name=COUNCIL_SECRETARIES)  # flushed by transactional tests
    user = factories.council_secretary(**kwargs)
    council.secretaries.add(user)
    return user


def published_meeting(council=None, items=1, secretary=None, **meeting_kwargs):
    """A meeting with ``items`` agenda items and decisions, adjusted and published."""
    from councils import services

    meeting = MeetingFactory(
        **({"council": council} if council else {}), notice_published=True, **meeting_kwargs
    )
    for number in range(1, items + 1):
        item = AgendaItemFactory(meeting=meeting, number=number, order=number)
        DecisionFactory(item=item)
    minutes = MinutesFactory(meeting=meeting)
    secretary = secretary or secretary_of(meeting.council)
    services.adjust(minutes, by=secretary, adjusters="Anna Andersson, Erik Eriksson",
                    adjusted_on=meeting.local_start.date())  # fmt: skip
    services.publish(minutes, by=secretary)
    meeting.refresh_from_db()
    return meeting
