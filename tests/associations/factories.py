"""Factories of the registry, building on tests/factories.py."""

from __future__ import annotations

import factory
from django.utils import timezone

from associations.models import Association, MemberCount
from tests.factories import AssociationFactory, luhn_org_number  # noqa: F401


class SubmittedAssociationFactory(AssociationFactory):
    status = Association.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class MemberCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCount

    association = factory.SubFactory(AssociationFactory)
    year = 2025
    age_0_6 = 3
    age_7_25 = 40
    age_26_64 = 80
    age_65_plus = 25
