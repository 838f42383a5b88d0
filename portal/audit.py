"""The audit trail: one function every app calls when it moderates, decides or moves money."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from portal.models import AuditEvent


def record(
    obj,
    action: str,
    *,
    by=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append an audit event for ``obj``. Call it inside the service's transaction."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_label=str(obj)[:255],
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        reason=reason or "",
        data=data or {},
    )


def history(obj):
    return AuditEvent.objects.for_object(obj).order_by("created_at", "id")
