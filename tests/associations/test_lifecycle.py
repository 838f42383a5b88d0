import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from associations import services
from associations.models import Association, MemberCount, Membership
from portal.audit import history
from tests import factories
from tests.associations.factories import SubmittedAssociationFactory

pytestmark = pytest.mark.django_db
Status = Association.Status


def test_register_makes_the_user_admin_and_submits(user):
    association = services.register(
        Association(name="Ölands Bröder & Systrar", org_number="802412-3450"),
        by=user,
        categories=[factories.CategoryFactory()],
    )
    association.refresh_from_db()
    assert association.status == Status.SUBMITTED
    assert association.submitted_at is not None
    assert association.slug == "olands-broder-systrar"
    assert Membership.objects.get(association=association).role == Membership.Role.ADMIN
    assert [e.action for e in history(association)] == ["registered", "submitted"]


def test_a_non_latin_name_still_gets_a_slug(user):
    association = services.register(Association(name="Ассоциация 協会"), by=user)
    assert association.slug
    other = services.register(Association(name="Ассоциация 協会"), by=user)
    assert other.slug != association.slug


def test_approve_audits_sets_due_date_and_mails(coordinator, django_capture_on_commit_callbacks):
    association = SubmittedAssociationFactory(contact_email="styrelsen@forening.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(association, by=coordinator)
    association.refresh_from_db()
    assert association.status == Status.APPROVED
    assert association.annual_update_due == timezone.localdate() + datetime.timedelta(days=365)
    event = history(association).last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "approved", coordinator, "submitted", "approved",
    )  # fmt: skip
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["styrelsen@forening.example"]
    assert association.name in mail.outbox[0].subject


def test_reject_needs_a_reason_that_the_applicant_sees(
    coordinator, django_capture_on_commit_callbacks
):
    association = SubmittedAssociationFactory()
    with pytest.raises(ValidationError):
        services.reject(association, by=coordinator, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(association, by=coordinator, reason="Stadgar saknas.")
    association.refresh_from_db()
    assert association.status == Status.REJECTED
    assert association.rejection_reason == "Stadgar saknas."
    assert history(association).last().reason == "Stadgar saknas."
    assert "Stadgar saknas." in mail.outbox[0].body
    # The applicant may correct it and submit again.
    services.submit_for_approval(association, by=coordinator)
    assert association.status == Status.SUBMITTED


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.APPROVED, Status.REJECTED, Status.ARCHIVED]
)
def test_only_a_submitted_association_can_be_approved(coordinator, status):
    association = factories.AssociationFactory(status=status)
    with pytest.raises(ValidationError):
        services.approve(association, by=coordinator)
    association.refresh_from_db()
    assert association.status == status
    assert not history(association).exists()


def test_archive_from_any_state_but_not_twice(coordinator):
    association = factories.AssociationFactory(status=Status.DRAFT)
    services.archive(association, by=coordinator)
    assert association.status == Status.ARCHIVED
    with pytest.raises(ValidationError):
        services.archive(association, by=coordinator)


def test_grant_eligibility_is_separate_and_only_for_approved(coordinator):
    association = factories.AssociationFactory(status=Status.APPROVED)
    services.mark_grant_eligible(association, by=coordinator)
    association.refresh_from_db()
    assert association.grant_eligible and association.grant_eligible_since
    assert history(association).last().action == "grant_eligible"
    draft = factories.AssociationFactory(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.mark_grant_eligible(draft, by=coordinator)


def test_annual_update_then_lapse_each_once(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    due = factories.AssociationFactory(annual_update_due=today - datetime.timedelta(days=1))
    later = factories.AssociationFactory(annual_update_due=today + datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.process_annual_updates(today) == {"update_due": 1, "lapsed": 0}
        assert services.process_annual_updates(today) == {"update_due": 0, "lapsed": 0}
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Status.UPDATE_DUE, Status.APPROVED)
    assert len(mail.outbox) == 1
    after_grace = today + datetime.timedelta(days=services.GRACE_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.process_annual_updates(after_grace)
        again = services.process_annual_updates(after_grace)
    due.refresh_from_db()
    assert due.status == Status.LAPSED
    assert moved["lapsed"] == 1 and again["lapsed"] == 0
    assert history(due).last().action == "lapsed"


def test_confirming_the_annual_update_records_member_counts(association_admin, association):
    association.status = Status.UPDATE_DUE
    association.save()
    counts = {"age_0_6": 1, "age_7_25": 2, "age_26_64": 3, "age_65_plus": 4}
    services.confirm_annual_update(association, by=association_admin, year=2026, counts=counts)
    association.refresh_from_db()
    assert association.status == Status.APPROVED
    assert association.annual_update_due > timezone.localdate()
    assert MemberCount.objects.get(association=association, year=2026).total == 10


def test_beat_task_runs_twice_and_mails_once(django_capture_on_commit_callbacks):
    from associations.tasks import process_annual_updates
    from portal.celery import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["associations-annual-updates"]["task"] == process_annual_updates.name
    factories.AssociationFactory(
        annual_update_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        process_annual_updates()
        process_annual_updates()
    assert len(mail.outbox) == 1
