"""State changes of the registry: register, submit, approve, reject, grant eligibility, archive,
the annual update and lapse, and membership (invite, accept, role, remove, leave).

Each runs in one transaction, raises ``ValidationError`` with a translated message when a rule
is broken, records moderation in the audit trail and sends e-mail through Celery on commit."""

from __future__ import annotations

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from associations.models import Association, MemberCount, Membership
from portal import audit
from portal.jobs import enqueue
from portal.uploads import files_follow_transaction

Status = Association.Status

#: Days after the annual update's due date before an unconfirmed association lapses.
GRACE_DAYS = 90
#: How long an invitation link works.
INVITATION_MAX_AGE = 14 * 24 * 3600
INVITATION_SALT = "associations.invitation"
#: Slugs that would shadow the registry's own URLs.
RESERVED_SLUGS = {"registrera", "inbjudan", "foreningar"}


# --- Saving ---------------------------------------------------------------------------------


def unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:200] or "forening"
    if base in RESERVED_SLUGS:
        base = f"{base}-forening"
    taken = set(
        Association.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def update_search_vector(association_or_qs) -> None:
    """Refresh the stored search vector (PostgreSQL; SQLite searches with LIKE)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    vector = (
        SearchVector("name", weight="A", config="swedish")
        + SearchVector("purpose", weight="B", config="swedish")
        + SearchVector("activities", weight="C", config="swedish")
    )
    qs = association_or_qs
    if isinstance(association_or_qs, Association):
        qs = Association.objects.filter(pk=association_or_qs.pk)
    qs.update(search_vector=vector)


def register(association: Association, *, by, categories=(), submit: bool = True) -> Association:
    """Create ``association`` (an unsaved instance); ``by`` becomes its admin."""
    with files_follow_transaction(association, "logo"), transaction.atomic():
        association.slug = unique_slug(association.name)
        association.status = Status.DRAFT
        association.full_clean(exclude=["slug"])
        association.save()
        association.categories.set(categories)
        Membership.objects.create(user=by, association=association, role=Membership.Role.ADMIN)
        update_search_vector(association)
        audit.record(association, "registered", by=by, to_state=Status.DRAFT)
        if submit:
            submit_for_approval(association, by=by)
    return association


def save(association: Association, *, by, categories=None) -> Association:
    """Save an edit of ``association`` (its form has checked the fields)."""
    with files_follow_transaction(association, "logo"), transaction.atomic():
        old = Association.objects.select_for_update().get(pk=association.pk)
        association.save()
        if categories is not None:
            association.categories.set(categories)
        update_search_vector(association)
        if old.org_number != association.org_number:
            audit.record(
                association,
                "org_number_changed",
                by=by,
                data={"from": old.org_number, "to": association.org_number},
            )
    return association


# --- Lifecycle ------------------------------------------------------------------------------


def _transition(association, to_state, *, by, action, reason="", notify=True, **changes):
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        if not locked.can_move_to(to_state):
            raise ValidationError(
                _("An association that is %(from)s cannot become %(to)s.")
                % {"from": locked.get_status_display(), "to": Status(to_state).label}
            )
        from_state = locked.status
        locked.status = to_state
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=["status", "updated_at", *changes])
        audit.record(locked, action, by=by, from_state=from_state, to_state=to_state, reason=reason)
        if notify:
            from associations.tasks import send_status_mail

            enqueue(send_status_mail, locked.pk, action)
    for field in ("status", *changes):
        setattr(association, field, getattr(locked, field))
    return association


def submit_for_approval(association, *, by):
    return _transition(
        association,
        Status.SUBMITTED,
        by=by,
        action="submitted",
        notify=False,
        submitted_at=timezone.now(),
    )


def approve(association, *, by):
    now = timezone.now()
    return _transition(
        association,
        Status.APPROVED,
        by=by,
        action="approved",
        approved_at=now,
        rejection_reason="",
        annual_update_due=timezone.localdate(now) + datetime.timedelta(days=365),
    )


def reject(association, *, by, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for the rejection; the applicant will see it."))
    return _transition(
        association,
        Status.REJECTED,
        by=by,
        action="rejected",
        reason=reason,
        rejection_reason=reason,
    )


def archive(association, *, by, reason: str = ""):
    return _transition(association, Status.ARCHIVED, by=by, action="archived", reason=reason)


def mark_grant_eligible(association, *, by, eligible: bool = True, reason: str = ""):
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        if eligible and locked.status not in (Status.APPROVED, Status.UPDATE_DUE):
            raise ValidationError(_("Only an approved association can be eligible for grants."))
        if locked.grant_eligible == eligible:
            return association
        locked.grant_eligible = eligible
        locked.grant_eligible_since = timezone.localdate() if eligible else None
        locked.save(update_fields=["grant_eligible", "grant_eligible_since", "updated_at"])
        action = "grant_eligible" if eligible else "grant_ineligible"
        audit.record(
            locked,
            action,
            by=by,
            from_state=str(not eligible).lower(),
            to_state=str(eligible).lower(),
            reason=reason,
        )
        from associations.tasks import send_status_mail

        enqueue(send_status_mail, locked.pk, action)
    association.grant_eligible = locked.grant_eligible
    association.grant_eligible_since = locked.grant_eligible_since
    return association


def confirm_annual_update(association, *, by, year: int | None = None, counts: dict | None = None):
    """The yearly confirmation of board, contacts and member counts."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        if locked.status not in (Status.APPROVED, Status.UPDATE_DUE, Status.LAPSED):
            raise ValidationError(_("Only an approved association confirms its annual update."))
        if counts is not None:
            MemberCount.objects.update_or_create(
                association=locked, year=year or today.year, defaults=counts
            )
        from_state = locked.status
        locked.status = Status.APPROVED
        locked.last_confirmed_at = timezone.now()
        locked.annual_update_due = today + datetime.timedelta(days=365)
        locked.save(
            update_fields=["status", "last_confirmed_at", "annual_update_due", "updated_at"]
        )
        audit.record(
            locked, "annual_update_confirmed", by=by, from_state=from_state, to_state=locked.status
        )
    association.status = locked.status
    association.annual_update_due = locked.annual_update_due
    return association


def process_annual_updates(today: datetime.date | None = None) -> dict:
    """Periodic: approved associations past their due date get "annual update due"; those
    still unconfirmed ``GRACE_DAYS`` later lapse. Each row moves with a conditional UPDATE, so
    running it twice changes (and mails) nothing more."""
    from associations.tasks import send_status_mail

    today = today or timezone.localdate()
    moved = {"update_due": 0, "lapsed": 0}
    steps = [
        (Status.APPROVED, Status.UPDATE_DUE, "update_due", {"annual_update_due__lte": today}),
        (
            Status.UPDATE_DUE,
            Status.LAPSED,
            "lapsed",
            {"annual_update_due__lt": today - datetime.timedelta(days=GRACE_DAYS)},
        ),
    ]
    for from_state, to_state, action, due in steps:
        pks = list(
            Association.objects.filter(status=from_state, **due).values_list("pk", flat=True)
        )
        for pk in pks:
            with transaction.atomic():
                won = Association.objects.filter(pk=pk, status=from_state).update(
                    status=to_state, updated_at=timezone.now()
                )
                if not won:
                    continue
                association = Association.objects.get(pk=pk)
                audit.record(
                    association,
                    action,
                    from_state=from_state,
                    to_state=to_state,
                    reason=_("Annual update not confirmed in time.") if action == "lapsed" else "",
                )
                enqueue(send_status_mail, pk, action)
                moved[action] += 1
    return moved


# --- Members --------------------------------------------------------------------------------


def make_invitation_token(association, email: str, role: str) -> str:
    return signing.dumps(
        {
            "a": association.pk,
            "e": email.strip().lower(),
            "r": role,
            "t": timezone.now().timestamp(),
        },
        salt=INVITATION_SALT,
    )


def read_invitation(token: str) -> dict:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("The invitation has expired. Ask the association for a new one.")
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("The invitation link is not valid.")) from None
    try:
        data["association"] = Association.objects.get(pk=data["a"])
    except Association.DoesNotExist:
        raise ValidationError(_("The association no longer exists.")) from None
    return data


# Invitations are e-mail the portal sends on a member's word: a limit per association per hour
# keeps a hijacked account from using it to send mass mail, and one address is not bombarded.
INVITATIONS_PER_HOUR = 30
INVITATIONS_PER_ADDRESS_PER_DAY = 3


def invite(association, *, by, email: str, role: str = Membership.Role.MEMBER) -> str:
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    if Membership.objects.filter(association=association, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    token = make_invitation_token(association, email, role)
    from associations.tasks import send_invitation_mail

    with transaction.atomic():
        # One inviter at a time per association, so the counts below cannot be overtaken.
        Association.objects.select_for_update().filter(pk=association.pk).first()
        sent = audit.history(association).filter(action="member_invited")
        now = timezone.now()
        if sent.filter(created_at__gte=now - datetime.timedelta(hours=1)).count() >= (
            INVITATIONS_PER_HOUR
        ):
            raise ValidationError(
                _("You have sent many invitations in the last hour. Try again later.")
            )
        if (
            sent.filter(created_at__gte=now - datetime.timedelta(days=1), data__email=email).count()
            >= INVITATIONS_PER_ADDRESS_PER_DAY
        ):
            raise ValidationError(
                _("%(email)s has already been invited several times today.") % {"email": email}
            )
        audit.record(association, "member_invited", by=by, data={"email": email, "role": role})
        enqueue(send_invitation_mail, association.pk, email, token, str(by))
    return token


def accept_invitation(token: str, *, user) -> Membership:
    data = read_invitation(token)
    association = data["association"]
    if data["e"] != (user.email or "").lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": data["e"]}
        )
    if association.status == Status.ARCHIVED:
        raise ValidationError(_("The association no longer exists."))
    issued = datetime.datetime.fromtimestamp(data.get("t", 0), tz=datetime.UTC)
    removed_since = audit.history(association).filter(
        action="member_removed", data__user=user.pk, created_at__gt=issued
    )
    if removed_since.exists():
        raise ValidationError(
            _("The invitation was sent before you were removed. Ask the association for a new one.")
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, association=association, defaults={"role": data["r"]}
        )
        if created:
            audit.record(association, "member_joined", by=user, data={"role": data["r"]})
    return membership


def _admins_left(association, excluding: Membership) -> int:
    Association.objects.select_for_update().filter(pk=association.pk).first()
    return (
        Membership.objects.filter(association=association, role=Membership.Role.ADMIN)
        .exclude(pk=excluding.pk)
        .count()
    )


def set_role(membership: Membership, role: str, *, by) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    with transaction.atomic():
        if (
            membership.is_admin
            and role != Membership.Role.ADMIN
            and not _admins_left(membership.association, membership)
        ):
            raise ValidationError(_("The association must keep at least one administrator."))
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            membership.association,
            "member_role_changed",
            by=by,
            from_state=old,
            to_state=role,
            data={"user": membership.user_id},
        )
    return membership


def remove_member(membership: Membership, *, by) -> None:
    with transaction.atomic():
        if membership.is_admin and not _admins_left(membership.association, membership):
            if membership.user_id == getattr(by, "pk", None):
                raise ValidationError(
                    _("You are the last administrator: make someone else admin before you leave.")
                )
            raise ValidationError(_("The association must keep at least one administrator."))
        audit.record(
            membership.association,
            "member_left" if membership.user_id == getattr(by, "pk", None) else "member_removed",
            by=by,
            data={"user": membership.user_id},
        )
        membership.delete()
