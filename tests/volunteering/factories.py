"""Factories of volunteer brokering."""

from __future__ import annotations

import factory
from django.utils import timezone

from associations.models import Application, Assignment, Skill, VolunteerProfile
from tests import factories


class SkillFactory(factories.NamedSlugFactory):
    class Meta:
        model = Skill

    class Params:
        label = "Färdighet"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    association = factory.SubFactory(factories.AssociationFactory)
    title = factory.Sequence(lambda n: f"Läxhjälp nummer {n}")
    description = "Vi söker någon som kan hjälpa barn med läxorna på tisdagar."
    district = factory.SelfAttribute("association.district")
    places = 2
    status = Assignment.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(factories.UserFactory)
    presentation = "Pensionerad lärare som gillar att laga mat."
    contactable = True

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create and extracted:
            self.districts.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    assignment = factory.SubFactory(AssignmentFactory)
    volunteer = factory.SubFactory(factories.UserFactory)
    message = "Jag hjälper gärna till!"
