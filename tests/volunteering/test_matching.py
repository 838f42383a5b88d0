"""Matching: a deterministic score, a one-line explanation, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from associations.models import Slot
from associations.volunteer_matching import (
    Facts,
    points,
    rank_assignments,
    rank_volunteers,
    score,
)
from tests import factories
from tests.utils import assert_constant_queries, count_queries
from tests.volunteering.factories import (
    ApplicationFactory,
    AssignmentFactory,
    SkillFactory,
    VolunteerProfileFactory,
)


def test_score_and_explanation_in_swedish():
    facts = Facts(
        skills=frozenset({1, 2, 3}),
        categories=frozenset({9}),
        districts=frozenset({5}),
        availability=Slot.WEEKDAY_EVENING | Slot.WEEKEND_MORNING,
    )
    with translation.override("sv"):
        match = score(
            facts,
            wanted={1, 2, 3, 4},
            category_id=8,
            district_id=5,
            is_remote=False,
            slots=Slot.WEEKDAY_EVENING,
        )
    assert match.score == 38 + 20 + 15
    assert match.explanation == "3 av 4 färdigheter, samma område, tillgänglig vardagskvällar"
    with translation.override("en"):
        again = score(
            facts, wanted={1, 2, 3, 4}, category_id=8, district_id=5, is_remote=False,
            slots=Slot.WEEKDAY_EVENING,
        )  # fmt: skip
    assert again.score == match.score
    assert again.explanation == "3 of 4 skills, same district, available weekday evenings"


def test_no_overlap_scores_low():
    facts = Facts(frozenset(), frozenset(), frozenset(), 0)
    match = score(
        facts,
        wanted={1},
        category_id=None,
        district_id=2,
        is_remote=False,
        slots=Slot.WEEKEND_EVENING,
    )
    assert match.score == 0


@pytest.mark.django_db
def test_rank_assignments_best_first_and_skips_applied():
    cooking, driving = SkillFactory(name="Matlagning"), SkillFactory(name="Chaufför")
    district = factories.DistrictFactory()
    profile = VolunteerProfileFactory(skills=[cooking], districts=[district])
    profile.availability = Slot.WEEKDAY_EVENING
    profile.save()
    best = AssignmentFactory(
        skills=[cooking],
        district=district,
        starts_at=timezone.make_aware(dt.datetime(2030, 5, 7, 18)),  # a Tuesday evening
    )
    middle = AssignmentFactory(skills=[cooking, driving])
    worst = AssignmentFactory(skills=[driving])
    applied = AssignmentFactory(skills=[cooking], district=district)
    ApplicationFactory(assignment=applied, volunteer=profile.user)
    ranked = rank_assignments(profile)
    assert [a for a, _ in ranked] == [best, middle, worst]
    assert ranked[0][1].score == 85  # no category interest
    assert rank_assignments(profile) == ranked  # deterministic


@pytest.mark.django_db
def test_rank_volunteers_only_opted_in():
    skill = SkillFactory()
    assignment = AssignmentFactory(skills=[skill])
    good = VolunteerProfileFactory(skills=[skill])
    plain = VolunteerProfileFactory()
    VolunteerProfileFactory(skills=[skill], contactable=False)
    ranked = rank_volunteers(assignment)
    assert [p for p, _ in ranked] == [good, plain]


@pytest.mark.django_db
def test_suggestions_page_constant_queries(client):
    skill = SkillFactory()
    profile = VolunteerProfileFactory(skills=[skill])
    client.force_login(profile.user)
    AssignmentFactory(skills=[skill])

    def grow():
        for _ in range(20):
            AssignmentFactory(skills=[skill, SkillFactory()])

    assert_constant_queries(client, reverse("volunteering:suggestions"), grow)
    body = client.get(reverse("volunteering:suggestions")).content.decode()
    assert "1 av 2 färdigheter" in body or "1 of 2 skills" in body


@pytest.mark.django_db
def test_candidates_page_constant_queries(client, association_admin):
    assignment = AssignmentFactory(association=association_admin.memberships.get().association)
    client.force_login(association_admin)
    VolunteerProfileFactory(skills=[SkillFactory()])

    def grow():
        for _ in range(10):
            VolunteerProfileFactory(
                skills=[SkillFactory()], districts=[factories.DistrictFactory()]
            )

    assert_constant_queries(
        client, reverse("volunteering:candidates", kwargs={"pk": assignment.pk}), grow
    )


@pytest.mark.django_db
def test_ranking_queries_do_not_grow():
    profile = VolunteerProfileFactory()
    AssignmentFactory.create_batch(3, skills=[SkillFactory()])
    before, _ = count_queries(rank_assignments, profile)
    AssignmentFactory.create_batch(30, skills=[SkillFactory()])
    after, ranked = count_queries(rank_assignments, profile, limit=None)
    assert before == after and len(ranked) == 33


sets = st.frozensets(st.integers(1, 8), max_size=6)


@given(
    facts=st.builds(Facts, sets, sets, sets, st.integers(0, 63)),
    wanted=sets,
    category=st.none() | st.integers(1, 8),
    district=st.none() | st.integers(1, 8),
    remote=st.booleans(),
    slots=st.integers(0, 63),
)
def test_score_is_bounded_and_deterministic(facts, wanted, category, district, remote, slots):
    args = {
        "wanted": wanted,
        "category_id": category,
        "district_id": district,
        "is_remote": remote,
        "slots": slots,
    }
    first, second = score(facts, **args), score(facts, **args)
    assert first == second
    assert 0 <= first.score <= 100
    assert first.score == points(facts, **args)
    assert first.explanation and "\n" not in first.explanation
