"""The microfund: funds and capital pools, applications and their review, decisions, loans,
guarantees, repayments, and an append-only double-entry ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microfund import schedule
from microfund.workflow import PUBLIC_STATUS, State
from portal.uploads import DOCUMENTS, FileValidator, RandomName, get_private_storage

MONEY = {"max_digits": 14, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Fund(models.Model):
    class LevyBasis(models.TextChoices):
        REVENUE = "revenue", _("Revenue")
        SURPLUS = "surplus", _("Surplus")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(_("description"), blank=True)
    chair = models.ForeignKey(
        USER, verbose_name=_("committee chair"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    levy_rate = models.DecimalField(
        _("levy rate (%)"), max_digits=5, decimal_places=2, default=Decimal("5.00")
    )
    levy_basis = models.CharField(
        _("levy basis"), max_length=10, choices=LevyBasis.choices, default=LevyBasis.REVENUE
    )
    max_guarantee_share = models.DecimalField(
        _("largest guaranteed share of a bank loan (%)"), max_digits=5, decimal_places=2,
        default=Decimal("50.00"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CapitalPool(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="pools")
    name = models.CharField(_("name"), max_length=200)
    earmark = models.CharField(_("earmarked for"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("capital pool")
        verbose_name_plural = _("capital pools")
        ordering = ["fund__name", "name"]
        constraints = [models.UniqueConstraint(fields=["fund", "name"], name="mf_pool_unique")]

    def __str__(self):
        return f"{self.fund.name}: {self.name}"


# --- Ledger ---------------------------------------------------------------------------------


CHANGE_REFUSED = _("Ledger entries cannot be changed; post a reversing entry.")
DELETE_REFUSED = _("Ledger entries cannot be deleted; post a reversing entry.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(CHANGE_REFUSED)

    def delete(self):
        raise ValidationError(DELETE_REFUSED)


class AppendOnly(models.Model):
    """Rows that are never changed or deleted once written (not even by a bulk update)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(CHANGE_REFUSED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(DELETE_REFUSED)


class Account(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("Bank account")
        CAPITAL = "capital", _("Contributed capital")
        LEVY = "levy", _("Revenue and surplus levy")
        LOANS = "loans", _("Loans receivable")
        INTEREST = "interest", _("Interest income")
        LOSSES = "losses", _("Credit losses")
        REFUNDS = "refunds", _("Overpayments to refund")

    pool = models.ForeignKey(CapitalPool, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["pool_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "kind"], name="mf_account_unique"),
        ]

    def __str__(self):
        return f"{self.pool}: {self.get_kind_display()}"


class LedgerTransaction(AppendOnly):
    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Capital deposit")
        WITHDRAWAL = "withdrawal", _("Capital withdrawal")
        LEVY = "levy", _("Levy received")
        DISBURSEMENT = "disbursement", _("Loan disbursed")
        REPAYMENT = "repayment", _("Repayment")
        WRITE_OFF = "write_off", _("Write-off")
        GUARANTEE_CALL = "guarantee_call", _("Guarantee called")
        REFUND = "refund", _("Overpayment refunded")
        REVERSAL = "reversal", _("Reversal")

    pool = models.ForeignKey(CapitalPool, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    booked_on = models.DateField(_("booked on"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    loan = models.ForeignKey(
        "Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-booked_on", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.booked_on}"


class LedgerLine(AppendOnly):
    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="lines"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    # Debit positive, credit negative; a transaction's lines sum to zero.
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger lines")
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="mf_line_not_zero")]

    def __str__(self):
        return f"{self.account}: {self.amount}"


# --- Applications ---------------------------------------------------------------------------


class Instrument(models.TextChoices):
    LOAN = "loan", _("Loan")
    INTEREST_FREE = "interest_free", _("Interest-free loan")
    GUARANTEE = "guarantee", _("Guarantee for a bank loan")


class Method(models.TextChoices):
    ANNUITY = schedule.ANNUITY, _("Annuity")
    STRAIGHT = schedule.STRAIGHT, _("Straight amortisation")
    INTEREST_FREE = schedule.INTEREST_FREE, _("Interest-free")


class ApplicationQuerySet(models.QuerySet):
    def for_association(self, association):
        return self.filter(association=association)

    def for_committee(self):
        from microfund.workflow import COMMITTEE_VISIBLE

        return self.filter(state__in=COMMITTEE_VISIBLE)


class Application(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="applications")
    pool = models.ForeignKey(
        CapitalPool, verbose_name=_("capital pool"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="applications",
    )  # fmt: skip
    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="microfund_applications"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.ENQUIRY, db_index=True
    )
    # The enquiry
    title = models.CharField(_("what is it for"), max_length=200)
    amount_wanted = models.DecimalField(_("about how much (kr)"), **MONEY)
    enquiry = models.TextField(_("why, in a few sentences"))
    # The full application
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, blank=True
    )
    method = models.CharField(_("amortisation"), max_length=20, choices=Method.choices, blank=True)
    amount = models.DecimalField(_("amount (kr)"), null=True, blank=True, **MONEY)
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )  # fmt: skip
    grace_months = models.PositiveSmallIntegerField(
        _("grace months"), default=0, validators=[MaxValueValidator(12)]
    )
    purpose = models.TextField(_("purpose"), blank=True)
    social_value = models.TextField(_("social value"), blank=True)
    jobs = models.PositiveSmallIntegerField(
        _("jobs for people far from the labour market"), null=True, blank=True
    )
    bank_name = models.CharField(_("bank (for a guarantee)"), max_length=200, blank=True)
    bank_loan_amount = models.DecimalField(
        _("bank loan amount (kr)"), null=True, blank=True, **MONEY
    )
    submitted_snapshot = models.JSONField(default=dict, blank=True)
    previous_snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    state_changed_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_wanted__gt=0), name="mf_app_amount_wanted"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="mf_app_amount_pos"
            ),
        ]

    def __str__(self):
        return f"{self.association.name}: {self.title}"

    def get_absolute_url(self):
        return reverse("microfund:application", args=[self.pk])

    @property
    def public_status(self):
        return PUBLIC_STATUS[State(self.state)]

    @property
    def is_editable(self):
        from microfund.workflow import EDITABLE

        return self.state in EDITABLE


class StatusNotice(models.Model):
    """One row per change of public status; the e-mail task claims ``sent_at`` (sent once)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    public_status = models.CharField(max_length=30)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("status notice")
        verbose_name_plural = _("status notices")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.public_status}"


class Document(models.Model):
    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", _("Business plan")
        BUDGET = "budget", _("Budget and cash-flow budget")
        ANNUAL_REPORT = "annual_report", _("Latest annual report")
        REGISTRATION = "registration", _("Registration certificate")
        STATUTES = "statutes", _("Statutes")
        BOARD_DECISION = "board_decision", _("Board decision")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to=RandomName("microfund"), storage=get_private_storage,
        validators=[FileValidator(kinds=DOCUMENTS, max_size=10 * 1024 * 1024)],
    )  # fmt: skip
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


REQUIRED_DOCUMENTS = (
    Document.Kind.BUSINESS_PLAN,
    Document.Kind.BUDGET,
    Document.Kind.ANNUAL_REPORT,
    Document.Kind.REGISTRATION,
    Document.Kind.STATUTES,
    Document.Kind.BOARD_DECISION,
)


class Guarantor(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="guarantors"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    amount = models.DecimalField(_("guaranteed amount (kr)"), **MONEY)

    class Meta:
        verbose_name = _("personal guarantor")
        verbose_name_plural = _("personal guarantors")

    def __str__(self):
        return self.name


class ConflictDeclaration(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="declarations"
    )
    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    has_conflict = models.BooleanField(_("I have a conflict of interest (jäv)"))
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="mf_declaration_once")
        ]

    def __str__(self):
        return f"{self.application_id}/{self.member_id}: {self.has_conflict}"


SCORE = [MinValueValidator(0), MaxValueValidator(5)]


class Review(models.Model):
    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        CONDITIONS = "conditions", _("Approve with conditions")
        REJECT = "reject", _("Reject")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    social_impact = models.PositiveSmallIntegerField(_("social impact"), validators=SCORE)
    feasibility = models.PositiveSmallIntegerField(_("feasibility"), validators=SCORE)
    repayment_capacity = models.PositiveSmallIntegerField(_("repayment capacity"), validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="mf_review_once"),
            models.CheckConstraint(
                condition=Q(social_impact__lte=5, feasibility__lte=5, repayment_capacity__lte=5),
                name="mf_review_scores",
            ),
        ]

    def __str__(self):
        return f"{self.application_id}/{self.reviewer_id}"

    @property
    def total(self):
        return self.social_impact + self.feasibility + self.repayment_capacity


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = State.APPROVED.value, _("Approved")
        APPROVED_WITH_CONDITIONS = (
            State.APPROVED_WITH_CONDITIONS.value,
            _("Approved with conditions"),
        )
        REJECTED = State.REJECTED.value, _("Rejected")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(_("amount (kr)"), null=True, blank=True, **MONEY)
    rate = models.DecimalField(
        _("interest (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(15)],
    )  # fmt: skip
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )  # fmt: skip
    grace_months = models.PositiveSmallIntegerField(
        _("grace months"), default=0, validators=[MaxValueValidator(12)]
    )
    conditions = models.TextField(_("conditions"), blank=True)
    quorum = models.PositiveSmallIntegerField(_("members present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    votes_abstaining = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    letter = models.TextField(_("decision letter"))
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=15), name="mf_decision_rate")
        ]

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"


# --- Loans and guarantees -------------------------------------------------------------------


class Loan(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved, not disbursed")
        AWAITING = "awaiting", _("Disbursement awaiting confirmation")
        ACTIVE = "active", _("Active")
        REPAID = "repaid", _("Repaid")
        WRITTEN_OFF = "written_off", _("Written off")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="loan")
    pool = models.ForeignKey(CapitalPool, on_delete=models.PROTECT, related_name="loans")
    principal = models.DecimalField(_("principal"), **MONEY)
    rate = models.DecimalField(_("interest (%)"), max_digits=5, decimal_places=2)
    method = models.CharField(_("amortisation"), max_length=20, choices=Method.choices)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    grace_months = models.PositiveSmallIntegerField(_("grace months"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    disbursement_requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disbursement_requested_at = models.DateTimeField(null=True, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    disbursement_confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    write_off_requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    write_off_reason = models.TextField(_("reason for the write-off"), blank=True)
    written_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_off_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="mf_loan_principal"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=15), name="mf_loan_rate"),
        ]

    def __str__(self):
        return f"{_('Loan')} {self.pk}: {self.application.association.name}"

    def get_absolute_url(self):
        return reverse("microfund:loan", args=[self.pk])


class Instalment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField(db_index=True)
    principal = models.DecimalField(**MONEY)
    interest = models.DecimalField(**MONEY)
    paid_principal = models.DecimalField(default=Decimal("0"), **MONEY)
    paid_interest = models.DecimalField(default=Decimal("0"), **MONEY)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    overdue_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["loan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="mf_instalment_unique"),
            models.CheckConstraint(
                condition=Q(paid_principal__lte=models.F("principal"))
                & Q(paid_interest__lte=models.F("interest")),
                name="mf_instalment_not_overpaid",
            ),
        ]

    def __str__(self):
        return f"{self.loan_id} #{self.number} {self.due_date}"

    @property
    def total(self):
        return self.principal + self.interest

    @property
    def outstanding(self):
        return self.principal + self.interest - self.paid_principal - self.paid_interest


class Payment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (kr)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    interest_part = models.DecimalField(**MONEY)
    principal_part = models.DecimalField(**MONEY)
    excess = models.DecimalField(_("overpaid, to refund"), default=Decimal("0"), **MONEY)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="mf_payment_pos")]

    def __str__(self):
        return f"{self.loan_id}: {self.amount} {self.paid_on}"


class Guarantee(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        RELEASED = "released", _("Released")
        CALLED = "called", _("Called")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="guarantee"
    )
    pool = models.ForeignKey(CapitalPool, on_delete=models.PROTECT, related_name="guarantees")
    bank_name = models.CharField(_("bank"), max_length=200)
    bank_loan_amount = models.DecimalField(_("bank loan (kr)"), **MONEY)
    share = models.DecimalField(_("share guaranteed (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount guaranteed (kr)"), **MONEY)
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("guarantee")
        verbose_name_plural = _("guarantees")
        constraints = [
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="mf_g_share")
        ]

    def __str__(self):
        return f"{_('Guarantee')} {self.pk}: {self.bank_name}"


class DigestRun(models.Model):
    """One row per periodic mailing (a week's digest, a month's report): claimed once."""

    key = models.CharField(max_length=40, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("periodic mailing")
        verbose_name_plural = _("periodic mailings")

    def __str__(self):
        return self.key
