"""Matching volunteers and assignments: a deterministic score with a one-line explanation.

Score (0–100): skills 50 (share of the wanted skills the volunteer has; an assignment that
wants no particular skill gives 25), interest in the category 15, district 20 (the same
district, or remote), availability 15 (any overlap of the weekly slots). Ties are broken by
the newest assignment (or the volunteer's id), so the order is stable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from associations.models import (
    Application,
    Assignment,
    Slot,
    VolunteerProfile,
    slots_from_mask,
)
from associations.models.volunteering import slot_of


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


def points(
    facts: Facts,
    *,
    wanted: frozenset[int] | set[int],
    category_id: int | None,
    district_id: int | None,
    is_remote: bool,
    slots: int,
) -> int:
    """The score alone: cheap, for ranking thousands of rows."""
    total = round(50 * len(wanted & facts.skills) / len(wanted)) if wanted else 25
    if category_id is not None and category_id in facts.categories:
        total += 15
    if is_remote or (district_id is not None and district_id in facts.districts):
        total += 20
    if slots & facts.availability:
        total += 15
    elif not slots:
        total += 8
    return total


def score(
    facts: Facts,
    *,
    wanted: frozenset[int] | set[int],
    category_id: int | None,
    district_id: int | None,
    is_remote: bool,
    slots: int,
) -> Match:
    """The score with its one-line explanation."""
    parts: list[str] = []
    if wanted:
        have = len(wanted & facts.skills)
        parts.append(
            ngettext("%(have)d of %(wanted)d skill", "%(have)d of %(wanted)d skills", len(wanted))
            % {"have": have, "wanted": len(wanted)}
        )
    else:
        parts.append(_("no particular skills needed"))
    if category_id is not None and category_id in facts.categories:
        parts.append(_("interested in the category"))
    if is_remote:
        parts.append(_("remote"))
    elif district_id is not None and district_id in facts.districts:
        parts.append(_("same district"))
    overlap = slots & facts.availability
    if overlap:
        labels = [str(Slot(v).label) for v in slots_from_mask(overlap)]
        parts.append(_("available %(when)s") % {"when": ", ".join(labels)})
    text = ", ".join(parts)
    total = points(
        facts,
        wanted=wanted,
        category_id=category_id,
        district_id=district_id,
        is_remote=is_remote,
        slots=slots,
    )
    return Match(total, text[:1].upper() + text[1:])


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


def _slot_mask(slots: int, starts_at) -> int:
    if slots:
        return slots
    return slot_of(starts_at) if starts_at else 0


def rank_assignments(profile: VolunteerProfile, queryset=None, *, limit: int | None = 20):
    """Open assignments for ``profile``, best first: a list of (assignment, Match).

    A constant number of queries whatever the number of assignments: the scoring runs on plain
    values (the assignments' columns, one query on the skills through table), and only the
    assignments shown are loaded as objects.
    """
    facts = facts_of(profile)
    if queryset is None:
        queryset = Assignment.objects.open()
    queryset = queryset.exclude(
        pk__in=Application.objects.filter(volunteer_id=profile.user_id).values("assignment_id")
    )
    rows = list(
        queryset.values_list(
            "pk", "category_id", "district_id", "is_remote", "slots", "starts_at", "published_at"
        )
    )
    wanted: dict[int, set[int]] = {}
    through = Assignment.skills.through
    for assignment_id, skill_id in through.objects.filter(
        assignment_id__in=queryset.values("pk")
    ).values_list("assignment_id", "skill_id"):
        wanted.setdefault(assignment_id, set()).add(skill_id)
    scored = []
    for pk, category_id, district_id, is_remote, slots, starts_at, published_at in rows:
        args = {
            "wanted": frozenset(wanted.get(pk, ())),
            "category_id": category_id,
            "district_id": district_id,
            "is_remote": is_remote,
            "slots": _slot_mask(slots, starts_at),
        }
        newest = -published_at.timestamp() if published_at else 0
        scored.append((-points(facts, **args), newest, -pk, pk, args))
    scored.sort(key=lambda row: row[:3])
    if limit:
        scored = scored[:limit]
    objects = Assignment.objects.select_related("association", "category", "district").in_bulk(
        [row[3] for row in scored]
    )
    return [(objects[row[3]], score(facts, **row[4])) for row in scored if row[3] in objects]


def rank_volunteers(assignment: Assignment, *, limit: int | None = 50):
    """Volunteers who opted in to be contacted, best first, for ``assignment``.

    Scored on plain values (the profiles' availability and three through-table queries); only
    the profiles shown are loaded with their users.
    """
    wanted = frozenset(s.pk for s in assignment.skills.all())
    profiles = VolunteerProfile.objects.filter(contactable=True, user__is_active=True).exclude(
        user__memberships__association_id=assignment.association_id
    )
    availability = dict(profiles.values_list("pk", "availability"))
    related: dict[str, dict[int, set[int]]] = {}
    for field, column in (
        ("skills", "skill_id"),
        ("categories", "category_id"),
        ("districts", "district_id"),
    ):
        through = getattr(VolunteerProfile, field).through
        mapping: dict[int, set[int]] = {}
        for profile_id, item_id in through.objects.filter(
            volunteerprofile__contactable=True
        ).values_list("volunteerprofile_id", column):
            mapping.setdefault(profile_id, set()).add(item_id)
        related[field] = mapping
    args = {
        "wanted": wanted,
        "category_id": assignment.category_id,
        "district_id": assignment.district_id,
        "is_remote": assignment.is_remote,
        "slots": assignment.slot_mask(),
    }
    scored = []
    for pk, mask in availability.items():
        facts = Facts(
            skills=frozenset(related["skills"].get(pk, ())),
            categories=frozenset(related["categories"].get(pk, ())),
            districts=frozenset(related["districts"].get(pk, ())),
            availability=mask,
        )
        scored.append((-points(facts, **args), pk, facts))
    scored.sort(key=lambda row: row[:2])
    if limit:
        scored = scored[:limit]
    objects = VolunteerProfile.objects.select_related("user").in_bulk([row[1] for row in scored])
    return [(objects[row[1]], score(row[2], **args)) for row in scored]


__all__ = ["Facts", "Match", "rank_assignments", "rank_volunteers", "score"]
