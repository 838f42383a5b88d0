"""The application workflow, declared as data in one place.

Each transition names the states it leaves from, the state it leads to and who may take it.
Public statuses are what the applicant sees; the applicant gets one e-mail per change of public
status. ``tests/microfund/test_workflow.py`` checks that every state is reachable and that every
non-final state has an exit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    INVITED = "invited", _("Invited to apply")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    MORE_INFO = "more_info", _("More information requested")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Who may take a transition.
APPLICANT = "applicant"  # an admin of the applying association
COORDINATOR = "coordinator"
CHAIR = "chair"  # the chair of the fund committee, through the decision form

INITIAL = State.ENQUIRY
FINAL = frozenset({State.APPROVED, State.APPROVED_WITH_CONDITIONS, State.REJECTED, State.WITHDRAWN})
DECIDED = frozenset({State.APPROVED, State.APPROVED_WITH_CONDITIONS, State.REJECTED})
# States an applicant may edit the application in.
EDITABLE = frozenset({State.DRAFT, State.MORE_INFO})
# States the fund committee sees.
COMMITTEE_VISIBLE = frozenset({State.IN_REVIEW}) | DECIDED


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    who: str
    label: str


def _t(name, sources, target, who, label):
    return Transition(name, frozenset(sources), target, who, label)


BEFORE_DECISION = [s for s in State if s not in FINAL]

TRANSITIONS = {
    t.name: t
    for t in [
        _t("invite", [State.ENQUIRY], State.INVITED, COORDINATOR, _("Invite to apply")),
        _t("decline", [State.ENQUIRY], State.REJECTED, COORDINATOR, _("Decline the enquiry")),
        _t("start", [State.INVITED], State.DRAFT, APPLICANT, _("Start the application")),
        _t("submit", [State.DRAFT], State.SUBMITTED, APPLICANT, _("Submit")),
        _t("screen", [State.SUBMITTED], State.SCREENING, COORDINATOR, _("Start screening")),
        _t("request_info", [State.SCREENING], State.MORE_INFO, COORDINATOR,
           _("Request more information")),
        _t("resubmit", [State.MORE_INFO], State.SCREENING, APPLICANT, _("Resubmit")),
        _t("send_to_review", [State.SCREENING], State.IN_REVIEW, COORDINATOR,
           _("Send to the committee")),
        _t("approve", [State.IN_REVIEW], State.APPROVED, CHAIR, _("Approve")),
        _t("approve_with_conditions", [State.IN_REVIEW], State.APPROVED_WITH_CONDITIONS, CHAIR,
           _("Approve with conditions")),
        _t("reject", [State.IN_REVIEW], State.REJECTED, CHAIR, _("Reject")),
        _t("withdraw", BEFORE_DECISION, State.WITHDRAWN, APPLICANT, _("Withdraw")),
    ]
}  # fmt: skip


class PublicStatus(models.TextChoices):
    RECEIVED = "received", _("Enquiry received")
    INVITED = "invited", _("Invited to apply")
    PROCESSING = "processing", _("Being screened")
    MORE_INFO = "more_info", _("More information requested")
    IN_REVIEW = "in_review", _("With the fund committee")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUS = {
    State.ENQUIRY: PublicStatus.RECEIVED,
    State.INVITED: PublicStatus.INVITED,
    State.DRAFT: PublicStatus.INVITED,
    State.SUBMITTED: PublicStatus.PROCESSING,
    State.SCREENING: PublicStatus.PROCESSING,
    State.MORE_INFO: PublicStatus.MORE_INFO,
    State.IN_REVIEW: PublicStatus.IN_REVIEW,
    State.APPROVED: PublicStatus.APPROVED,
    State.APPROVED_WITH_CONDITIONS: PublicStatus.APPROVED_WITH_CONDITIONS,
    State.REJECTED: PublicStatus.REJECTED,
    State.WITHDRAWN: PublicStatus.WITHDRAWN,
}


def available(state: str, who: str | None = None) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources and (who is None or t.who == who)]


def reachable(start: str = INITIAL) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for t in available(state):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return seen
