from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from microfund import models, services


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is append-only: nothing is added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LedgerLineInline(admin.TabularInline):
    model = models.LedgerLine
    extra = 0
    can_delete = False
    readonly_fields = ["account", "amount"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description=_("Post reversing entries (corrections)"))
def reverse_entries(modeladmin, request, queryset):
    done = 0
    for tx in queryset:
        try:
            services.reverse_entry(tx, by=request.user, reason=f"Rättelse av #{tx.pk}")
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            modeladmin.message_user(request, f"#{tx.pk}: {exc}", messages.ERROR)
    modeladmin.message_user(request, _("%(n)d reversing entries posted.") % {"n": done})


@admin.register(models.LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "booked_on", "kind", "pool", "loan", "memo", "reverses"]
    list_filter = ["kind", "pool"]
    search_fields = ["memo"]
    list_select_related = ["pool__fund", "loan__application__association", "reverses"]
    inlines = [LedgerLineInline]
    date_hierarchy = "booked_on"
    actions = [reverse_entries]


@admin.register(models.LedgerLine)
class LedgerLineAdmin(ReadOnlyAdmin):
    list_display = ["transaction", "account", "amount"]
    list_filter = ["account__kind", "account__pool"]
    list_select_related = ["transaction", "account__pool__fund"]


@admin.register(models.Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["pool", "kind"]
    list_filter = ["kind"]
    list_select_related = ["pool__fund"]


class PoolInline(admin.TabularInline):
    model = models.CapitalPool
    extra = 0


@admin.register(models.Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "chair", "levy_rate", "levy_basis"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PoolInline]
    list_select_related = ["chair"]


@admin.register(models.CapitalPool)
class CapitalPoolAdmin(admin.ModelAdmin):
    list_display = ["name", "fund", "earmark"]
    list_filter = ["fund"]
    search_fields = ["name"]
    list_select_related = ["fund"]


class DocumentInline(admin.TabularInline):
    model = models.Document
    extra = 0
    fields = ["kind", "original_name", "uploaded_at"]
    readonly_fields = fields


class GuarantorInline(admin.TabularInline):
    model = models.Guarantor
    extra = 0


def _step(name, label):
    def action(modeladmin, request, queryset):
        done = 0
        for app in queryset:
            try:
                services.transition(app, name, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                modeladmin.message_user(request, f"{app}: {exc}", messages.ERROR)
        modeladmin.message_user(request, _("%(n)d applications changed.") % {"n": done})

    action.__name__ = f"step_{name}"
    action.short_description = label
    return action


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "association", "fund", "state", "amount_wanted", "amount",
                    "state_changed_at"]  # fmt: skip
    list_filter = ["state", "fund", "instrument"]
    search_fields = ["title", "association__name"]
    list_select_related = ["association", "fund"]
    readonly_fields = ["state", "submitted_snapshot", "previous_snapshot", "state_changed_at"]
    inlines = [DocumentInline, GuarantorInline]
    actions = [
        _step("invite", _("Invite to apply")),
        _step("screen", _("Start screening")),
        _step("send_to_review", _("Send to the committee")),
    ]


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "application", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["application__association"]
    exclude = ["file"]
    readonly_fields = ["application", "original_name", "uploaded_by", "uploaded_at"]


@admin.register(models.Guarantor)
class GuarantorAdmin(admin.ModelAdmin):
    list_display = ["name", "application", "amount"]
    search_fields = ["name"]
    list_select_related = ["application"]


@admin.register(models.ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "has_conflict", "declared_at"]
    list_filter = ["has_conflict"]
    list_select_related = ["application", "member"]


@admin.register(models.Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "social_impact", "feasibility", "repayment_capacity",
                    "recommendation"]  # fmt: skip
    list_select_related = ["application"]


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "amount", "rate", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["application"]


class InstalmentInline(admin.TabularInline):
    model = models.Instalment
    extra = 0
    can_delete = False
    readonly_fields = ["number", "due_date", "principal", "interest", "paid_principal",
                       "paid_interest"]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "principal", "rate", "status", "disbursed_on", "pool"]
    list_filter = ["status", "pool"]
    search_fields = ["application__association__name"]
    list_select_related = ["application__association", "pool__fund"]
    readonly_fields = [f.name for f in models.Loan._meta.fields]
    inlines = [InstalmentInline]

    def has_add_permission(self, request):
        return False


@admin.register(models.Instalment)
class InstalmentAdmin(ReadOnlyAdmin):
    list_display = ["loan", "number", "due_date", "principal", "interest", "paid_principal"]
    list_select_related = ["loan__application__association"]


@admin.action(description=_("Refund the overpaid part"))
def refund_overpayments(modeladmin, request, queryset):
    for payment in queryset:
        try:
            services.refund_overpayment(payment, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            modeladmin.message_user(request, f"{payment}: {exc}", messages.ERROR)


@admin.register(models.Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["loan", "amount", "paid_on", "interest_part", "principal_part", "excess",
                    "refunded_on"]  # fmt: skip
    actions = [refund_overpayments]
    list_select_related = ["loan__application__association"]


@admin.register(models.Guarantee)
class GuaranteeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "application", "amount", "status", "ends_on"]
    list_filter = ["status"]
    list_select_related = ["application__association"]
    readonly_fields = ["status", "closed_by", "closed_on"]


@admin.register(models.StatusNotice)
class StatusNoticeAdmin(ReadOnlyAdmin):
    list_display = ["application", "public_status", "created_at", "sent_at"]
    list_select_related = ["application"]


@admin.register(models.DigestRun)
class DigestRunAdmin(ReadOnlyAdmin):
    list_display = ["key", "sent_at"]
