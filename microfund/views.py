"""Thin views: permission check → form → service → redirect with a message."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microfund import reports, services, workflow
from microfund.forms import (
    ApplicationForm,
    CapitalForm,
    DecisionForm,
    DeclarationForm,
    DocumentForm,
    EnquiryForm,
    GuarantorForm,
    PaymentForm,
    ReviewForm,
    WriteOffForm,
)
from microfund.models import Application, Document, Fund, Guarantee, Guarantor, Loan, Review
from microfund.workflow import State
from portal import audit
from portal.pagecache import cache_private_page
from portal.permissions import (
    COORDINATORS,
    FUND_COMMITTEE,
    active_association,
    is_association_admin,
    is_coordinator,
    is_fund_committee,
    role_required,
)
from portal.uploads import serve_private_file


def business_date(request) -> datetime.date:
    """The day due logic is computed for: ``?date=YYYY-MM-DD`` or today."""
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


def _error(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form):
    """Every error of an invalid form as a message."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- Access --------------------------------------------------------------------------------


def _applicant_application(request, pk) -> Application:
    """The application, for an admin of its association (or a coordinator); 404 otherwise."""
    app = get_object_or_404(Application.objects.select_related("association", "fund"), pk=pk)
    if not (is_association_admin(request.user, app.association) or is_coordinator(request.user)):
        raise Http404
    return app


def _editable_application(request, pk) -> Application:
    """The applicant's application while it may still be changed; 403 once it may not."""
    app = _applicant_application(request, pk)
    if not app.is_editable:
        raise PermissionDenied
    return app


def _may_see_documents(user, app) -> bool:
    if is_association_admin(user, app.association) or is_coordinator(user):
        return True
    return app.state in workflow.COMMITTEE_VISIBLE and services.may_assess(user, app)


# --- Public and applicant pages ---------------------------------------------------------------


def index(request):
    association = active_association(request) if request.user.is_authenticated else None
    mine = []
    if association and is_association_admin(request.user, association):
        mine = list(Application.objects.for_association(association).select_related("fund"))
    return render(request, "microfund/index.html", {
        "funds": Fund.objects.prefetch_related("pools"),
        "association": association,
        "is_admin": bool(association and is_association_admin(request.user, association)),
        "applications": mine,
    })  # fmt: skip


@login_required
def enquiry(request):
    association = active_association(request)
    if association is None or not is_association_admin(request.user, association):
        raise PermissionDenied
    fund = Fund.objects.order_by("pk").first()
    if fund is None:
        raise Http404
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.create_enquiry(
                association=association, fund=fund, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Thank you! We will answer your enquiry soon."))
            return redirect(app)
    return render(request, "microfund/enquiry.html", {"form": form, "association": association})


@login_required
def application(request, pk):
    app = _applicant_application(request, pk)
    decision = getattr(app, "decision", None) if app.state in workflow.DECIDED else None
    loan = Loan.objects.filter(application=app).first()
    return render(request, "microfund/application.html", {
        "app": app,
        "documents": app.documents.all(),
        "missing": services.missing(app) if app.is_editable else [],
        "changes": services.changes(app, labels=True),
        "decision": decision,
        "loan": loan,
        "history": [
            (e, workflow.TRANSITIONS[e.action].label if e.action in workflow.TRANSITIONS
             else State(e.to_state).label if e.to_state in State.values else e.action)
            for e in audit.history(app) if e.to_state
        ],
        "can_withdraw": app.state not in workflow.FINAL,
        "is_coordinator": is_coordinator(request.user),
        "coordinator_steps": workflow.available(app.state, workflow.COORDINATOR)
        if is_coordinator(request.user) else [],
        "document_form": DocumentForm() if app.is_editable else None,
        "guarantors": app.guarantors.all(),
        "guarantor_form": GuarantorForm() if app.is_editable else None,
    })  # fmt: skip


@login_required
def application_edit(request, pk):
    app = _applicant_application(request, pk)
    if not app.is_editable:
        messages.error(request, _("The application cannot be changed now."))
        return redirect(app)
    form = ApplicationForm(request.POST or None, instance=app)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(app, "edited", by=request.user)
        if "submit" in request.POST:
            try:
                services.submit(app, by=request.user)
            except ValidationError as exc:
                _error(request, exc)
                return redirect("microfund:application", pk=app.pk)
            messages.success(request, _("The application has been submitted."))
        else:
            messages.success(request, _("The draft has been saved."))
        return redirect(app)
    return render(request, "microfund/application_form.html", {
        "app": app, "form": form, "missing": services.missing(app),
    })  # fmt: skip


@login_required
@require_POST
def application_step(request, pk, name):
    """Applicant steps (start, submit, withdraw) and coordinator steps (invite, screen…)."""
    app = get_object_or_404(Application.objects.select_related("association", "fund"), pk=pk)
    if not (is_association_admin(request.user, app.association) or is_coordinator(request.user)):
        raise Http404
    if name not in workflow.TRANSITIONS or workflow.TRANSITIONS[name].who == workflow.CHAIR:
        raise Http404
    try:
        if name in ("submit", "resubmit"):
            services.submit(app, by=request.user)
        else:
            services.transition(app, name, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": workflow.TRANSITIONS[name].label})
    return redirect(app)


@login_required
@require_POST
def document_upload(request, pk):
    app = _editable_application(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_document(
            app, form.save(commit=False), by=request.user, original_name=request.FILES["file"].name
        )
        messages.success(request, _("The document has been uploaded."))
    else:
        _form_errors(request, form)
    return redirect(app)


@login_required
@require_POST
def document_delete(request, pk):
    doc = get_object_or_404(Document, pk=pk)
    app = _editable_application(request, doc.application_id)
    services.remove_document(doc, by=request.user)
    messages.success(request, _("The document has been removed."))
    return redirect(app)


@login_required
@require_POST
def guarantor_add(request, pk):
    app = _editable_application(request, pk)
    form = GuarantorForm(request.POST)
    if form.is_valid():
        services.add_guarantor(app, form.save(commit=False), by=request.user)
        messages.success(request, _("The guarantor has been added."))
    else:
        _form_errors(request, form)
    return redirect(app)


@login_required
@require_POST
def guarantor_remove(request, pk):
    guarantor = get_object_or_404(Guarantor, pk=pk)
    app = _editable_application(request, guarantor.application_id)
    services.remove_guarantor(guarantor, by=request.user)
    messages.success(request, _("The guarantor has been removed."))
    return redirect(app)


@login_required
def document_download(request, pk):
    doc = get_object_or_404(Document.objects.select_related("application__association"), pk=pk)
    if not _may_see_documents(request.user, doc.application):
        raise Http404
    return serve_private_file(doc.file, doc.original_name)


# --- Committee --------------------------------------------------------------------------------


@role_required(FUND_COMMITTEE)
def committee(request):
    apps = (
        Application.objects.for_committee()
        .select_related("association", "fund")
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by("state", "state_changed_at")
    )
    declared = {
        d.application_id: d
        for d in services.ConflictDeclaration.objects.filter(member=request.user)
    }
    rows = [(a, declared.get(a.pk)) for a in apps]
    return render(request, "microfund/committee.html", {"rows": rows})


def _committee_application(request, pk):
    if not is_fund_committee(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Application.objects.for_committee().select_related("association", "fund"), pk=pk
    )


@role_required(FUND_COMMITTEE)
def committee_application(request, pk):
    app = _committee_application(request, pk)
    declaration = services.declaration_of(app, request.user)
    context = {"app": app, "declaration": declaration}
    if declaration is None:
        context["form"] = DeclarationForm()
    elif not declaration.has_conflict:
        own = Review.objects.filter(application=app, reviewer=request.user).first()
        context.update({
            "documents": app.documents.all(),
            "guarantors": app.guarantors.all(),
            "reviews": app.reviews.all(),
            "changes": services.changes(app, labels=True),
            "review_form": ReviewForm(instance=own) if app.state == State.IN_REVIEW else None,
            "is_chair": services.is_chair(request.user, app.fund),
            "decision": getattr(app, "decision", None) if app.state in workflow.DECIDED else None,
        })  # fmt: skip
    return render(request, "microfund/committee_application.html", context)


@role_required(FUND_COMMITTEE)
@require_POST
def committee_declare(request, pk):
    app = _committee_application(request, pk)
    form = DeclarationForm(request.POST)
    if form.is_valid():
        try:
            services.declare(app, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, _("Answer whether you have a conflict of interest."))
    return redirect("microfund:committee_application", pk=app.pk)


@role_required(FUND_COMMITTEE)
@require_POST
def committee_review(request, pk):
    app = _committee_application(request, pk)
    if not services.may_assess(request.user, app):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review(app, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your assessment has been saved."))
    else:
        messages.error(request, _("Scores are whole numbers from 0 to 5."))
    return redirect("microfund:committee_application", pk=app.pk)


@role_required(FUND_COMMITTEE)
def committee_decide(request, pk):
    app = _committee_application(request, pk)
    if not (services.may_assess(request.user, app) and services.is_chair(request.user, app.fund)):
        raise PermissionDenied
    if app.state != State.IN_REVIEW:
        return redirect("microfund:committee_application", pk=app.pk)
    initial = {"amount": app.amount, "term_months": app.term_months,
               "grace_months": app.grace_months}  # fmt: skip
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = data.pop("outcome")
        try:
            services.decide(app, by=request.user, outcome=outcome, **data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("microfund:committee_application", pk=app.pk)
    return render(request, "microfund/decide.html", {"app": app, "form": form})


# --- Loans and guarantees --------------------------------------------------------------------


def _loan_for(request, pk) -> Loan:
    loan = get_object_or_404(
        Loan.objects.select_related("application__association", "pool__fund"), pk=pk
    )
    user = request.user
    if not (
        is_coordinator(user)
        or is_association_admin(user, loan.application.association)
        or (is_fund_committee(user) and services.may_assess(user, loan.application))
    ):
        raise Http404
    return loan


@login_required
def loan(request, pk):
    loan = _loan_for(request, pk)
    day = business_date(request)
    annotated = reports.loans_with_arrears(day).filter(pk=loan.pk).first()
    state = reports.loan_state(annotated, day) if annotated else None
    return render(request, "microfund/loan.html", {
        "loan": loan,
        "day": day,
        "state": state,
        "instalments": loan.instalments.all(),
        "payments": loan.payments.select_related("recorded_by"),
        "is_coordinator": is_coordinator(request.user),
        "payment_form": PaymentForm(initial={"paid_on": day}),
        "write_off_form": WriteOffForm(),
        "history": audit.history(loan),
    })  # fmt: skip


@role_required(COORDINATORS)
@require_POST
def loan_disburse(request, pk):
    loan = get_object_or_404(Loan, pk=pk)
    try:
        if loan.status == Loan.Status.APPROVED:
            services.request_disbursement(loan, by=request.user)
            messages.success(request, _("Disbursement registered; a second person must confirm."))
        else:
            services.confirm_disbursement(loan, by=request.user, on=business_date(request))
            messages.success(request, _("The disbursement is confirmed; the schedule is ready."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect(loan)


@role_required(COORDINATORS)
@require_POST
def loan_payment(request, pk):
    loan = get_object_or_404(Loan, pk=pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = services.record_payment(loan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The payment has been recorded."))
            if payment.excess:
                messages.warning(request, _("The payment was more than the debt; refund the rest."))
    else:
        _form_errors(request, form)
    return redirect(loan)


@role_required(COORDINATORS)
@require_POST
def loan_write_off(request, pk):
    loan = get_object_or_404(Loan, pk=pk)
    try:
        if loan.write_off_requested_by_id is None:
            form = WriteOffForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.request_write_off(loan, by=request.user, reason=reason)
            messages.success(request, _("Write-off registered; a second person must confirm."))
        else:
            services.confirm_write_off(loan, by=request.user, on=business_date(request))
            messages.success(request, _("The loan has been written off."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect(loan)


@role_required(COORDINATORS)
@require_POST
def guarantee_close(request, pk, action):
    guarantee = get_object_or_404(Guarantee.objects.select_related("application"), pk=pk)
    actions = {"release": services.release_guarantee, "call": services.call_guarantee}
    if action not in actions:
        raise Http404
    try:
        actions[action](guarantee, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The guarantee has been updated."))
    return redirect(guarantee.application)


# --- Reports ------------------------------------------------------------------------------------


@role_required(COORDINATORS)
@require_POST
def capital(request):
    form = CapitalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.capital_movement(
                data["pool"], data["operation"], data["amount"], by=request.user, memo=data["memo"]
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The capital movement has been booked."))
    else:
        _form_errors(request, form)
    return redirect("microfund:reports")


@role_required(COORDINATORS, FUND_COMMITTEE)
@cache_private_page("microfund")
def report(request):
    day = business_date(request)
    coordinator = is_coordinator(request.user)
    pools = reports.capital()
    capital_form = None
    if coordinator:
        capital_form = CapitalForm()  # its choices from the pools just read: no second query
        capital_form.fields["pool"].choices = [("", "---------")] + [
            (row["pool"].pk, str(row["pool"])) for row in pools
        ]
    return render(request, "microfund/reports.html", {
        "capital_form": capital_form,
        "open_applications": Application.objects.exclude(state__in=workflow.FINAL)
        .select_related("association").order_by("state_changed_at")[:200] if coordinator else [],
        "day": day,
        "portfolio": reports.portfolio(day),
        "pools": pools,
        "funnel": reports.funnel(),
        "guarantees": Guarantee.objects.select_related(
            "application__association", "application__decision", "pool"
        ),
        "loans": Loan.objects.select_related("application__association")
        .exclude(status=Loan.Status.REPAID)[:200],
    })  # fmt: skip


@role_required(COORDINATORS, FUND_COMMITTEE)
def report_csv(request):
    day = business_date(request)
    response = HttpResponse(reports.portfolio_csv(day), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mikrofond-portfolj-{day}.csv"'
    return response
