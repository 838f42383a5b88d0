"""State changes of meetings and minutes. Each one checks the rules, records an audit event and
queues mail on commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import personnummer
from councils.models import Council, Meeting, Minutes, MinutesVersion
from portal import audit, jobs
from portal.permissions import is_council_secretary


def can_edit(user, council: Council) -> bool:
    """Superusers, and the council secretaries named on this council (not on another one)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return is_council_secretary(user) and council.secretaries.filter(pk=user.pk).exists()


def require_edit(user, council: Council) -> None:
    if not can_edit(user, council):
        raise PermissionDenied


def personal_numbers_in(minutes: Minutes) -> list[str]:
    """Personal numbers in the minutes, the agenda, the decisions or the attachments' text."""
    meeting = minutes.meeting
    texts = [minutes.body]
    for item in meeting.items.select_related("decision"):
        texts += [item.title, item.description]
        decision = getattr(item, "decision", None)
        if decision is not None:
            texts += [decision.text, decision.reservations]
    texts += list(meeting.attachments.values_list("text", flat=True))
    found = []
    for text in texts:
        found += personnummer.find(text)
    return found


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("meeting__council").get(pk=minutes.pk)


def adjust(minutes: Minutes, *, by, adjusters: str, adjusted_on=None) -> Minutes:
    """Draft → adjusted (justerat): the named adjusters have confirmed the minutes."""
    with transaction.atomic():
        minutes = _locked(minutes)
        require_edit(by, minutes.meeting.council)
        if minutes.status != Minutes.Status.DRAFT:
            raise ValidationError(_("Only draft minutes can be adjusted."))
        if not (adjusters or "").strip():
            raise ValidationError(_("Name the adjusters (justerare) who confirmed the minutes."))
        if not minutes.body.strip():
            raise ValidationError(_("The minutes have no text yet."))
        adjusted_on = adjusted_on or timezone.localdate()
        if adjusted_on < minutes.meeting.local_start.date():
            raise ValidationError(_("Minutes cannot be adjusted before the meeting was held."))
        minutes.adjusters = adjusters.strip()
        minutes.adjusted_on = adjusted_on
        minutes.status = Minutes.Status.ADJUSTED
        minutes.save(update_fields=["adjusters", "adjusted_on", "status"])
        meeting = minutes.meeting
        if meeting.status == Meeting.Status.PLANNED:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status"])
        audit.record(minutes, "adjust", by=by, from_state="draft", to_state="adjusted",
                     data={"adjusters": minutes.adjusters, "adjusted_on": str(adjusted_on)})  # fmt: skip
    return minutes


def publish(minutes: Minutes, *, by, override_reason: str = "") -> Minutes:
    """Adjusted → published (notes-only councils may publish a draft). Blocked while the text or
    an attachment contains a personal number, unless a reason for overriding is given (logged)."""
    from councils.search import reindex_meeting
    from councils.tasks import notify_subscribers

    with transaction.atomic():
        minutes = _locked(minutes)
        council = minutes.meeting.council
        require_edit(by, council)
        allowed = {Minutes.Status.ADJUSTED}
        if not council.is_formal:
            allowed.add(Minutes.Status.DRAFT)
        if minutes.status not in allowed:
            raise ValidationError(
                _("Minutes must be adjusted (justerat) before they are published.")
            )
        found = personal_numbers_in(minutes)
        override_reason = (override_reason or "").strip()
        if found and not override_reason:
            raise ValidationError(
                _("The minutes or an attachment contain what looks like a personal identity "
                  "number (%(numbers)s). Remove it, or give a reason for publishing anyway.")
                % {"numbers": ", ".join(found[:5])},
                code="personal_number",
            )  # fmt: skip
        previous = minutes.status
        minutes.status = Minutes.Status.PUBLISHED
        minutes.published_at = timezone.now()
        if not minutes.original_kept_at:
            minutes.original_kept_at = council.originals_kept_at
        minutes.personal_number_override = override_reason if found else ""
        minutes.save(update_fields=["status", "published_at", "original_kept_at",
                                    "personal_number_override"])  # fmt: skip
        audit.record(minutes, "publish", by=by, from_state=previous, to_state="published",
                     reason=override_reason if found else "",
                     data={"personal_numbers_overridden": len(found)} if found else None)  # fmt: skip
        reindex_meeting(minutes.meeting)
        jobs.enqueue(notify_subscribers, minutes.pk)
    return minutes


def correct(minutes: Minutes, *, by, body: str, reason: str) -> MinutesVersion:
    """A correction of published minutes: the previous text is kept as a public version."""
    from councils.search import reindex_meeting

    with transaction.atomic():
        minutes = _locked(minutes)
        require_edit(by, minutes.meeting.council)
        if minutes.status != Minutes.Status.PUBLISHED:
            raise ValidationError(
                _("Only published minutes are corrected; edit the draft instead.")
            )
        if not (reason or "").strip():
            raise ValidationError(_("Give the reason for the correction."))
        if body == minutes.body:
            raise ValidationError(_("The corrected text is the same as the published one."))
        if personnummer.find(body):
            raise ValidationError(_("The corrected text contains a personal identity number."))
        number = minutes.versions.count() + 1
        version = MinutesVersion.objects.create(
            minutes=minutes, number=number, previous_body=minutes.body, reason=reason.strip(),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )  # fmt: skip
        minutes.body = body
        minutes.save(update_fields=["body"])
        audit.record(minutes, "correct", by=by, reason=reason.strip(), data={"version": number})
        reindex_meeting(minutes.meeting)
    return version


def publish_notice(meeting: Meeting, *, by) -> Meeting:
    """Publish the notice (kallelse) with the agenda ahead of the meeting."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
        require_edit(by, meeting.council)
        if meeting.notice_published:
            return meeting
        if not meeting.items.exists():
            raise ValidationError(_("Add the agenda before publishing the notice."))
        texts = [t for item in meeting.items.all() for t in (item.title, item.description)]
        texts += list(meeting.attachments.values_list("text", flat=True))
        found = [n for text in texts for n in personnummer.find(text)]
        if found:
            raise ValidationError(
                _("The agenda or an attachment contains what looks like a personal identity "
                  "number (%(numbers)s). Remove it before publishing the notice.")
                % {"numbers": ", ".join(found[:5])},
                code="personal_number",
            )  # fmt: skip
        meeting.notice_published = True
        meeting.notice_published_at = timezone.now()
        meeting.ics_sequence += 1
        meeting.save(update_fields=["notice_published", "notice_published_at", "ics_sequence"])
        audit.record(meeting, "publish_notice", by=by, to_state="notice_published")
    return meeting


def cancel(meeting: Meeting, *, by, reason: str = "") -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
        require_edit(by, meeting.council)
        if meeting.status == Meeting.Status.CANCELLED:
            return meeting
        previous = meeting.status
        meeting.status = Meeting.Status.CANCELLED
        meeting.ics_sequence += 1
        meeting.save(update_fields=["status", "ics_sequence"])
        audit.record(meeting, "cancel", by=by, from_state=previous, to_state="cancelled",
                     reason=reason)  # fmt: skip
    return meeting
