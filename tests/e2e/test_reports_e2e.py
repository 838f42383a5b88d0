"""A coordinator opens the dashboard, starts a report, watches its progress and downloads the
CSV, in Chromium; axe-core finds nothing on the dashboard or the report pages."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.models import ReportRun, Sector, Term
from portal.reports import generate
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD, coordinator, make_role_groups
from tests.reports.factories import KeyFigureReportFactory, TermFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """transactional_db flushes the groups the data migration made; the roles need them."""
    make_role_groups()


def _figures():
    for year, supported in ((2024, 40), (2025, 52)):
        term = TermFactory(year=year, half=Term.Half.HT)
        KeyFigureReportFactory(term=term, employed_with_support=supported)
        KeyFigureReportFactory(term=term, association=None, sector=Sector.MUNICIPALITY,
                               employed_with_support=supported // 2)  # fmt: skip


def test_coordinator_starts_a_report_and_downloads_the_csv(page):
    user = coordinator(email="samordnare@motala.example")
    _figures()
    login(page, user.email, PASSWORD)
    page.goto("/mina-sidor/samordnare/")
    assert page.get_by_role("heading", name="Samordnarnas översikt", level=1).is_visible()
    assert page.get_by_role(
        "img", name="Anställda med anställningsstöd, per termin och sektor"
    ).is_visible()  # noqa: E501
    assert_accessible(page, context="coordinators' dashboard")

    page.get_by_role("link", name="Starta en rapport").click()
    page.get_by_label("Rapport", exact=True).select_option("keyfigures")
    page.get_by_label("Från").fill("2024-07-01")
    page.get_by_label("Till").fill("2025-12-31")
    assert_accessible(page, context="reports")
    page.get_by_role("button", name="Starta rapporten").click()
    page.wait_for_load_state()
    link = page.get_by_role("link", name="Ladda ner CSV")
    link.wait_for(state="visible")
    assert_accessible(page, context="report run")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "keyfigures-20240701-20251231.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Termin;Sektor;") and "HT 2025;Kommunen" in text


def test_the_dashboard_with_data_from_every_app_is_accessible(page):
    """Real waiting objects, bookings, matched volunteers and a loan in arrears: every chart
    and every app's waiting items render, and axe-core finds nothing."""
    from django.utils import timezone

    from tests.bookings.factories import BookingFactory, local
    from tests.reports import world
    from tests.resources.factories import OpeningHoursFactory, ResourceFactory

    user = coordinator(email="samordnare4@motala.example")
    _figures()
    world.everything_waiting()
    room = ResourceFactory(name="Mötesrum Bispmotala")
    for weekday in range(5):
        OpeningHoursFactory(resource=room, weekday=weekday, opens=datetime.time(8),
                            closes=datetime.time(18))  # fmt: skip
    day = timezone.localdate() - datetime.timedelta(days=7)
    while day.weekday() > 4:
        day -= datetime.timedelta(days=1)
    BookingFactory(resource=room, start=local(day, 9), end=local(day, 12), attended=6)
    world.matched_volunteer(timezone.now() - datetime.timedelta(days=1))
    world.active_loan()

    login(page, user.email, PASSWORD)
    page.goto("/mina-sidor/samordnare/")
    for name in (
        "Anställda med anställningsstöd, per termin och sektor",
        "Bokningar per vecka",
        "Beläggning per resurs",
        "Matchade volontärer per månad",
        "Mikrofondens portfölj och förfallet obetalt",
    ):
        expect(page.get_by_role("img", name=name)).to_be_visible()
    for label in (
        "Föreningar som väntar på godkännande",
        "Bokningsförfrågningar att besluta om",
        "Uppdrag som väntar på godkännande",
        "Protokoll som inte justerats 14 dagar efter mötet",
        "Ansökningar till mikrofonden att förhandsgranska",
    ):
        expect(page.get_by_role("link", name=label)).to_be_visible()
    page.get_by_text("Tabell: Beläggning per resurs").click()  # the table alternative opens
    expect(page.get_by_role("rowheader", name="Mötesrum Bispmotala", exact=False)).to_be_visible()
    assert_accessible(page, context="coordinators' dashboard with data from every app")


def test_the_page_follows_a_running_report_until_it_is_done(page):
    user = coordinator(email="samordnare2@motala.example")
    _figures()
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        requested_by=user,
    )
    login(page, user.email, PASSWORD)
    page.goto(f"/mina-sidor/samordnare/rapporter/{run.pk}/")
    expect(page.locator("[data-report-status]")).to_have_text("i kö")
    assert page.get_by_role("link", name="Uppdatera").is_visible()  # the no-JavaScript fallback
    assert not page.get_by_role("link", name="Ladda ner CSV").is_visible()
    generate.generate(run.pk)  # the worker finishes while the page is open
    page.get_by_role("link", name="Ladda ner CSV").wait_for(state="visible")
    assert page.get_by_text("Rapporten är klar.").is_visible()
    assert page.locator("progress").get_attribute("value") == "100"
    assert not page.get_by_role("link", name="Uppdatera").is_visible()


def test_a_stuck_report_shows_an_error(page):
    user = coordinator(email="samordnare3@motala.example")
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=2)
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=ReportRun.Status.RUNNING,
        started_at=long_ago,
        progress=40,
    )
    login(page, user.email, PASSWORD)
    page.goto(f"/mina-sidor/samordnare/rapporter/{run.pk}/")
    assert page.get_by_role("alert").filter(has_text="blev inte klar i tid").is_visible()
    assert_accessible(page, context="stuck report")


def test_association_admin_reports_key_figures(page):
    from tests.factories import association_admin
    from tests.reports.factories import open_term

    term = open_term()
    user = association_admin(email="ordforande@grenverket.example")
    login(page, user.email, PASSWORD)
    page.goto("/mina-sidor/")
    page.get_by_role("link", name="Rapportera nyckeltal").click()
    page.get_by_label("Anställda med anställningsstöd").fill("40")
    page.get_by_label("Arbetstränings- och sysselsättningsplatser").fill("5")
    page.get_by_label("Anställda totalt").fill("39")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("Rätta felen")
    assert_accessible(page, context="key-figure form with errors")
    page.get_by_label("Anställda med anställningsstöd").fill("36")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("Tack")
    assert page.get_by_role("cell", name="36").is_visible()
    assert term.key_figures.get().employees_total == 39
