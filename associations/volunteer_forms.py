"""Forms and filters of volunteer brokering."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from associations.models import (
    Application,
    Assignment,
    Category,
    District,
    Skill,
    Slot,
    VolunteerProfile,
    slots_from_mask,
    slots_to_mask,
)


class SlotsField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Slot.choices)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssignmentForm(forms.ModelForm):
    when = SlotsField(label=_("When in the week (ongoing assignments)"))

    class Meta:
        model = Assignment
        fields = [
            "title",
            "description",
            "category",
            "skills",
            "district",
            "is_remote",
            "starts_at",
            "ends_at",
            "hours_per_week",
            "places",
            "min_age",
            "contact_person",
            "apply_by",
        ]
        widgets = {
            "skills": forms.CheckboxSelectMultiple,
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "apply_by": DateInput(),
        }
        help_texts = {
            "starts_at": _("Leave empty for an ongoing assignment."),
        }

    field_order = [
        "title", "description", "category", "skills", "district", "is_remote", "starts_at",
        "ends_at", "hours_per_week", "when",
    ]  # fmt: skip

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        from portal.models import User

        self.fields["contact_person"].queryset = User.objects.filter(
            memberships__association=association
        ).order_by("display_name", "email")
        self.fields["places"].min_value = 1
        self.fields["when"].initial = slots_from_mask(self.instance.slots)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if ends and not starts:
            self.add_error("starts_at", _("Give the start as well as the end."))
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must be after the start."))
        if not starts and not data.get("hours_per_week"):
            self.add_error(
                "hours_per_week", _("Give hours per week for an ongoing assignment, or a date.")
            )
        if not data.get("district") and not data.get("is_remote"):
            self.add_error("district", _("Choose a district, or mark the assignment as remote."))
        if data.get("places") is not None and data["places"] < 1:
            self.add_error("places", _("At least one place."))
        return data

    def save(self, commit=True):
        self.instance.association = self.association
        self.instance.slots = slots_to_mask(self.cleaned_data.get("when"))
        return super().save(commit)


class ApplyForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["message"]
        labels = {"message": _("Message to the association")}
        help_texts = {"message": _("Tell them a little about yourself and when you can help.")}
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assignment is not None and assignment.min_age:
            # A confirmation, not a date of birth: the portal keeps no more than it needs.
            self.fields["confirms_age"] = forms.BooleanField(
                label=_("I am %(age)s years old or older.") % {"age": assignment.min_age},
                required=True,
                error_messages={
                    "required": _("Confirm that you are %(age)s years old or older.")
                    % {"age": assignment.min_age}
                },
            )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why close it?"), choices=Assignment.CloseReason.choices)


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the association)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ProfileForm(forms.ModelForm):
    when = SlotsField(label=_("When I can help"))

    class Meta:
        model = VolunteerProfile
        fields = [
            "skills",
            "categories",
            "districts",
            "presentation",
            "contactable",
            "notify_accepted",
            "notify_declined",
        ]
        widgets = {
            "skills": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "presentation": forms.Textarea(attrs={"rows": 4}),
        }

    field_order = ["skills", "categories", "districts", "when", "presentation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].initial = slots_from_mask(self.instance.availability)

    def save(self, commit=True):
        self.instance.availability = slots_to_mask(self.cleaned_data.get("when"))
        return super().save(commit)


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all()
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"), field_name="skills", queryset=Skill.objects.all()
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all()
    )
    remote = django_filters.BooleanFilter(
        label=_("Remote"), field_name="is_remote", widget=forms.CheckboxInput
    )
    ongoing = django_filters.BooleanFilter(
        label=_("Ongoing"), method="filter_ongoing", widget=forms.CheckboxInput
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="starts_at", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="starts_at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = Assignment
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(association__name__icontains=value)
        )

    def filter_ongoing(self, queryset, name, value):
        return queryset.filter(starts_at__isnull=True) if value else queryset

    def filter_queryset(self, queryset):
        # Boolean checkboxes: unchecked means "no filter", not "only non-remote".
        for name in ("remote", "ongoing"):
            if not self.form.cleaned_data.get(name):
                self.form.cleaned_data[name] = None
        return super().filter_queryset(queryset)
