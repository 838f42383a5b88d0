"""The public directory's filters (django-filter). Other apps may extend ``AssociationFilter``
with their own (open assignments, shared resources) by annotating ``Association.objects.public()``."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Assignment, Association, Category, District
from resources.models import Resource

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "newest": ("-approved_at", "-pk"),
    "district": ("district__name", "name", "pk"),
}


def open_assignments_exist():
    """True for an association with a published assignment still taking applications
    (``Assignment.objects.open()`` without its join back to the association: the directory
    lists approved associations only)."""
    today = timezone.localdate()
    return Exists(
        Assignment.objects.filter(
            Q(apply_by__isnull=True) | Q(apply_by__gte=today),
            association_id=OuterRef("pk"),
            status=Assignment.Status.PUBLISHED,
            needs_approval=False,
        )
    )


def shared_resources_exist():
    """True for an association owning an active resource that others may book."""
    return Exists(Resource.objects.shared().filter(owner_id=OuterRef("pk")))


class AssociationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        field_name="categories",
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("All categories"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label=_("All districts"),
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=Association.LegalForm.choices, empty_label=_("All forms")
    )
    work_integrating = django_filters.BooleanFilter(
        label=_("Only work-integrating social enterprises"),
        field_name="is_work_integrating",
        widget=forms.CheckboxInput,
        method="only_true",
    )
    has_assignments = django_filters.BooleanFilter(
        label=_("Only associations with open volunteer assignments"),
        widget=forms.CheckboxInput,
        method="with_open_assignments",
    )
    has_resources = django_filters.BooleanFilter(
        label=_("Only associations with resources to share"),
        widget=forms.CheckboxInput,
        method="with_shared_resources",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="order",
        empty_label=None,
        choices=[
            ("name", _("Name A–Ö")),
            ("-name", _("Name Ö–A")),
            ("newest", _("Newest in the register")),
            ("district", _("District")),
        ],
    )

    class Meta:
        model = Association
        fields = [
            "q",
            "category",
            "district",
            "legal_form",
            "work_integrating",
            "has_assignments",
            "has_resources",
            "sort",
        ]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def only_true(self, queryset, name, value):
        return queryset.filter(is_work_integrating=True) if value else queryset

    def with_open_assignments(self, queryset, name, value):
        return queryset.filter(open_assignments_exist()) if value else queryset

    def with_shared_resources(self, queryset, name, value):
        return queryset.filter(shared_resources_exist()) if value else queryset

    def order(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))

    @property
    def qs(self):
        queryset = super().qs
        if not queryset.query.order_by:
            queryset = queryset.order_by(*SORTS["name"])
        return queryset


def directory_queryset():
    """What the directory lists, with what each row shows loaded in a constant number of queries."""
    return (
        Association.objects.public()
        .select_related("district")
        .prefetch_related("categories")
        .defer("search_vector")
        .annotate(
            has_open_assignments=open_assignments_exist(),
            shares_resources=shared_resources_exist(),
        )
    )
