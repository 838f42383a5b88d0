from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Category, MemberCount, Membership
from associations.validators import normalise_org_number
from portal.markdown import render_markdown

FIELDS = [
    "name",
    "legal_form",
    "org_number",
    "categories",
    "district",
    "purpose",
    "activities",
    "contact_email",
    "phone",
    "website",
    "address",
    "logo",
    "founded_year",
    "is_work_integrating",
    "is_public",
]


class AssociationForm(forms.ModelForm):
    """Register or edit an association. After approval the organisation number is locked
    except for coordinators (``can_change_org_number``)."""

    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Association
        fields = FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        error_messages = {
            "org_number": {
                "unique": _("An association with this organisation number is already registered.")
            },
        }

    def __init__(self, *args, can_change_org_number: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_number"].required = True
        self.fields["name"].error_messages["required"] = _("Enter the association's name.")
        self.fields["org_number"].error_messages["required"] = _(
            "Enter the organisation number (NNNNNN-NNNN)."
        )
        approved = self.instance.approved_at is not None or self.instance.status in {
            Association.Status.APPROVED,
            Association.Status.UPDATE_DUE,
            Association.Status.LAPSED,
        }
        locked = self.instance.pk and approved and not can_change_org_number
        #: Shown as text instead of a field: after approval only coordinators change it (and
        #: a locked number is not validated again, so an old register entry stays editable).
        self.locked_org_number = self.instance.org_number if locked else None
        if locked:
            del self.fields["org_number"]
        if self.instance.pk:
            self.initial["categories"] = list(self.instance.categories.values_list("pk", flat=True))
        self.fields["founded_year"].widget.attrs.update({"min": 1600, "max": timezone.now().year})

    def clean_org_number(self):
        value = self.cleaned_data.get("org_number")
        return normalise_org_number(value) if value else value

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the association's name."))
        return name

    def clean_founded_year(self):
        year = self.cleaned_data.get("founded_year")
        if year and year > timezone.now().year:
            raise forms.ValidationError(_("The founding year cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        for field in ("purpose", "activities"):
            # Markdown is stored as written and sanitised when shown; refuse nothing but make
            # sure it renders.
            render_markdown(cleaned.get(field) or "")
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class MemberCountForm(forms.ModelForm):
    class Meta:
        model = MemberCount
        fields = ["year", "age_0_6", "age_7_25", "age_26_64", "age_65_plus"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant sees it)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(
        label=_("Dry run: only check the rows"), required=False, initial=True
    )
