"""The committed Swedish queries (tests/perf/council_queries.py) each find their document on
PostgreSQL, among ordinary agenda items; the bench runs the same queries on 10 years of data."""

import datetime as dt

import pytest

from councils import search, services
from tests.councils import factories as cf
from tests.perf.council_queries import NEEDLES, QUERIES, found
from tests.utils import require_postgres

pytestmark = pytest.mark.django_db

FILLER = [
    ("Information om Gamla Folkets hus", "Underlaget har skickats ut med kallelsen.", "Informationen läggs till handlingarna."),
    ("Förslag om föreningsbidragen", "Föreningarna efterfrågar fler gemensamma lokaler.", "Samhällsrådet ställer sig bakom förslaget."),
    ("Rapport från Mikrofonden Öst", "Ekonomin följs upp vid varje möte.", "Ärendet bordläggs till nästa sammanträde."),
]  # fmt: skip


def test_committed_queries_find_their_documents():
    require_postgres()
    council = cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")
    secretary = cf.secretary_of(council)
    for index, needle in enumerate(NEEDLES):
        meeting = cf.MeetingFactory(
            council=council, date=dt.date(2020, 1, 10) + dt.timedelta(days=30 * index)
        )
        for number in range(1, 13):
            if number == 5:
                title, description, decision, dnr = needle
            else:
                title, description, decision = FILLER[number % len(FILLER)]
                dnr = ""
            item = cf.AgendaItemFactory(meeting=meeting, number=number, order=number, title=title,
                                        description=description, diarienummer=dnr)  # fmt: skip
            cf.DecisionFactory(item=item, text=decision)
        minutes = cf.MinutesFactory(meeting=meeting)
        services.adjust(minutes, by=secretary, adjusters="Anna", adjusted_on=meeting.date)
        services.publish(minutes, by=secretary)
    assert len(QUERIES) >= 30
    missed = [query for query, expected in QUERIES if not found(search.search(query), expected)]
    assert missed == []
