"""Disbursement and write-off need two people; payments go interest first; arrears buckets."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from microfund import ledger, reports, services, tasks
from microfund.models import Application, Decision, Guarantee, Loan
from portal.models import AuditEvent
from tests import factories
from tests.microfund.factories import add_documents, complete_application, fund_with_capital

pytestmark = pytest.mark.django_db
D = Decimal
START = datetime.date(2026, 1, 15)


@pytest.fixture
def setup():
    return fund_with_capital()


def approved_loan(setup, amount=None, rate=None, term=12, grace=0, instrument="loan"):
    amount = D("120000") if amount is None else amount
    rate = D("6") if rate is None else rate
    app = complete_application(fund=setup["fund"], state="in_review", instrument=instrument)
    applicant = factories.association_admin(app.association)
    add_documents(app, applicant)
    services.declare(app, by=setup["chair"], has_conflict=False)
    services.decide(
        app, by=setup["chair"], outcome=Decision.Outcome.APPROVED, amount=amount, rate=rate,
        term_months=term, grace_months=grace, quorum=3, votes_for=3, letter="Beviljas",
    )  # fmt: skip
    return Loan.objects.get(application=app)


def active_loan(setup, **kwargs):
    loan = approved_loan(setup, **kwargs)
    services.request_disbursement(loan, by=setup["first"])
    return services.confirm_disbursement(loan, by=setup["second"], on=START)


def test_disbursement_needs_a_second_person(setup):
    loan = approved_loan(setup)
    assert ledger.pool_summary(setup["pool"])["undisbursed"] == D("120000")
    services.request_disbursement(loan, by=setup["first"])
    with pytest.raises(ValidationError):
        services.confirm_disbursement(loan, by=setup["first"], on=START)
    loan = services.confirm_disbursement(loan, by=setup["second"], on=START)
    assert loan.status == Loan.Status.ACTIVE
    assert loan.instalments.count() == 12
    assert loan.instalments.first().due_date == datetime.date(2026, 2, 15)
    summary = ledger.pool_summary(setup["pool"])
    assert summary["outstanding"] == D("120000")
    assert summary["available"] == D("880000")
    assert AuditEvent.objects.for_object(loan).filter(action="disbursed", actor=setup["second"])


def test_cannot_disburse_more_than_available(setup):
    loan = approved_loan(setup, amount=D("1500000"))
    with pytest.raises(ValidationError):
        services.request_disbursement(loan, by=setup["first"])


def test_partial_payment_goes_to_interest_first(setup):
    loan = active_loan(setup)
    first = loan.instalments.first()
    payment = services.record_payment(
        loan, by=setup["first"], amount=D("400"), paid_on=first.due_date
    )
    assert payment.interest_part == D("400")
    assert payment.principal_part == 0
    first.refresh_from_db()
    assert first.paid_interest == D("400") and first.paid_principal == 0


def test_late_payment_clears_interest_of_all_overdue_first(setup):
    loan = active_loan(setup)
    inst = list(loan.instalments.all())
    late = inst[2].due_date + datetime.timedelta(days=5)
    interest_due = inst[0].interest + inst[1].interest + inst[2].interest
    payment = services.record_payment(loan, by=setup["first"], amount=interest_due + D("1"),
                                      paid_on=late)  # fmt: skip
    assert payment.interest_part == interest_due
    assert payment.principal_part == D("1")


def test_early_and_over_payment(setup):
    loan = active_loan(setup)
    total = sum(i.total for i in loan.instalments.all())
    payment = services.record_payment(loan, by=setup["first"], amount=total + D("100.50"),
                                      paid_on=START)  # fmt: skip
    assert payment.excess == D("100.50")
    assert payment.principal_part == D("120000")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.REPAID
    summary = ledger.pool_summary(setup["pool"])
    assert summary["outstanding"] == 0
    assert summary["interest"] == total - D("120000")
    assert summary["refunds"] == D("100.50")
    services.refund_overpayment(payment, by=setup["second"])
    with pytest.raises(ValidationError):
        services.refund_overpayment(payment, by=setup["second"])
    summary = ledger.pool_summary(setup["pool"])
    assert summary["refunds"] == 0
    assert summary["cash"] == D("1000000") + total - D("120000")
    assert not ledger.unbalanced_transactions().exists()


def test_write_off_needs_a_second_person(setup):
    loan = active_loan(setup)
    services.request_write_off(loan, by=setup["first"], reason="Konkurs")
    with pytest.raises(ValidationError):
        services.confirm_write_off(loan, by=setup["first"])
    services.confirm_write_off(loan, by=setup["second"])
    summary = ledger.pool_summary(setup["pool"])
    assert summary["losses"] == D("120000") and summary["outstanding"] == 0


def test_guarantee_release_and_call(setup):
    app = complete_application(fund=setup["fund"], state="in_review", instrument="guarantee",
                               bank_name="Ekobanken", bank_loan_amount=D("400000"))  # fmt: skip
    services.declare(app, by=setup["chair"], has_conflict=False)
    services.decide(app, by=setup["chair"], outcome="approved", amount=D("200000"), term_months=36,
                    quorum=3, votes_for=3, letter="Borgen beviljas")  # fmt: skip
    guarantee = Guarantee.objects.get(application=app)
    assert guarantee.share == D("50.00")
    assert ledger.pool_summary(setup["pool"])["available"] == D("800000")
    services.call_guarantee(guarantee, by=setup["first"])
    summary = ledger.pool_summary(setup["pool"])
    assert summary["losses"] == D("200000") and summary["guarantees"] == 0
    with pytest.raises(ValidationError):
        services.release_guarantee(guarantee, by=setup["first"])


def test_guarantees_past_their_end_date_are_released_once(setup):
    app = complete_application(fund=setup["fund"], state="in_review", instrument="guarantee",
                               bank_name="Ekobanken", bank_loan_amount=D("400000"))  # fmt: skip
    services.declare(app, by=setup["chair"], has_conflict=False)
    services.decide(app, by=setup["chair"], outcome="approved", amount=D("200000"), term_months=36,
                    quorum=3, votes_for=3, letter="Borgen beviljas")  # fmt: skip
    guarantee = Guarantee.objects.get(application=app)
    assert ledger.pool_summary(setup["pool"])["available"] == D("800000")
    assert tasks.expire_guarantees(guarantee.ends_on.isoformat()) == 0  # its last day: in force
    day_after = (guarantee.ends_on + datetime.timedelta(days=1)).isoformat()
    assert tasks.expire_guarantees(day_after) == 1
    assert tasks.expire_guarantees(day_after) == 0
    guarantee.refresh_from_db()
    assert (guarantee.status, guarantee.closed_on) == ("released", guarantee.ends_on)
    assert AuditEvent.objects.filter(action="expired", object_id=str(guarantee.pk)).count() == 1
    summary = ledger.pool_summary(setup["pool"])
    assert summary["guarantees"] == 0 and summary["available"] == D("1000000")
    assert summary["losses"] == 0


def test_arrears_buckets_and_par30_by_business_date(setup):
    current = active_loan(setup)
    late = active_loan(setup, amount=D("60000"))
    first_due = late.instalments.first().due_date
    services.record_payment(current, by=setup["first"], amount=D("20000"), paid_on=first_due)
    day = first_due + datetime.timedelta(days=40)  # late: two instalments overdue, oldest 40 days
    report = reports.portfolio(day)
    buckets = {b["key"]: b for b in report["buckets"]}
    assert report["loans"] == 2
    assert buckets["31-60"]["loans"] == 1
    assert buckets["31-60"]["outstanding"] == D("60000")
    assert report["par30"] == (D("60000") / report["outstanding"] * 100).quantize(D("0.1"))
    assert reports.portfolio(first_due)["par30"] == 0
    csv = reports.portfolio_csv(day)
    assert "31-60" in csv and csv.count("\n") == 3


def test_reminders_before_and_after_due_are_sent_once(setup):
    loan = active_loan(setup)
    factories.association_admin(loan.application.association)
    due = loan.instalments.first().due_date
    mail.outbox.clear()
    week_before = (due - datetime.timedelta(days=7)).isoformat()
    assert tasks.send_repayment_reminders(week_before) == 1
    assert tasks.send_repayment_reminders(week_before) == 0
    day_after = (due + datetime.timedelta(days=1)).isoformat()
    assert tasks.send_repayment_reminders(day_after) == 1
    assert tasks.send_repayment_reminders(day_after) == 0
    assert len(mail.outbox) == 2


def test_digest_and_report_are_sent_once(setup):
    factories.coordinator()
    app = complete_application(fund=setup["fund"], state="in_review")
    assert Application.objects.for_committee().filter(pk=app.pk).exists()
    mail.outbox.clear()
    assert tasks.send_committee_digest("w1") == 1
    assert tasks.send_committee_digest("w1") == 0
    assert app.title in mail.outbox[0].body
    assert tasks.send_fund_report("m1") == 1
    assert tasks.send_fund_report("m1") == 0
    assert "PAR30" in mail.outbox[1].body


def test_beat_schedule_lists_the_tasks():
    from portal.celery import BEAT_SCHEDULE

    tasks_scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"microfund.tasks.send_repayment_reminders", "microfund.tasks.send_committee_digest",
            "microfund.tasks.send_fund_report"} <= tasks_scheduled  # fmt: skip
    assert list(BEAT_SCHEDULE) == sorted(BEAT_SCHEDULE)
