"""Privacy contract of volunteer brokering: export(user) and erase(user)."""

from __future__ import annotations

from django.db import transaction

from associations.models import Application, Invitation, VolunteerProfile, slots_from_mask
from portal.models import AuditEvent


def export(user) -> dict:
    """Everything volunteer brokering holds about ``user``, JSON-serialisable."""
    profile = (
        VolunteerProfile.objects.filter(user=user)
        .prefetch_related("skills", "categories", "districts")
        .first()
    )
    applications = (
        Application.objects.filter(volunteer=user)
        .select_related("assignment__association")
        .order_by("created_at")
    )
    notifications = []
    for a in applications:
        if a.association_notified_at:
            notifications.append(
                {"kind": "new_application_to_association", "application": a.pk,
                 "at": a.association_notified_at.isoformat()}
            )  # fmt: skip
        if a.notified_status:
            notifications.append({"kind": f"application_{a.notified_status}", "application": a.pk})
        if a.reminder_sent_at:
            notifications.append(
                {"kind": "reminder_to_association", "application": a.pk,
                 "at": a.reminder_sent_at.isoformat()}
            )  # fmt: skip
    for invitation in Invitation.objects.filter(volunteer=user).select_related(
        "assignment__association"
    ):
        notifications.append(
            {
                "kind": "invitation",
                "assignment": invitation.assignment.title,
                "association": invitation.assignment.association.name,
                "at": invitation.created_at.isoformat(),
            }
        )
    data = {
        "profile": None,
        "applications": [
            {
                "id": a.pk,
                "assignment": a.assignment.title,
                "association": a.assignment.association.name,
                "message": a.message,
                "status": a.status,
                "created_at": a.created_at.isoformat(),
                "answered_at": a.answered_at.isoformat() if a.answered_at else None,
            }
            for a in applications
        ],
        "notifications": notifications,
    }
    if profile is not None:
        data["profile"] = {
            "skills": [s.name for s in profile.skills.all()],
            "interests": [c.name for c in profile.categories.all()],
            "districts": [d.name for d in profile.districts.all()],
            "availability": slots_from_mask(profile.availability),
            "presentation": profile.presentation,
            "contactable": profile.contactable,
            "notify_accepted": profile.notify_accepted,
            "notify_declined": profile.notify_declined,
            "last_active": profile.last_active.isoformat(),
            "created_at": profile.created_at.isoformat(),
        }
    return data


def erase_profile(user) -> None:
    """Delete the profile; anonymise the applications (kept for the associations' statistics)."""
    with transaction.atomic():
        VolunteerProfile.objects.filter(user=user).delete()
        Invitation.objects.filter(volunteer=user).delete()
        ids = list(Application.objects.filter(volunteer=user).values_list("pk", flat=True))
        Application.objects.filter(pk__in=ids).update(volunteer=None, message="", anonymised=True)
        AuditEvent.objects.filter(
            content_type__app_label="associations",
            content_type__model="application",
            object_id__in=[str(pk) for pk in ids],
        ).update(object_label="–")


def erase(user) -> None:
    erase_profile(user)
