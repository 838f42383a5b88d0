import datetime as dt

import pytest
from django.urls import reverse

from councils import search
from councils.models import Sector
from tests.councils import factories as cf
from tests.utils import require_postgres

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")


def _meeting(council, date, items):
    """items: list of (title, decision text, diarienummer)."""
    from councils import services

    meeting = cf.MeetingFactory(council=council, date=date, notice_published=True)
    for number, (title, text, dnr) in enumerate(items, start=1):
        item = cf.AgendaItemFactory(
            meeting=meeting, number=number, order=number, title=title, diarienummer=dnr
        )
        cf.DecisionFactory(item=item, text=text)
    minutes = cf.MinutesFactory(meeting=meeting)
    secretary = cf.secretary_of(council)
    services.adjust(minutes, by=secretary, adjusters="Anna", adjusted_on=date)
    services.publish(minutes, by=secretary)
    return meeting


@pytest.fixture
def corpus(council):
    _meeting(council, dt.date(2025, 4, 10), [
        ("Folkets hus – drift och uthyrning", "Rådet ställer sig bakom att föreningen driver Folkets hus.", "KS 2025/112"),
        ("Mikrofonden Öst", "Kommunen utreder medlemskap i mikrofonden.", ""),
    ])  # fmt: skip
    _meeting(council, dt.date(2026, 3, 12), [
        ("Föreningshus", "Rådet föreslår mikrokontor med föreningsskåp.", ""),
        ("Inkubator för sociala företag", "Tillväxt Motala bjuds in till nästa möte.", "KS 2026/45"),
    ])  # fmt: skip
    draft = cf.MinutesFactory(meeting=cf.MeetingFactory(council=council, notice_published=True))
    cf.DecisionFactory(
        item=cf.AgendaItemFactory(meeting=draft.meeting, title="Hemlig mikrofond", number=1)
    )


def titles(hits):
    return [h.item.title for h in hits]


def test_substring_search_finds_published_only(corpus):
    assert titles(search.search("mikrofond")) == ["Mikrofonden Öst"]
    assert "Föreningshus" in titles(search.search("föreningsskåp"))


def test_paragraph_and_diarienummer_queries(corpus):
    assert titles(search.search("§ 2")) == ["Inkubator för sociala företag", "Mikrofonden Öst"]
    assert titles(search.search("KS 2026/45")) == ["Inkubator för sociala företag"]


def test_filters_by_council_year_and_sector(corpus, council):
    from councils.models import AgendaItem

    AgendaItem.objects.filter(title="Föreningshus").update(sector=Sector.SOCIAL_ECONOMY)
    assert titles(search.search("rådet", year=2025)) == ["Folkets hus – drift och uthyrning"]
    assert search.search("rådet", council="annat") == []
    assert titles(search.search("rådet", sector=Sector.SOCIAL_ECONOMY)) == ["Föreningshus"]
    assert search.search("rådet", sector=Sector.BUSINESS) == []


def test_minutes_text_and_general_attachments_are_searched(client, council):
    from councils import services

    meeting = cf.MeetingFactory(council=council, notice_published=True)
    cf.AttachmentFactory(
        meeting=meeting, title="Verksamhetsberättelse", file__data=cf.minimal_pdf("Odlingslotter")
    )
    minutes = cf.MinutesFactory(
        meeting=meeting, body="Ordföranden tackade Kooperativet Grenverket."
    )
    draft = cf.MinutesFactory(body="Grenverket i utkast")
    secretary = cf.secretary_of(council)
    assert search.search_minutes("Grenverket") == []
    services.adjust(minutes, by=secretary, adjusters="Anna", adjusted_on=meeting.date)
    services.publish(minutes, by=secretary)
    assert [h.minutes for h in search.search_minutes("Grenverket")] == [minutes]
    assert [h.minutes for h in search.search_minutes("odlingslotter")] == [minutes]
    page = client.get(reverse("councils:search"), {"q": "Grenverket"}).text
    assert meeting.get_absolute_url() in page and draft.meeting.get_absolute_url() not in page


def test_search_page_shows_citations_and_escapes(client, corpus):
    response = client.get(reverse("councils:search"), {"q": "Folkets hus"})
    assert response.status_code == 200
    assert "Samhällsrådet 2025-04-10 § 1" in response.text
    assert "<mark>" in response.text


def test_search_page_with_bad_year_is_a_form_error(client, corpus):
    response = client.get(reverse("councils:search"), {"q": "x", "year": "abc"})
    assert response.status_code == 200


def test_postgres_stemming_ranking_and_snippets(corpus):
    require_postgres()
    # Swedish stemming: "föreningen" / "föreningar" / "företagen"
    assert "Folkets hus – drift och uthyrning" in titles(search.search("föreningar"))
    assert "Inkubator för sociala företag" in titles(search.search("företagen"))
    hits = search.search("Folkets hus")
    assert hits[0].item.title == "Folkets hus – drift och uthyrning"
    assert "<mark>" in hits[0].snippet
    # compound part found by the fallback
    assert "Mikrofonden Öst" in titles(search.search("fonden"))
    assert "Hemlig mikrofond" not in titles(search.search("mikrofond"))
