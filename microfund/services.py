"""Every state change of the microfund: plain functions, atomic, audited, mail on commit."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from microfund import ledger, schedule, workflow
from microfund.models import (
    REQUIRED_DOCUMENTS,
    Application,
    ConflictDeclaration,
    Decision,
    Guarantee,
    Instalment,
    Instrument,
    LedgerTransaction,
    Loan,
    Method,
    Payment,
    Review,
    StatusNotice,
)
from microfund.money import ZERO, to_ore
from microfund.workflow import PUBLIC_STATUS, State
from portal import audit, jobs
from portal.permissions import is_association_admin, is_coordinator, is_fund_committee

# Fields of the application that are compared between submissions.
SNAPSHOT_FIELDS = (
    "instrument", "method", "amount", "term_months", "grace_months", "purpose",
    "social_value", "jobs", "bank_name", "bank_loan_amount",
)  # fmt: skip


# --- Roles --------------------------------------------------------------------------------


def is_chair(user, fund) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or (fund.chair_id == user.pk and is_fund_committee(user)))
    )


def may(user, application, who: str) -> bool:
    if who == workflow.APPLICANT:
        return is_association_admin(user, application.association) or is_coordinator(user)
    if who == workflow.COORDINATOR:
        return is_coordinator(user)
    if who == workflow.CHAIR:
        return is_chair(user, application.fund)
    return False


# --- Transitions ----------------------------------------------------------------------------


def _lock(application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def transition(application, name: str, *, by, reason: str = "", check=True) -> Application:
    """Take transition ``name``: check the state and the actor, audit, notify on a new public
    status. Returns the fresh application."""
    step = workflow.TRANSITIONS[name]
    with transaction.atomic():
        app = _lock(application)
        if app.state not in step.sources:
            raise ValidationError(
                _("The application is %(state)s; it cannot be changed that way now.")
                % {"state": app.get_state_display()}
            )
        if check and not may(by, app, step.who):
            raise PermissionDenied
        before = app.state
        app.state = step.target
        app.state_changed_at = timezone.now()
        app.save(update_fields=["state", "state_changed_at", "updated_at"])
        audit.record(app, name, by=by, from_state=before, to_state=app.state, reason=reason)
        old_public, new_public = PUBLIC_STATUS[State(before)], PUBLIC_STATUS[State(app.state)]
        if old_public != new_public:
            from microfund import tasks

            notice = StatusNotice.objects.create(
                application=app, public_status=new_public, reason=reason
            )
            jobs.enqueue(tasks.send_status_notice, notice.pk)
    application.state = app.state
    return app


def create_enquiry(*, association, fund, by, title, amount_wanted, enquiry) -> Application:
    if association.status != association.Status.APPROVED:
        raise ValidationError(_("Only an approved association can apply."))
    if not (is_association_admin(by, association) or is_coordinator(by)):
        raise PermissionDenied
    with transaction.atomic():
        app = Application.objects.create(
            fund=fund, association=association, created_by=by, title=title,
            amount_wanted=amount_wanted, enquiry=enquiry,
        )  # fmt: skip
        audit.record(app, "enquiry", by=by, to_state=app.state)
        from microfund import tasks

        notice = StatusNotice.objects.create(
            application=app, public_status=PUBLIC_STATUS[State.ENQUIRY]
        )
        jobs.enqueue(tasks.send_status_notice, notice.pk)
    return app


# --- Documents and guarantors on an application still being written ------------------------


def add_document(application, document, *, by, original_name: str):
    """Attach an uploaded document (an unsaved ``Document`` from the form) and audit it."""
    with transaction.atomic():
        document.application = application
        document.uploaded_by = by
        document.original_name = original_name[:255]
        document.save()
        audit.record(application, "document_added", by=by, reason=document.get_kind_display())
    return document


def remove_document(document, *, by) -> None:
    """Remove a document; its file goes only once the removal has committed."""
    application, name, field_file = document.application, document.original_name, document.file
    with transaction.atomic():
        document.delete()
        audit.record(application, "document_removed", by=by, reason=name)
        transaction.on_commit(lambda: field_file.delete(save=False))


def add_guarantor(application, guarantor, *, by):
    with transaction.atomic():
        guarantor.application = application
        guarantor.save()
        audit.record(application, "guarantor_added", by=by)
    return guarantor


def remove_guarantor(guarantor, *, by) -> None:
    application = guarantor.application
    with transaction.atomic():
        guarantor.delete()
        audit.record(application, "guarantor_removed", by=by)


def missing(application) -> list[str]:
    """What the application still needs before it can be submitted, in words."""
    app = application
    gaps = []
    if not app.instrument:
        gaps.append(_("Choose an instrument (loan, interest-free loan or guarantee)."))
    if not app.amount:
        gaps.append(_("Enter the amount."))
    if app.instrument == Instrument.LOAN and not app.method:
        gaps.append(_("Choose annuity or straight amortisation."))
    if app.instrument in (Instrument.LOAN, Instrument.INTEREST_FREE) and not app.term_months:
        gaps.append(_("Enter the term in months (1–120)."))
    if app.instrument == Instrument.GUARANTEE:
        if not app.bank_name:
            gaps.append(_("Name the bank that lends the money."))
        if not app.bank_loan_amount:
            gaps.append(_("Enter the bank loan amount."))
        elif app.amount and app.amount > app.bank_loan_amount * app.fund.max_guarantee_share / 100:
            gaps.append(
                _("A guarantee covers at most %(share)s %% of the bank loan.")
                % {"share": app.fund.max_guarantee_share}
            )
    if not app.purpose.strip():
        gaps.append(_("Describe the purpose."))
    if not app.social_value.strip():
        gaps.append(_("Describe the social value."))
    if app.jobs is None:
        gaps.append(
            _("Enter how many jobs it creates for people far from the labour market (0 if none).")
        )
    present = {d.kind for d in app.documents.all()}
    from microfund.models import Document

    for kind in REQUIRED_DOCUMENTS:
        if kind not in present:
            gaps.append(_("Upload the document: %(kind)s.") % {"kind": Document.Kind(kind).label})
    return gaps


def snapshot(application) -> dict:
    return {
        f: (str(getattr(application, f)) if getattr(application, f) is not None else "")
        for f in SNAPSHOT_FIELDS
    } | {"documents": sorted(d.original_name for d in application.documents.all())}


def changes(application, *, labels=False) -> list[tuple[str, str, str]]:
    """(field, before, after) between the previous and the latest submission; with
    ``labels`` the field's name as the applicant knows it."""
    before, after = application.previous_snapshot, application.submitted_snapshot
    if not before:
        return []
    out = []
    for key in after:
        if before.get(key) != after.get(key):
            name = key
            if labels:
                name = (
                    _("documents") if key == "documents"
                    else str(Application._meta.get_field(key).verbose_name)
                )  # fmt: skip
            out.append((name, before.get(key, ""), after.get(key, "")))
    return out


def submit(application, *, by) -> Application:
    """Draft → submitted, or more information → screening (resubmission, with a diff)."""
    with transaction.atomic():
        app = _lock(application)
        if not may(by, app, workflow.APPLICANT):
            raise PermissionDenied
        gaps = missing(app)
        if gaps:
            raise ValidationError(gaps)
        name = "resubmit" if app.state == State.MORE_INFO else "submit"
        app.previous_snapshot = app.submitted_snapshot
        app.submitted_snapshot = snapshot(app)
        app.save(update_fields=["previous_snapshot", "submitted_snapshot"])
        return transition(app, name, by=by)


# --- Committee --------------------------------------------------------------------------------


def declaration_of(application, user):
    return ConflictDeclaration.objects.filter(application=application, member=user).first()


def declare(application, *, by, has_conflict: bool, explanation: str = ""):
    if not is_fund_committee(by):
        raise PermissionDenied
    with transaction.atomic():
        if declaration_of(application, by):
            raise ValidationError(_("You have already declared for this application."))
        declaration = ConflictDeclaration.objects.create(
            application=application, member=by, has_conflict=has_conflict,
            explanation=explanation,
        )  # fmt: skip
        audit.record(
            application, "conflict_declared" if has_conflict else "no_conflict_declared",
            by=by, reason=explanation,
        )  # fmt: skip
    return declaration


def may_assess(user, application) -> bool:
    """A committee member who has declared no conflict for this application."""
    declaration = declaration_of(application, user)
    return is_fund_committee(user) and declaration is not None and not declaration.has_conflict


def review(application, *, by, **scores) -> Review:
    if not may_assess(by, application):
        raise PermissionDenied
    if application.state != State.IN_REVIEW:
        raise ValidationError(_("Only applications in review can be scored."))
    with transaction.atomic():
        obj, _created = Review.objects.update_or_create(
            application=application, reviewer=by, defaults=scores
        )
        audit.record(application, "reviewed", by=by, data={"recommendation": obj.recommendation})
    return obj


def decide(application, *, by, outcome: str, **fields) -> Decision:
    """The chair records the committee's decision; approval creates the loan or guarantee."""
    if not is_chair(by, application.fund):
        raise PermissionDenied
    if declaration_of(application, by) is None or declaration_of(application, by).has_conflict:
        raise ValidationError(_("Declare that you have no conflict of interest first."))
    names = {
        Decision.Outcome.APPROVED: "approve",
        Decision.Outcome.APPROVED_WITH_CONDITIONS: "approve_with_conditions",
        Decision.Outcome.REJECTED: "reject",
    }
    with transaction.atomic():
        app = _lock(application)
        if (
            outcome == Decision.Outcome.APPROVED_WITH_CONDITIONS
            and not fields.get("conditions", "").strip()
        ):
            raise ValidationError(_("Write the conditions."))
        if outcome != Decision.Outcome.REJECTED and not fields.get("amount"):
            raise ValidationError(_("An approval needs an amount."))
        if outcome != Decision.Outcome.REJECTED and fields.get("votes_for", 0) <= fields.get(
            "votes_against", 0
        ):
            raise ValidationError(_("An approval needs more votes for than against."))
        if fields.get("votes_for", 0) + fields.get("votes_against", 0) + fields.get(
            "votes_abstaining", 0
        ) > fields.get("quorum", 0):
            raise ValidationError(_("There are more votes than members present."))
        decision = Decision.objects.create(
            application=app, outcome=outcome, decided_by=by, **fields
        )
        app = transition(app, names[outcome], by=by, reason=fields.get("conditions", ""))
        audit.record(
            app, "decision", by=by, to_state=outcome,
            data={"amount": str(decision.amount or ""), "votes_for": decision.votes_for,
                  "votes_against": decision.votes_against, "quorum": decision.quorum},
        )  # fmt: skip
        if outcome != Decision.Outcome.REJECTED:
            _create_instrument(app, decision)
    return decision


def _create_instrument(app, decision):
    pool = app.pool or app.fund.pools.order_by("pk").first()
    if pool is None:
        raise ValidationError(_("The fund has no capital pool."))
    if app.instrument == Instrument.GUARANTEE:
        bank_loan = app.bank_loan_amount or decision.amount
        Guarantee.objects.create(
            application=app, pool=pool, bank_name=app.bank_name or "-",
            bank_loan_amount=bank_loan, amount=decision.amount,
            share=min(Decimal(100), to_ore(decision.amount * 100 / bank_loan)),
            ends_on=schedule.add_months(timezone.localdate(), decision.term_months or 60),
        )  # fmt: skip
        return
    method = Method.INTEREST_FREE if app.instrument == Instrument.INTEREST_FREE else app.method
    Loan.objects.create(
        application=app, pool=pool, principal=decision.amount,
        rate=ZERO if method == Method.INTEREST_FREE else decision.rate,
        method=method or Method.ANNUITY, term_months=decision.term_months or app.term_months or 12,
        grace_months=decision.grace_months,
    )  # fmt: skip


# --- Loans ----------------------------------------------------------------------------------


def _require_coordinator(user):
    if not is_coordinator(user):
        raise PermissionDenied


def request_disbursement(loan, *, by) -> Loan:
    _require_coordinator(by)
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != Loan.Status.APPROVED:
            raise ValidationError(_("The loan is not waiting to be disbursed."))
        summary = ledger.pool_summary(loan.pool)
        # The loan itself is counted as approved but undisbursed.
        if summary["available"] < 0:
            raise ValidationError(_("The capital pool does not have enough capital to lend."))
        loan.status = Loan.Status.AWAITING
        loan.disbursement_requested_by = by
        loan.disbursement_requested_at = timezone.now()
        loan.save()
        audit.record(loan, "disbursement_requested", by=by, from_state="approved",
                     to_state="awaiting", data={"amount": str(loan.principal)})  # fmt: skip
    return loan


def confirm_disbursement(loan, *, by, on: datetime.date | None = None) -> Loan:
    """The second person confirms: the money leaves the pool and the schedule is generated."""
    _require_coordinator(by)
    on = on or timezone.localdate()
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != Loan.Status.AWAITING:
            raise ValidationError(_("No disbursement is waiting for confirmation."))
        if loan.disbursement_requested_by_id == by.pk:
            raise ValidationError(_("A second person must confirm the disbursement."))
        loan.status = Loan.Status.ACTIVE
        loan.disbursed_on = on
        loan.disbursement_confirmed_by = by
        loan.save()
        rows = schedule.build(
            loan.principal, loan.rate, loan.term_months, method=loan.method,
            grace_months=loan.grace_months, first_due=schedule.add_months(on, 1),
        )  # fmt: skip
        Instalment.objects.bulk_create(
            Instalment(
                loan=loan,
                number=r.number,
                due_date=r.due_date,
                principal=r.principal,
                interest=r.interest,
            )  # fmt: skip
            for r in rows
        )
        ledger.record(
            loan.pool, LedgerTransaction.Kind.DISBURSEMENT, loan.principal, by=by, loan=loan,
            booked_on=on, memo=str(loan.application),
        )  # fmt: skip
        audit.record(loan, "disbursed", by=by, from_state="awaiting", to_state="active",
                     data={"amount": str(loan.principal), "on": on.isoformat()})  # fmt: skip
    return loan


def record_payment(loan, *, by, amount: Decimal, paid_on: datetime.date) -> Payment:
    """Allocate a payment to the instalments in due order, interest first, then principal.

    Early payments go to the next instalments; late ones clear arrears first; anything beyond
    the whole debt is recorded as an overpayment to refund.
    """
    _require_coordinator(by)
    amount = to_ore(amount)
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != Loan.Status.ACTIVE:
            raise ValidationError(_("Payments can only be recorded on an active loan."))
        left = amount
        instalments = list(
            loan.instalments.filter(
                Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest"))
            ).order_by("number")
        )
        # First the interest of everything due by the payment date, then its principal; what is
        # left pays the next instalments early (interest, then principal, one at a time).
        before_interest = sum((i.paid_interest for i in instalments), ZERO)
        before_principal = sum((i.paid_principal for i in instalments), ZERO)
        due = [i for i in instalments if i.due_date <= paid_on] or instalments[:1]
        for field, total in (("paid_interest", "interest"), ("paid_principal", "principal")):
            for inst in due:
                pay = min(left, getattr(inst, total) - getattr(inst, field))
                setattr(inst, field, getattr(inst, field) + pay)
                left -= pay
        for inst in instalments[len(due) :]:
            for field, total in (("paid_interest", "interest"), ("paid_principal", "principal")):
                pay = min(left, getattr(inst, total) - getattr(inst, field))
                setattr(inst, field, getattr(inst, field) + pay)
                left -= pay
        interest_part = sum((i.paid_interest for i in instalments), ZERO) - before_interest
        principal_part = sum((i.paid_principal for i in instalments), ZERO) - before_principal
        Instalment.objects.bulk_update(instalments, ["paid_interest", "paid_principal"])
        payment = Payment.objects.create(
            loan=loan, amount=amount, paid_on=paid_on, interest_part=interest_part,
            principal_part=principal_part, excess=left, recorded_by=by,
        )  # fmt: skip
        ledger.record(
            loan.pool, LedgerTransaction.Kind.REPAYMENT, principal_part,
            interest=interest_part, excess=left, by=by, loan=loan, booked_on=paid_on,
        )  # fmt: skip
        if not loan.instalments.filter(
            Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest"))
        ).exists():
            loan.status = Loan.Status.REPAID
            loan.save(update_fields=["status"])
        audit.record(loan, "payment", by=by, data={
            "amount": str(amount), "interest": str(interest_part),
            "principal": str(principal_part), "excess": str(left), "paid_on": paid_on.isoformat(),
        })  # fmt: skip
    return payment


def outstanding_principal(loan) -> Decimal:
    from django.db.models import Sum

    agg = loan.instalments.aggregate(p=Sum("principal"), paid=Sum("paid_principal"))
    return to_ore((agg["p"] or 0) - (agg["paid"] or 0))


def request_write_off(loan, *, by, reason: str) -> Loan:
    _require_coordinator(by)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the write-off."))
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != Loan.Status.ACTIVE or loan.write_off_requested_by_id:
            raise ValidationError(_("This loan cannot be written off now."))
        loan.write_off_requested_by = by
        loan.write_off_reason = reason
        loan.save(update_fields=["write_off_requested_by", "write_off_reason"])
        audit.record(loan, "write_off_requested", by=by, reason=reason)
    return loan


def confirm_write_off(loan, *, by, on: datetime.date | None = None) -> Loan:
    _require_coordinator(by)
    on = on or timezone.localdate()
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != Loan.Status.ACTIVE or not loan.write_off_requested_by_id:
            raise ValidationError(_("No write-off is waiting for confirmation."))
        if loan.write_off_requested_by_id == by.pk:
            raise ValidationError(_("A second person must confirm the write-off."))
        remaining = outstanding_principal(loan)
        loan.status = Loan.Status.WRITTEN_OFF
        loan.written_off_by = by
        loan.written_off_on = on
        loan.save()
        if remaining > 0:
            ledger.record(loan.pool, LedgerTransaction.Kind.WRITE_OFF, remaining, by=by,
                          loan=loan, booked_on=on, memo=loan.write_off_reason)  # fmt: skip
        audit.record(loan, "written_off", by=by, from_state="active", to_state="written_off",
                     reason=loan.write_off_reason, data={"amount": str(remaining)})  # fmt: skip
    return loan


def release_guarantee(guarantee, *, by, on=None) -> Guarantee:
    return _close_guarantee(guarantee, by=by, on=on, status=Guarantee.Status.RELEASED)


def call_guarantee(guarantee, *, by, on=None) -> Guarantee:
    return _close_guarantee(guarantee, by=by, on=on, status=Guarantee.Status.CALLED)


def _close_guarantee(guarantee, *, by, on, status):
    _require_coordinator(by)
    on = on or timezone.localdate()
    with transaction.atomic():
        g = Guarantee.objects.select_for_update().get(pk=guarantee.pk)
        if g.status != Guarantee.Status.ACTIVE:
            raise ValidationError(_("The guarantee is no longer in force."))
        g.status = status
        g.closed_by = by
        g.closed_on = on
        g.save()
        if status == Guarantee.Status.CALLED:
            ledger.record(g.pool, LedgerTransaction.Kind.GUARANTEE_CALL, g.amount, by=by,
                          booked_on=on, memo=g.bank_name)  # fmt: skip
        audit.record(g, status, by=by, from_state="active", to_state=status)
    return g


def expire_guarantees(today: datetime.date | None = None) -> int:
    """Release the guarantees whose end date has passed (daily, from Celery beat): a guarantee
    no longer binds the pool after its end date, so it stops counting against what the pool
    can lend. Each is released once, with an audit event; returns how many."""
    today = today or timezone.localdate()
    released = 0
    due = Guarantee.objects.filter(status=Guarantee.Status.ACTIVE, ends_on__lt=today)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            g = Guarantee.objects.select_for_update().get(pk=pk)
            if g.status != Guarantee.Status.ACTIVE or g.ends_on >= today:
                continue
            g.status = Guarantee.Status.RELEASED
            g.closed_on = g.ends_on
            g.save(update_fields=["status", "closed_on"])
            audit.record(g, "expired", from_state="active", to_state="released",
                         reason=_("The guarantee's end date has passed."))  # fmt: skip
            released += 1
    return released


# --- Capital ----------------------------------------------------------------------------------


def refund_overpayment(payment, *, by, on=None) -> LedgerTransaction:
    """Pay back what a payment had in excess of the debt (coordinators), once."""
    _require_coordinator(by)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("loan").get(pk=payment.pk)
        if payment.excess <= 0 or payment.refunded_on:
            raise ValidationError(_("Nothing to refund on this payment."))
        payment.refunded_on = on or timezone.localdate()
        payment.save(update_fields=["refunded_on"])
        tx = ledger.record(payment.loan.pool, LedgerTransaction.Kind.REFUND, payment.excess,
                           by=by, loan=payment.loan, booked_on=payment.refunded_on)  # fmt: skip
        audit.record(payment.loan, "refund", by=by, data={"amount": str(payment.excess)})
    return tx


def levy_amount(fund, basis: Decimal) -> Decimal:
    """The levy on a revenue or surplus of ``basis`` kronor at the fund's rate."""
    return to_ore(Decimal(basis) * fund.levy_rate / 100)


def capital_movement(pool, operation: str, amount: Decimal, *, by, memo="", on=None):
    """A deposit, withdrawal or levy on a pool (coordinators). For a levy, ``amount`` is the
    revenue or surplus it is computed on (the fund's basis), at the fund's rate."""
    _require_coordinator(by)
    if operation not in ("deposit", "withdrawal", "levy"):
        raise ValidationError(_("Unknown capital movement."))
    if operation == "levy":
        basis = to_ore(amount)
        amount = levy_amount(pool.fund, basis)
        memo = f"{memo} ({pool.fund.get_levy_basis_display()} {basis}, {pool.fund.levy_rate} %)"
        if amount <= 0:
            raise ValidationError(_("The amount must be more than zero."))
    with transaction.atomic():
        if operation == "withdrawal" and ledger.pool_summary(pool)["available"] < amount:
            raise ValidationError(_("More than the capital available to lend."))
        tx = ledger.record(pool, operation, amount, by=by, memo=memo, booked_on=on)
        audit.record(pool, operation, by=by, reason=memo, data={"amount": str(to_ore(amount))})
    return tx


def reverse_entry(tx, *, by, reason: str = ""):
    """A correction: the reversing entry of a ledger transaction (coordinators), audited."""
    _require_coordinator(by)
    with transaction.atomic():
        reversal = ledger.reverse(tx, by=by, reason=reason)
        audit.record(tx.pool, "reversal", by=by, reason=reason,
                     data={"reverses": tx.pk, "reversal": reversal.pk})  # fmt: skip
    return reversal
