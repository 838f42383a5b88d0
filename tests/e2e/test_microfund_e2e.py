"""The microfund in Chromium: an association applies with documents, a committee member
reviews, the chair decides, a coordinator disburses with a second confirming, a payment is
recorded. axe-core on the applicant's pages."""

from decimal import Decimal

import pytest

from microfund import ledger
from microfund.models import REQUIRED_DOCUMENTS, Application, Loan
from tests import factories
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD
from tests.microfund.factories import PDF, FundFactory, PoolFactory

pytestmark = pytest.mark.e2e


def switch(page, email):
    page.context.clear_cookies()
    login(page, email, PASSWORD)


def click(page, selector):
    page.locator(selector).first.click()
    page.wait_for_load_state()


def test_apply_review_decide_disburse_and_pay(page, tmp_path):
    fund = FundFactory(name="Mikrofond Östergötland", slug="ostergotland")
    pool = PoolFactory(fund=fund, name="Motala kommun")
    ledger.record(pool, "deposit", Decimal("1000000"))
    association = factories.AssociationFactory(name="Kooperativet Grenverket")
    applicant = factories.association_admin(association, email="anna@grenverket.example")
    member = factories.fund_committee_member(email="fatima@example.se")
    chair = factories.fund_committee_member(email="olle@example.se")
    fund.chair = chair
    fund.save()
    first = factories.coordinator(email="karin@example.se")
    second = factories.coordinator(email="kalle@example.se")
    pdf = tmp_path / "dokument.pdf"
    pdf.write_bytes(PDF)

    # The association sends an enquiry.
    switch(page, applicant.email)
    page.goto("/mikrofond/")
    assert_accessible(page, context="microfund index")
    click(page, "a[href='/mikrofond/forfragan/']")
    assert_accessible(page, context="enquiry form")
    page.locator("#id_title").fill("Ny flishugg")
    page.locator("#id_amount_wanted").fill("240 000,50")
    page.locator("#id_enquiry").fill("En flishugg så att vi kan ta fler uppdrag.")
    click(page, "main form button[type=submit]")
    app = Application.objects.get()
    assert app.amount_wanted == Decimal("240000.50")

    # A coordinator invites the association to apply.
    switch(page, first.email)
    page.goto(f"/mikrofond/ansokan/{app.pk}/")
    click(page, "form[action$='/steg/invite/'] button")

    # The association fills in the application and uploads the documents.
    switch(page, applicant.email)
    page.goto(f"/mikrofond/ansokan/{app.pk}/")
    click(page, "form[action$='/steg/start/'] button")
    assert_accessible(page, context="application page (draft)")
    click(page, f"a[href='/mikrofond/ansokan/{app.pk}/redigera/']")
    assert_accessible(page, context="application form")
    page.locator("#id_instrument").select_option("loan")
    page.locator("#id_method").select_option("annuity")
    page.locator("#id_amount").fill("240 000")
    page.locator("#id_term_months").fill("60")
    page.locator("#id_grace_months").fill("3")
    page.locator("#id_purpose").fill("En begagnad flishugg och en släpvagn.")
    page.locator("#id_social_value").fill("Två anställningar för personer långt från arbete.")
    page.locator("#id_jobs").fill("2")
    click(page, "button[name=save]")
    for kind in REQUIRED_DOCUMENTS:
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_file").set_input_files(str(pdf))
        click(page, "form[action$='/dokument/'] button[type=submit]")
    assert app.documents.count() == len(REQUIRED_DOCUMENTS)
    click(page, "form[action$='/steg/submit/'] button")
    app.refresh_from_db()
    assert app.state == "submitted"
    assert_accessible(page, context="application page (submitted)")

    # The coordinator screens it and sends it to the committee.
    switch(page, first.email)
    page.goto(f"/mikrofond/ansokan/{app.pk}/")
    click(page, "form[action$='/steg/screen/'] button")
    click(page, "form[action$='/steg/send_to_review/'] button")
    app.refresh_from_db()
    assert app.state == "in_review"

    # A committee member declares no conflict and scores it.
    switch(page, member.email)
    page.goto(f"/mikrofond/kommitte/{app.pk}/")
    page.locator("input[name=has_conflict][value=no]").check()
    click(page, "form[action$='/jav/'] button")
    page.locator("#id_social_impact").fill("5")
    page.locator("#id_feasibility").fill("4")
    page.locator("#id_repayment_capacity").fill("4")
    page.locator("#id_recommendation").select_option("approve")
    click(page, "form[action$='/bedomning/'] button")
    assert app.reviews.count() == 1

    # The chair declares and decides.
    switch(page, chair.email)
    page.goto(f"/mikrofond/kommitte/{app.pk}/")
    page.locator("input[name=has_conflict][value=no]").check()
    click(page, "form[action$='/jav/'] button")
    click(page, f"a[href='/mikrofond/kommitte/{app.pk}/beslut/']")
    page.locator("#id_outcome").select_option("approved")
    page.locator("#id_amount").fill("240 000")
    page.locator("#id_rate").fill("4.5")
    page.locator("#id_term_months").fill("60")
    page.locator("#id_grace_months").fill("3")
    page.locator("#id_quorum").fill("3")
    page.locator("#id_votes_for").fill("3")
    page.locator("#id_letter").fill("Fondkommittén beviljar lånet.")
    click(page, "main form button[type=submit]")
    app.refresh_from_db()
    assert app.state == "approved"
    loan = Loan.objects.get(application=app)

    # The applicant sees the decision letter.
    switch(page, applicant.email)
    page.goto(f"/mikrofond/ansokan/{app.pk}/")
    assert "Fondkommittén beviljar lånet." in page.content()
    assert_accessible(page, context="decision letter")

    # One coordinator disburses, a second confirms, a payment is recorded.
    switch(page, first.email)
    page.goto(f"/mikrofond/lan/{loan.pk}/")
    click(page, "form[action$='/utbetalning/'] button")
    switch(page, second.email)
    page.goto(f"/mikrofond/lan/{loan.pk}/")
    click(page, "form[action*='/utbetalning/'] button")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.ACTIVE
    assert loan.instalments.count() == 63
    page.locator("#id_amount").fill("900,00")
    click(page, "form[action$='/betalning/'] button")
    assert loan.payments.get().amount == Decimal("900.00")
    assert page.locator(".mf-balance").is_visible()
    assert_accessible(page, context="loan page (coordinator)")

    # The applicant follows the loan: balance and the schedule.
    switch(page, applicant.email)
    page.goto(f"/mikrofond/lan/{loan.pk}/")
    assert page.locator(".mf-balance").is_visible()
    assert_accessible(page, context="loan page (applicant)")
