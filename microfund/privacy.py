"""The privacy contract: what the microfund holds about a person, and how it is erased.

Applications belong to associations and are kept (bookkeeping and audit duties); a person's
own traces are their committee declarations and reviews, and where they are named as a
personal guarantor by e-mail."""

from __future__ import annotations


def export(user) -> dict:
    from microfund.models import ConflictDeclaration, Guarantor, Review

    return {
        "conflict_declarations": [
            {"application": d.application_id, "has_conflict": d.has_conflict,
             "explanation": d.explanation, "declared_at": d.declared_at.isoformat()}
            for d in ConflictDeclaration.objects.filter(member=user)
        ],
        "reviews": [
            {"application": r.application_id, "social_impact": r.social_impact,
             "feasibility": r.feasibility, "repayment_capacity": r.repayment_capacity,
             "comment": r.comment, "recommendation": r.recommendation}
            for r in Review.objects.filter(reviewer=user)
        ],
        "guarantor_for": [
            {"application": g.application_id, "name": g.name, "amount": str(g.amount)}
            for g in Guarantor.objects.filter(email__iexact=user.email)
        ] if user.email else [],
    }  # fmt: skip


def erase(user) -> None:
    """Reviews and declarations are part of a decision's record: their comments are blanked
    and the link to the person removed only by deleting the user (handled by the portal). A
    guarantor's e-mail is removed; the name stays with the application as its security."""
    from microfund.models import ConflictDeclaration, Guarantor, Review

    Review.objects.filter(reviewer=user).update(comment="")
    ConflictDeclaration.objects.filter(member=user).update(explanation="")
    if user.email:
        Guarantor.objects.filter(email__iexact=user.email).update(email="")
