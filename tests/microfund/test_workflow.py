"""The workflow as data, and every edge walked through the services with audit and e-mail."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from microfund import services, workflow
from microfund.models import Application, Decision, StatusNotice
from microfund.workflow import FINAL, PUBLIC_STATUS, TRANSITIONS, State
from portal.models import AuditEvent
from tests import factories
from tests.microfund.factories import (
    ApplicationFactory,
    FundFactory,
    PoolFactory,
    add_documents,
    complete_application,
)


def test_every_state_is_reachable():
    assert workflow.reachable() == set(State)


def test_every_non_final_state_has_an_exit():
    for state in State:
        if state not in FINAL:
            assert workflow.available(state), state
        else:
            assert not workflow.available(state), state


def test_withdraw_possible_before_any_decision():
    for state in State:
        assert (state in TRANSITIONS["withdraw"].sources) == (state not in FINAL)


@pytest.fixture
def people(db):
    fund = FundFactory()
    PoolFactory(fund=fund)
    chair = factories.fund_committee_member()
    fund.chair = chair
    fund.save()
    return {
        "fund": fund,
        "coordinator": factories.coordinator(),
        "chair": chair,
        "applicant": None,
    }


def _app_in(state, people):
    app = complete_application(fund=people["fund"], state=state)
    applicant = factories.association_admin(app.association)
    add_documents(app, applicant)
    return app, applicant


def _actor(step, people, applicant):
    return {
        workflow.APPLICANT: applicant,
        workflow.COORDINATOR: people["coordinator"],
        workflow.CHAIR: people["chair"],
    }[step.who]


@pytest.mark.parametrize(
    ("name", "source"),
    [(t.name, s) for t in TRANSITIONS.values() for s in sorted(t.sources)],
)
def test_every_edge_is_audited_and_notified(
    name, source, people, django_capture_on_commit_callbacks
):
    step = TRANSITIONS[name]
    app, applicant = _app_in(source, people)
    actor = _actor(step, people, applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if name in ("submit", "resubmit"):
            services.submit(app, by=actor)
        elif step.who == workflow.CHAIR:
            services.declare(app, by=actor, has_conflict=False)
            services.decide(
                app, by=actor, outcome=step.target, amount=Decimal("100000"),
                rate=Decimal("4"), term_months=24, conditions="Kvartalsrapport",
                quorum=3, votes_for=3, letter="Beslut",
            )  # fmt: skip
        else:
            services.transition(app, name, by=actor, reason="test")
    app.refresh_from_db()
    assert app.state == step.target
    event = AuditEvent.objects.for_object(app).filter(action=name).get()
    assert (event.from_state, event.to_state) == (source, step.target)
    assert event.actor == actor
    public_changed = PUBLIC_STATUS[State(source)] != PUBLIC_STATUS[State(step.target)]
    assert len(mail.outbox) == (1 if public_changed else 0)
    if public_changed:
        assert applicant.email in mail.outbox[0].to
        assert StatusNotice.objects.filter(application=app, sent_at__isnull=False).count() == 1


def test_wrong_actor_or_state_is_refused(people):
    app, applicant = _app_in(State.ENQUIRY, people)
    stranger = factories.association_admin()
    with pytest.raises(PermissionDenied):
        services.transition(app, "invite", by=applicant)
    with pytest.raises(PermissionDenied):
        services.transition(app, "withdraw", by=stranger)
    with pytest.raises(ValidationError):
        services.transition(app, "submit", by=applicant)


def test_status_notice_is_sent_once(people, django_capture_on_commit_callbacks):
    from microfund.tasks import send_status_notice

    app, applicant = _app_in(State.ENQUIRY, people)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(app, "invite", by=people["coordinator"])
    notice = StatusNotice.objects.get(application=app)
    assert send_status_notice(notice.pk) == 0
    assert len(mail.outbox) == 1


def test_submit_says_exactly_what_is_missing(people):
    app = ApplicationFactory(fund=people["fund"], state=State.DRAFT)
    applicant = factories.association_admin(app.association)
    with pytest.raises(ValidationError) as info:
        services.submit(app, by=applicant)
    messages = info.value.messages
    assert "Välj finansieringsform (lån, räntefritt lån eller borgen)." in messages
    assert "Ladda upp dokumentet: Affärsplan." in messages
    assert "Ladda upp dokumentet: Stadgar." in messages
    assert "Ange beloppet." in messages
    assert len(messages) == 11  # instrument, amount, purpose, social value, jobs, 6 documents
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


def test_resubmission_shows_what_changed(people, django_capture_on_commit_callbacks):
    app, applicant = _app_in(State.DRAFT, people)
    coordinator = people["coordinator"]
    services.submit(app, by=applicant)
    services.transition(app, "screen", by=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(app, "request_info", by=coordinator, reason="Budget saknas")
    assert "Budget saknas" in mail.outbox[-1].body
    app.refresh_from_db()
    app.amount = Decimal("120000.00")
    app.save()
    services.submit(app, by=applicant)
    app.refresh_from_db()
    assert app.state == State.SCREENING
    assert ("amount", "150000.50", "120000.00") in services.changes(app)


def test_conflicted_member_cannot_score(people):
    app, _ = _app_in(State.IN_REVIEW, people)
    member = factories.fund_committee_member()
    services.declare(app, by=member, has_conflict=True, explanation="Styrelseledamot")
    with pytest.raises(PermissionDenied):
        services.review(app, by=member, social_impact=5, feasibility=5, repayment_capacity=5,
                        recommendation="approve")  # fmt: skip


def test_decision_needs_the_chair(people):
    app, _ = _app_in(State.IN_REVIEW, people)
    member = factories.fund_committee_member()
    services.declare(app, by=member, has_conflict=False)
    with pytest.raises(PermissionDenied):
        services.decide(app, by=member, outcome=Decision.Outcome.REJECTED, quorum=3,
                        letter="Nej")  # fmt: skip
