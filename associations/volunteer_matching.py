"""Matching volunteers and assignments: a deterministic score with a one-line explanation.

Score (0–100): skills 50 (share of the wanted skills the volunteer has; an assignment that
wants no particular skill gives 25), interest in the category 15, district 20 (the same
district, or remote), availability 15 (any overlap of the weekly slots). Ties are broken by
the newest assignment (or the volunteer's id), so the order is stable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from associations.models import Assignment, Slot, VolunteerProfile, slots_from_mask


@dataclass(frozen=True)
class Match:
    score: int
    explanation: str


@dataclass(frozen=True)
class Facts:
    """What matching needs to know about a volunteer, without touching the database."""

    skills: frozenset[int]
    categories: frozenset[int]
    districts: frozenset[int]
    availability: int


def facts_of(profile: VolunteerProfile) -> Facts:
    return Facts(
        skills=frozenset(s.pk for s in profile.skills.all()),
        categories=frozenset(c.pk for c in profile.categories.all()),
        districts=frozenset(d.pk for d in profile.districts.all()),
        availability=profile.availability,
    )


def score(
    facts: Facts,
    *,
    wanted: frozenset[int] | set[int],
    category_id: int | None,
    district_id: int | None,
    is_remote: bool,
    slots: int,
) -> Match:
    points = 0
    parts: list[str] = []
    if wanted:
        have = len(wanted & facts.skills)
        points += round(50 * have / len(wanted))
        parts.append(
            ngettext("%(have)d of %(wanted)d skill", "%(have)d of %(wanted)d skills", len(wanted))
            % {"have": have, "wanted": len(wanted)}
        )
    else:
        points += 25
        parts.append(_("no particular skills needed"))
    if category_id is not None and category_id in facts.categories:
        points += 15
        parts.append(_("interested in the category"))
    if is_remote:
        points += 20
        parts.append(_("remote"))
    elif district_id is not None and district_id in facts.districts:
        points += 20
        parts.append(_("same district"))
    overlap = slots & facts.availability
    if overlap:
        points += 15
        labels = [str(Slot(v).label) for v in slots_from_mask(overlap)]
        parts.append(_("available %(when)s") % {"when": ", ".join(labels)})
    elif not slots:
        points += 8
    text = ", ".join(parts)
    return Match(points, text[:1].upper() + text[1:])


def score_assignment(facts: Facts, assignment: Assignment, wanted=None) -> Match:
    if wanted is None:
        wanted = frozenset(s.pk for s in assignment.skills.all())
    return score(
        facts,
        wanted=frozenset(wanted),
        category_id=assignment.category_id,
        district_id=assignment.district_id,
        is_remote=assignment.is_remote,
        slots=assignment.slot_mask(),
    )


def rank_assignments(profile: VolunteerProfile, queryset=None, *, limit: int | None = 20):
    """Open assignments for ``profile``, best first: a list of (assignment, Match).

    Three queries whatever the number of assignments: the assignments, their skills (one query
    on the through table) and the volunteer's own facts.
    """
    facts = facts_of(profile)
    if queryset is None:
        queryset = Assignment.objects.open()
    assignments = list(
        queryset.exclude(applications__volunteer_id=profile.user_id).select_related(
            "association", "category", "district"
        )
    )
    through = Assignment.skills.through
    wanted: dict[int, set[int]] = {}
    for assignment_id, skill_id in through.objects.filter(
        assignment_id__in=[a.pk for a in assignments]
    ).values_list("assignment_id", "skill_id"):
        wanted.setdefault(assignment_id, set()).add(skill_id)
    ranked = [(a, score_assignment(facts, a, wanted.get(a.pk, ()))) for a in assignments]
    ranked.sort(
        key=lambda pair: (
            -pair[1].score,
            -(pair[0].published_at or pair[0].created_at).timestamp(),
            -pair[0].pk,
        )
    )
    return ranked[:limit] if limit else ranked


def rank_volunteers(assignment: Assignment, *, limit: int | None = 50):
    """Volunteers who opted in to be contacted, best first, for ``assignment``."""
    wanted = frozenset(s.pk for s in assignment.skills.all())
    profiles = (
        VolunteerProfile.objects.filter(contactable=True, user__is_active=True)
        .exclude(user__memberships__association_id=assignment.association_id)
        .select_related("user")
        .prefetch_related(Prefetch("skills"), Prefetch("categories"), Prefetch("districts"))
    )
    ranked = [(p, score_assignment(facts_of(p), assignment, wanted)) for p in profiles]
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    return ranked[:limit] if limit else ranked


__all__ = ["Facts", "Match", "rank_assignments", "rank_volunteers", "score"]
