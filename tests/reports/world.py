"""Real data from every app, made with the apps' own factories and services, for the
dashboard, the digest, the usage report and the worker test. No stand-ins."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tests import factories


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def waiting_association(days=9, **kwargs):
    from tests.associations.factories import SubmittedAssociationFactory

    return SubmittedAssociationFactory(submitted_at=days_ago(days), **kwargs)


def waiting_booking(days=4, **kwargs):
    from tests.bookings.factories import BookingFactory

    return BookingFactory(status="requested", created_at=days_ago(days), **kwargs)


def waiting_assignment(days=3, **kwargs):
    from tests.volunteering.factories import AssignmentFactory

    return AssignmentFactory(needs_approval=True, published_at=days_ago(days), **kwargs)


def unanswered_application(days=6, **kwargs):
    from tests.volunteering.factories import ApplicationFactory

    return ApplicationFactory(created_at=days_ago(days), **kwargs)


def matched_volunteer(answered: datetime.datetime, association=None):
    from associations.models import Application
    from tests.volunteering.factories import ApplicationFactory, AssignmentFactory

    assignment = AssignmentFactory(association=association or factories.AssociationFactory())
    return ApplicationFactory(
        assignment=assignment,
        status=Application.Status.ACCEPTED,
        created_at=answered - datetime.timedelta(days=2),
        answered_at=answered,
    )


def late_minutes(days=20):
    """A council meeting ``days`` ago whose minutes are not adjusted."""
    from tests.councils.factories import MeetingFactory

    return MeetingFactory(date=timezone.localdate() - datetime.timedelta(days=days))


def waiting_fund_application(days=5):
    from tests.microfund.factories import ApplicationFactory

    return ApplicationFactory(state="submitted", state_changed_at=days_ago(days))


def active_loan(amount=Decimal("60000"), disbursed_on=None):
    """A loan through the microfund's own services: decided, disbursed by two people."""
    from microfund import services
    from microfund.models import Decision, Loan
    from tests.microfund.factories import add_documents, complete_application, fund_with_capital

    people = fund_with_capital()
    fund, chair = people["fund"], people["chair"]
    app = complete_application(fund=fund, state="in_review")
    add_documents(app, factories.association_admin(app.association))
    services.declare(app, by=chair, has_conflict=False)
    services.decide(
        app, by=chair, outcome=Decision.Outcome.APPROVED, amount=amount, rate=Decimal("6"),
        term_months=12, grace_months=0, quorum=3, votes_for=3, letter="Beviljas",
    )  # fmt: skip
    loan = Loan.objects.get(application=app)
    services.request_disbursement(loan, by=people["first"])
    on = disbursed_on or timezone.localdate() - datetime.timedelta(days=120)
    return services.confirm_disbursement(loan, by=people["second"], on=on)


def everything_waiting():
    """One waiting object of every kind, from every app."""
    return {
        "association": waiting_association(),
        "booking": waiting_booking(),
        "assignment": waiting_assignment(),
        "application": unanswered_application(),
        "meeting": late_minutes(),
        "fund_application": waiting_fund_application(),
    }
