import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microfund import dashboard, services
from microfund.models import Application, Document, Loan, Review
from tests import factories
from tests.microfund.factories import (
    ApplicationFactory,
    FundFactory,
    PoolFactory,
    add_documents,
    complete_application,
    pdf_upload,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    fund = FundFactory(name="Mikrofond Östergötland", slug="ostergotland")
    PoolFactory(fund=fund, name="Motala kommun")
    return fund


def test_enquiry_parses_swedish_amount(client, fund, association, association_admin):
    client.force_login(association_admin)
    response = client.post(reverse("microfund:enquiry"), {
        "title": "Caféet", "amount_wanted": "150 000,50", "enquiry": "Ett café som arbetsträning.",
    })  # fmt: skip
    app = Application.objects.get()
    assert response.status_code == 302
    assert app.amount_wanted == Decimal("150000.50")
    assert app.association == association


def test_bad_amount_is_explained(client, fund, association_admin):
    client.force_login(association_admin)
    response = client.post(reverse("microfund:enquiry"), {
        "title": "Caféet", "amount_wanted": "150,000,50", "enquiry": "x",
    })  # fmt: skip
    assert response.status_code == 200
    assert "150 000,50" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_application_form_lists_what_is_missing_and_saves_draft(client, fund, association):
    admin = factories.association_admin(association)
    app = ApplicationFactory(fund=fund, association=association, state="draft")
    client.force_login(admin)
    url = reverse("microfund:application_edit", args=[app.pk])
    page = client.get(url).content.decode()
    assert "Välj finansieringsform" in page
    assert "Ladda upp dokumentet: Stadgar." in page
    response = client.post(url, {"instrument": "loan", "method": "annuity",
                                 "amount": "75 000", "grace_months": 0, "submit": "1"})  # fmt: skip
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.amount == Decimal("75000") and app.state == "draft"


def test_document_upload_checks_content(client, fund, association):
    admin = factories.association_admin(association)
    app = ApplicationFactory(fund=fund, association=association, state="draft")
    client.force_login(admin)
    url = reverse("microfund:document_upload", args=[app.pk])
    fake = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(url, {"kind": "budget", "file": fake})
    assert not Document.objects.exists()
    client.post(url, {"kind": "budget", "file": pdf_upload()})
    doc = Document.objects.get()
    assert doc.original_name == "plan.pdf" and not doc.file.name.endswith("plan.pdf")
    response = client.get(reverse("microfund:document", args=[doc.pk]))
    assert response.status_code == 200
    assert b"%PDF" in b"".join(response.streaming_content)


def test_guessed_document_url_is_404_for_strangers(client, fund):
    app = complete_application(fund=fund, state="in_review")
    add_documents(app, kinds=["budget"])
    doc = app.documents.get()
    url = reverse("microfund:document", args=[doc.pk])
    for person in (factories.UserFactory(), factories.association_admin(),
                   factories.fund_committee_member()):  # fmt: skip
        client.force_login(person)
        assert client.get(url).status_code == 404
    assert client.get(reverse("microfund:document", args=[doc.pk + 1000])).status_code == 404


def test_member_with_conflict_sees_no_scores_and_cannot_score(client, fund):
    app = complete_application(fund=fund, state="in_review")
    add_documents(app, kinds=["budget"])
    other = factories.fund_committee_member()
    services.declare(app, by=other, has_conflict=False)
    services.review(app, by=other, social_impact=4, feasibility=3, repayment_capacity=2,
                    comment="HEMLIG KOMMENTAR", recommendation="approve")  # fmt: skip
    member = factories.fund_committee_member()
    client.force_login(member)
    url = reverse("microfund:committee_application", args=[app.pk])
    assert "HEMLIG" not in client.get(url).content.decode()
    client.post(reverse("microfund:committee_declare", args=[app.pk]),
                {"has_conflict": "yes", "explanation": "Sitter i styrelsen"})  # fmt: skip
    page = client.get(url).content.decode()
    assert "HEMLIG" not in page and "repayment_capacity" not in page
    doc_url = reverse("microfund:document", args=[app.documents.get().pk])
    assert client.get(doc_url).status_code == 404
    response = client.post(reverse("microfund:committee_review", args=[app.pk]), {
        "social_impact": 5, "feasibility": 5, "repayment_capacity": 5, "recommendation": "approve",
    })  # fmt: skip
    assert response.status_code == 403
    assert Review.objects.filter(reviewer=member).count() == 0


def test_reviewer_identity_is_not_shown_to_the_applicant(client, fund):
    chair = factories.fund_committee_member(display_name="Olle Hemlig Ordförande")
    fund.chair = chair
    fund.save()
    app = complete_application(fund=fund, state="in_review")
    admin = factories.association_admin(app.association)
    services.declare(app, by=chair, has_conflict=False)
    services.review(app, by=chair, social_impact=4, feasibility=3, repayment_capacity=2,
                    recommendation="approve")  # fmt: skip
    client.force_login(chair)
    response = client.post(reverse("microfund:committee_decide", args=[app.pk]), {
        "outcome": "approved_conditions", "amount": "100 000", "rate": "3.5", "term_months": 24,
        "grace_months": 0, "conditions": "Kvartalsrapport", "quorum": 3, "votes_for": 2,
        "votes_against": 1, "votes_abstaining": 0, "letter": "Vi beviljar lånet.",
    })  # fmt: skip
    assert response.status_code == 302
    client.force_login(admin)
    page = client.get(reverse("microfund:application", args=[app.pk])).content.decode()
    assert "Vi beviljar lånet." in page and "Kvartalsrapport" in page
    assert "Hemlig" not in page and chair.email not in page


def test_coordinator_disburses_with_a_second_confirming(client, fund):
    from microfund import ledger

    pool = fund.pools.get()
    ledger.record(pool, "deposit", Decimal("500000"))
    app = complete_application(fund=fund, state="approved")
    loan = Loan.objects.create(application=app, pool=pool, principal=Decimal("50000"),
                               rate=Decimal("5"), method="annuity", term_months=12)  # fmt: skip
    first, second = factories.coordinator(), factories.coordinator()
    url = reverse("microfund:loan_disburse", args=[loan.pk])
    client.force_login(first)
    client.post(url)
    client.post(url)  # the same person cannot confirm
    loan.refresh_from_db()
    assert loan.status == Loan.Status.AWAITING
    client.force_login(second)
    client.post(url + "?date=2026-03-01")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.ACTIVE and loan.disbursed_on == datetime.date(2026, 3, 1)
    client.post(reverse("microfund:loan_payment", args=[loan.pk]),
                {"amount": "4 280,37", "paid_on": "2026-04-01"})  # fmt: skip
    assert loan.payments.get().amount == Decimal("4280.37")
    page = client.get(reverse("microfund:loan", args=[loan.pk]) + "?date=2026-06-15")
    assert page.status_code == 200
    assert page.context["state"]["bucket"] == "31-60"


def test_pages_keep_query_count_constant(client, fund):
    member = factories.fund_committee_member()
    client.force_login(member)
    assert_constant_queries(
        client, reverse("microfund:committee"),
        lambda: [complete_application(fund=fund, state="in_review") for _ in range(3)],
    )  # fmt: skip
    coordinator = factories.coordinator()
    client.force_login(coordinator)
    assert_constant_queries(
        client, reverse("microfund:reports"),
        lambda: [complete_application(fund=fund, state="enquiry") for _ in range(3)],
    )  # fmt: skip


def test_dashboard_waiting_items(fund):
    complete_application(fund=fund, state="submitted")
    items = dashboard.waiting()
    assert len(items) == 5
    screen = items[1]  # submitted: to screen
    assert screen["count"] == 1 and screen["oldest"] is not None
    assert screen["url"].startswith("/admin/")


def test_guarantors_and_capital_movements(client, fund, association):
    from microfund import ledger, privacy

    admin = factories.association_admin(association)
    app = ApplicationFactory(fund=fund, association=association, state="draft")
    client.force_login(admin)
    client.post(reverse("microfund:guarantor_add", args=[app.pk]),
                {"name": "Eva Borg", "email": admin.email, "amount": "50 000,00"})  # fmt: skip
    guarantor = app.guarantors.get()
    assert guarantor.amount == Decimal("50000")
    assert privacy.export(admin)["guarantor_for"][0]["name"] == "Eva Borg"
    privacy.erase(admin)
    guarantor.refresh_from_db()
    assert guarantor.email == ""
    client.post(reverse("microfund:guarantor_remove", args=[guarantor.pk]))
    assert not app.guarantors.exists()

    coordinator = factories.coordinator()
    client.force_login(coordinator)
    pool = fund.pools.get()
    client.post(reverse("microfund:capital"), {"pool": pool.pk, "operation": "deposit",
                                               "amount": "1 500 000", "memo": "Motala kommun"})  # fmt: skip
    client.post(reverse("microfund:capital"), {"pool": pool.pk, "operation": "withdrawal",
                                               "amount": "2 000 000", "memo": "för mycket"})  # fmt: skip
    assert ledger.pool_summary(pool)["capital"] == Decimal("1500000")
    page = client.get(reverse("microfund:reports")).content.decode()
    assert app.title in page


def test_loan_and_application_pages_keep_query_count_constant(client, fund):
    from microfund import ledger

    pool = fund.pools.get()
    ledger.record(pool, "deposit", Decimal("500000"))
    app = complete_application(fund=fund, state="approved")
    add_documents(app, kinds=["budget"])
    loan = Loan.objects.create(application=app, pool=pool, principal=Decimal("50000"),
                               rate=Decimal("5"), method="annuity", term_months=24)  # fmt: skip
    first, second = factories.coordinator(), factories.coordinator()
    services.request_disbursement(loan, by=first)
    services.confirm_disbursement(loan, by=second, on=datetime.date(2026, 1, 1))
    client.force_login(first)

    def pay():
        for month in range(2, 5):
            services.record_payment(loan, by=first, amount=Decimal("2000"),
                                    paid_on=datetime.date(2026, month, 1))  # fmt: skip

    assert_constant_queries(client, reverse("microfund:loan", args=[loan.pk]), pay)
    client.get(reverse("microfund:application", args=[app.pk]))  # warm the content-type cache
    assert_constant_queries(
        client, reverse("microfund:application", args=[app.pk]),
        lambda: add_documents(app, kinds=["statutes", "budget"]),
    )  # fmt: skip


def test_reports_page_charts_and_exports(client, fund):
    client.force_login(factories.coordinator())
    page = client.get(reverse("microfund:reports") + "?date=2026-06-01")
    assert page.status_code == 200
    assert 'role="img"' in page.content.decode()
    response = client.get(reverse("microfund:reports_csv") + "?date=2026-06-01")
    assert response["Content-Type"].startswith("text/csv")
    assert "mikrofond-portfolj-2026-06-01.csv" in response["Content-Disposition"]
    assert response.content.decode().startswith("loan;association")


def test_applicant_and_committee_see_the_diff_of_a_resubmission(client, fund):
    app = complete_application(fund=fund, state="draft")
    admin = factories.association_admin(app.association)
    add_documents(app, admin)
    coordinator = factories.coordinator()
    services.submit(app, by=admin)
    services.transition(app, "screen", by=coordinator)
    services.transition(app, "request_info", by=coordinator, reason="Sänk beloppet")
    client.force_login(admin)
    client.post(reverse("microfund:application_edit", args=[app.pk]), {
        "instrument": "loan", "method": "annuity", "amount": "120 000", "term_months": 36,
        "grace_months": 2, "purpose": "Maskiner.", "social_value": "Arbetsträning.", "jobs": 2,
        "submit": "1",
    })  # fmt: skip
    app.refresh_from_db()
    assert app.state == "screening"
    page = client.get(reverse("microfund:application", args=[app.pk])).content.decode()
    assert "<del>150000.50</del>" in page and "<ins>120000.00</ins>" in page
    assert "Sänk beloppet" in page
    services.transition(app, "send_to_review", by=coordinator)
    member = factories.fund_committee_member()
    services.declare(app, by=member, has_conflict=False)
    client.force_login(member)
    page = client.get(reverse("microfund:committee_application", args=[app.pk])).content.decode()
    assert "<ins>120000.00</ins>" in page


def test_documents_can_be_removed_only_while_editable(client, fund):
    app = complete_application(fund=fund, state="draft")
    admin = factories.association_admin(app.association)
    add_documents(app, admin, kinds=["budget", "statutes"])
    client.force_login(admin)
    doc = app.documents.get(kind="budget")
    client.post(reverse("microfund:document_delete", args=[doc.pk]))
    assert list(app.documents.values_list("kind", flat=True)) == ["statutes"]
    app.state = "submitted"
    app.save()
    other = app.documents.get()
    assert client.post(reverse("microfund:document_delete", args=[other.pk])).status_code == 403
    assert app.documents.count() == 1
