"""State changes of volunteer brokering. Each runs in one transaction, audits decisions and
enqueues its e-mail on commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from associations.models import (
    Application,
    Assignment,
    Association,
    Invitation,
    VolunteerProfile,
)
from portal import audit, jobs
from portal.permissions import is_association_member, is_coordinator


def can_manage(user, assignment_or_association) -> bool:
    """Members of the posting association and coordinators manage its assignments."""
    association = getattr(assignment_or_association, "association", assignment_or_association)
    return is_coordinator(user) or is_association_member(user, association)


def require_manage(user, assignment_or_association) -> None:
    if not can_manage(user, assignment_or_association):
        raise PermissionDenied


def touch_profile(user) -> None:
    """Keep the volunteer's profile from being purged while they use it."""
    VolunteerProfile.objects.filter(user=user).update(last_active=timezone.now())


# --- Assignments ------------------------------------------------------------------------------


def publish_assignment(assignment: Assignment, *, by) -> Assignment:
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.association.status != Association.Status.APPROVED:
            raise ValidationError(_("Only an approved association can publish assignments."))
        if assignment.status == Assignment.Status.PUBLISHED:
            raise ValidationError(_("The assignment is already published."))
        approved_before = (
            Assignment.objects.filter(
                association=assignment.association,
                published_at__isnull=False,
                needs_approval=False,
            )
            .exclude(pk=assignment.pk)
            .exists()
        )
        first = not approved_before and assignment.published_at is None
        from_state = assignment.status
        assignment.status = Assignment.Status.PUBLISHED
        assignment.close_reason = ""
        assignment.unpublish_reason = ""
        assignment.needs_approval = first
        assignment.published_at = assignment.published_at or timezone.now()
        assignment.save()
        audit.record(
            assignment,
            "publish",
            by=by,
            from_state=from_state,
            to_state=assignment.status,
            reason=_("waits for approval") if first else "",
        )
    return assignment


def approve_assignment(assignment: Assignment, *, by) -> Assignment:
    """A coordinator lets a newly approved association's first assignment be shown."""
    if not is_coordinator(by):
        raise PermissionDenied
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if not assignment.needs_approval:
            raise ValidationError(_("The assignment does not wait for approval."))
        assignment.needs_approval = False
        assignment.save(update_fields=["needs_approval", "updated_at"])
        audit.record(assignment, "approve", by=by, to_state=assignment.status)
    return assignment


def unpublish_assignment(assignment: Assignment, *, by, reason: str) -> Assignment:
    """A coordinator takes an assignment off the public list, with a reason."""
    if not is_coordinator(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for unpublishing."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        from_state = assignment.status
        assignment.status = Assignment.Status.DRAFT
        assignment.unpublish_reason = reason
        assignment.save()
        audit.record(
            assignment,
            "unpublish",
            by=by,
            from_state=from_state,
            to_state=assignment.status,
            reason=reason,
        )
    return assignment


def close_assignment(assignment: Assignment, *, by, reason: str) -> Assignment:
    if reason not in Assignment.CloseReason.values:
        raise ValidationError(_("Choose why the assignment is closed."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.status == Assignment.Status.CLOSED:
            raise ValidationError(_("The assignment is already closed."))
        from_state = assignment.status
        assignment.status = Assignment.Status.CLOSED
        assignment.close_reason = reason
        assignment.save()
        audit.record(
            assignment,
            "close",
            by=by,
            from_state=from_state,
            to_state=assignment.status,
            reason=reason,
        )
        _answer_open_applications(assignment, by=by, reason=reason)
    return assignment


def _answer_open_applications(assignment: Assignment, *, by, reason: str) -> None:
    """Every volunteer gets an answer: open applications are declined when the assignment
    closes, and each volunteer is told (on commit, once)."""
    from associations import volunteer_tasks

    now = timezone.now()
    for application in assignment.applications.open().filter(volunteer__isnull=False):
        from_state = application.status
        application.status = Application.Status.DECLINED
        application.answered_at = application.answered_at or now
        application.save(update_fields=["status", "answered_at"])
        audit.record(
            application,
            "decide",
            by=by,
            from_state=from_state,
            to_state=application.status,
            reason=f"closed: {reason}",
        )
        jobs.enqueue(volunteer_tasks.notify_decision, application.pk, application.status)


# --- Applications -----------------------------------------------------------------------------


def apply(
    assignment: Assignment, *, volunteer, message: str = "", confirms_age: bool = False
) -> Application:
    """The volunteer's "I'm interested". An assignment with a minimum age takes only volunteers
    who confirm that they are that old (the portal stores no date of birth)."""
    from associations import volunteer_tasks

    if not assignment.is_open:
        raise ValidationError(_("The assignment does not take applications."))
    if assignment.min_age and not confirms_age:
        raise ValidationError(
            _("Confirm that you are %(age)s years old or older.") % {"age": assignment.min_age}
        )
    if is_association_member(volunteer, assignment.association):
        raise ValidationError(_("You cannot apply to your own association's assignment."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                assignment=assignment, volunteer=volunteer, message=message
            )
            touch_profile(volunteer)
            jobs.enqueue(volunteer_tasks.notify_new_application, application.pk)
    except IntegrityError:
        raise ValidationError(_("You have already applied to this assignment.")) from None
    return application


def _decide(application: Application, *, by, to_state: str, reason: str = "") -> Application:
    from associations import volunteer_tasks

    with transaction.atomic():
        # Lock the assignment row: decisions on one assignment happen one at a time, so the
        # count of accepted applications cannot go stale (SQLite: the IMMEDIATE transaction).
        assignment = Assignment.objects.select_for_update().get(pk=application.assignment_id)
        application = Application.objects.get(pk=application.pk)
        require_manage(by, assignment)
        from_state = application.status
        if from_state in (Application.Status.WITHDRAWN,) or application.anonymised:
            raise ValidationError(_("The volunteer has withdrawn the application."))
        if from_state == to_state:
            raise ValidationError(_("The application is already in that state."))
        if to_state == Application.Status.ACCEPTED:
            accepted = assignment.applications.filter(status=Application.Status.ACCEPTED).count()
            if accepted >= assignment.places:
                to_state = Application.Status.WAITLISTED
                reason = reason or "full"
        application.status = to_state
        if application.answered_at is None:
            application.answered_at = timezone.now()
        application.save(update_fields=["status", "answered_at"])
        audit.record(
            application,
            "decide",
            by=by,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
        )
        if to_state in (
            Application.Status.ACCEPTED,
            Application.Status.DECLINED,
            Application.Status.WAITLISTED,
        ):
            jobs.enqueue(volunteer_tasks.notify_decision, application.pk, to_state)
    return application


def accept(application: Application, *, by) -> Application:
    """Accept, if a place is left; otherwise the application goes on the waiting list."""
    return _decide(application, by=by, to_state=Application.Status.ACCEPTED)


def decline(application: Application, *, by, reason: str = "") -> Application:
    return _decide(application, by=by, to_state=Application.Status.DECLINED, reason=reason)


def mark_contacted(application: Application, *, by) -> Application:
    return _decide(application, by=by, to_state=Application.Status.CONTACTED)


def withdraw(application: Application, *, by) -> Application:
    if application.volunteer_id != getattr(by, "pk", None):
        raise PermissionDenied
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status in (Application.Status.WITHDRAWN, Application.Status.DECLINED):
            raise ValidationError(_("The application can no longer be withdrawn."))
        from_state = application.status
        application.status = Application.Status.WITHDRAWN
        application.save(update_fields=["status"])
        audit.record(
            application, "withdraw", by=by, from_state=from_state, to_state=application.status
        )
        touch_profile(by)
    return application


def invite(assignment: Assignment, *, volunteer, by) -> Invitation:
    """Ask an opted-in volunteer to look at an open assignment (one e-mail, sent by the portal)."""
    from associations import volunteer_tasks

    require_manage(by, assignment)
    if not assignment.is_open:
        raise ValidationError(_("Only an open assignment can be suggested to volunteers."))
    if not VolunteerProfile.objects.filter(user=volunteer, contactable=True).exists():
        raise ValidationError(_("The volunteer does not want to be contacted."))
    if Application.objects.filter(assignment=assignment, volunteer=volunteer).exists():
        raise ValidationError(_("The volunteer has already applied."))
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                assignment=assignment, volunteer=volunteer, invited_by=by
            )
            jobs.enqueue(volunteer_tasks.notify_invitation, invitation.pk)
    except IntegrityError:
        raise ValidationError(_("The volunteer has already been asked.")) from None
    return invitation
