from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microfund.models import Application, CapitalPool, Decision, Document, Guarantor, Review
from microfund.money import AmountError, format_amount, parse_amount


class AmountField(forms.CharField):
    """An amount in kronor typed the Swedish way: "150 000,50" is parsed exactly."""

    def __init__(self, *, min_value=None, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("help_text", _("In kronor, for example 150 000,50."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if value in (None, "") or isinstance(value, str):
            return value
        return format_amount(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_amount(value)
        except AmountError:
            raise forms.ValidationError(
                _("Enter an amount in kronor, for example 150 000,50."), code="invalid"
            ) from None
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError(
                _("The amount must be at least %(min)s kr.") % {"min": self.min_value}
            )
        return amount


class EnquiryForm(forms.ModelForm):
    amount_wanted = AmountField(label=_("About how much (kr)"), min_value=1)

    class Meta:
        model = Application
        fields = ["title", "amount_wanted", "enquiry"]
        widgets = {"enquiry": forms.Textarea(attrs={"rows": 4})}


class ApplicationForm(forms.ModelForm):
    amount = AmountField(label=_("Amount (kr)"), required=False, min_value=1)
    bank_loan_amount = AmountField(label=_("Bank loan amount (kr)"), required=False, min_value=1)

    class Meta:
        model = Application
        fields = [
            "instrument", "method", "amount", "term_months", "grace_months", "purpose",
            "social_value", "jobs", "bank_name", "bank_loan_amount",
        ]  # fmt: skip
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "social_value": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "method": _("For a loan: annuity (equal payments) or straight amortisation."),
            "grace_months": _("Months with interest only before the repayments start (0–12)."),
            "social_value": _(
                "Who benefits, and which jobs it creates for people far from the labour market."
            ),
            "bank_name": _("Only for a guarantee."),
        }


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "file"]
        help_texts = {"file": _("PDF, Word, Excel or OpenDocument, at most 10 MB.")}


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest (jäv) in this application?"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],  # fmt: skip
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    explanation = forms.CharField(label=_("Explanation (if yes)"), required=False, max_length=500)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["social_impact", "feasibility", "repayment_capacity", "comment",
                  "recommendation"]  # fmt: skip
        widgets = {
            "social_impact": forms.NumberInput(attrs={"min": 0, "max": 5}),
            "feasibility": forms.NumberInput(attrs={"min": 0, "max": 5}),
            "repayment_capacity": forms.NumberInput(attrs={"min": 0, "max": 5}),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }


class DecisionForm(forms.ModelForm):
    amount = AmountField(label=_("Amount (kr)"), required=False, min_value=1)

    class Meta:
        model = Decision
        fields = [
            "outcome", "amount", "rate", "term_months", "grace_months", "conditions", "quorum",
            "votes_for", "votes_against", "votes_abstaining", "letter",
        ]  # fmt: skip
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "letter": forms.Textarea(attrs={"rows": 8}),
        }


class PaymentForm(forms.Form):
    amount = AmountField(label=_("Amount paid (kr)"), min_value=Decimal("0.01"))
    paid_on = forms.DateField(
        label=_("Paid on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WriteOffForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the write-off"), widget=forms.Textarea(attrs={"rows": 3})
    )


class GuarantorForm(forms.ModelForm):
    amount = AmountField(label=_("Guaranteed amount (kr)"), min_value=1)

    class Meta:
        model = Guarantor
        fields = ["name", "email", "amount"]


class CapitalForm(forms.Form):
    pool = forms.ModelChoiceField(label=_("Capital pool"), queryset=CapitalPool.objects.none())
    operation = forms.ChoiceField(
        label=_("Movement"),
        choices=[
            ("deposit", _("Capital deposit")),
            ("withdrawal", _("Capital withdrawal")),
            ("levy", _("Levy received")),
        ],  # fmt: skip
    )
    amount = AmountField(label=_("Amount (kr)"), min_value=Decimal("0.01"))
    memo = forms.CharField(label=_("Text"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = CapitalPool.objects.select_related("fund")
