"""Pages of volunteer brokering: the public list and its filters, applying, managing and the
rules on who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from associations.models import Application, Assignment
from tests import factories
from tests.utils import assert_constant_queries
from tests.volunteering.factories import (
    ApplicationFactory,
    AssignmentFactory,
    SkillFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("volunteering:list")


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"]]


def test_list_shows_only_public_open_assignments(client):
    shown = AssignmentFactory(title="Läxhjälp i Borensberg")
    AssignmentFactory(title="Utkast", status=Assignment.Status.DRAFT)
    AssignmentFactory(title="Väntar", needs_approval=True)
    AssignmentFactory(title="Stängt", status=Assignment.Status.CLOSED)
    AssignmentFactory(title="Sent", apply_by=timezone.localdate() - dt.timedelta(days=1))
    suspended = factories.AssociationFactory(status="lapsed")
    AssignmentFactory(title="Vilande förening", association=suspended)
    response = client.get(LIST)
    assert titles(response) == [shown.title]


def test_filters_and_search(client):
    cooking = SkillFactory(name="Matlagning", slug="matlagning")
    district = factories.DistrictFactory(name="Tjällmo", slug="tjallmo")
    category = factories.CategoryFactory(name="Kultur", slug="kultur")
    soup = AssignmentFactory(title="Soppkök", skills=[cooking], district=district)
    remote = AssignmentFactory(title="Översättning", is_remote=True, category=category)
    dated = AssignmentFactory(
        title="Chaufför till Folkets hus",
        starts_at=timezone.make_aware(dt.datetime(2030, 5, 4, 18)),
    )
    assert titles(client.get(LIST, {"skill": cooking.pk})) == [soup.title]
    assert titles(client.get(LIST, {"district": district.pk})) == [soup.title]
    assert titles(client.get(LIST, {"remote": "on"})) == [remote.title]
    assert titles(client.get(LIST, {"category": category.pk})) == [remote.title]
    assert titles(client.get(LIST, {"q": "folkets"})) == [dated.title]
    assert set(titles(client.get(LIST, {"ongoing": "on"}))) == {soup.title, remote.title}
    in_range = client.get(LIST, {"date_from": "2030-05-01", "date_to": "2030-05-31"})
    assert titles(in_range) == [dated.title]
    assert titles(client.get(LIST, {"date_from": "2030-06-01"})) == []


def test_list_paginates(client):
    AssignmentFactory.create_batch(25)
    first = client.get(LIST)
    assert len(first.context["page"]) == 20
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 5


def test_list_query_count_is_constant(client):
    AssignmentFactory(skills=[SkillFactory()])

    def grow():
        for _ in range(15):
            AssignmentFactory(skills=[SkillFactory(), SkillFactory()])

    assert_constant_queries(client, LIST, grow)


def test_detail_never_shows_the_contact_person(client):
    contact = factories.UserFactory(email="kontakt@forening.example", display_name="Kim Kontakt")
    assignment = AssignmentFactory(contact_person=contact)
    body = client.get(assignment.get_absolute_url()).content.decode()
    assert assignment.title in body
    assert "kontakt@forening.example" not in body and "Kim Kontakt" not in body


def test_volunteer_applies_and_sees_it(client, user):
    assignment = AssignmentFactory()
    client.force_login(user)
    response = client.post(
        reverse("volunteering:apply", kwargs={"pk": assignment.pk}), {"message": "Hej!"}
    )
    assert response.status_code == 302
    application = Application.objects.get(volunteer=user)
    assert application.message == "Hej!"
    mine = client.get(reverse("volunteering:my_applications")).content.decode()
    assert assignment.title in mine
    # a second application is refused with a message, not a crash
    again = client.post(
        reverse("volunteering:apply", kwargs={"pk": assignment.pk}),
        {"message": "Igen"},
        follow=True,
    )
    assert "redan" in again.content.decode() or "already" in again.content.decode()
    assert Application.objects.filter(volunteer=user).count() == 1


def test_an_assignment_with_a_minimum_age_asks_the_volunteer_to_confirm_it(client, user):
    assignment = AssignmentFactory(title="Nattvandring i Motala centrum", min_age=18)
    client.force_login(user)
    url = reverse("volunteering:apply", kwargs={"pk": assignment.pk})
    form = client.get(url).content.decode()
    assert 'name="confirms_age"' in form and "18" in form
    detail = client.get(assignment.get_absolute_url()).content.decode()
    assert 'name="confirms_age"' in detail
    refused = client.post(url, {"message": "Hej!"})
    assert refused.status_code == 200
    assert "Bekräfta att du är 18 år eller äldre." in refused.content.decode()
    assert not Application.objects.exists()
    accepted = client.post(url, {"message": "Hej!", "confirms_age": "on"})
    assert accepted.status_code == 302
    assert Application.objects.filter(volunteer=user, assignment=assignment).count() == 1
    # no age asked where none is set
    plain = AssignmentFactory()
    plain_url = reverse("volunteering:apply", kwargs={"pk": plain.pk})
    assert 'name="confirms_age"' not in client.get(plain_url).content.decode()


def test_my_applications_shows_only_my_own(client, user):
    mine = ApplicationFactory(volunteer=user)
    theirs = ApplicationFactory()
    client.force_login(user)
    body = client.get(reverse("volunteering:my_applications")).content.decode()
    assert mine.assignment.title in body and theirs.assignment.title not in body


def test_contact_details_only_for_the_association_applied_to(client, association_admin):
    association = association_admin.memberships.get().association
    volunteer = factories.UserFactory(email="birgitta@example.se")
    application = ApplicationFactory(assignment__association=association, volunteer=volunteer)
    url = reverse("volunteering:applicants", kwargs={"pk": application.assignment.pk})
    client.force_login(association_admin)
    assert "birgitta@example.se" in client.get(url).content.decode()
    # Another association sees nothing, and a volunteer who only opted in is listed without
    # contact details on the ranked list.
    other = factories.association_admin()
    client.force_login(other)
    assert client.get(url).status_code == 404
    VolunteerProfileFactory(user=factories.UserFactory(email="optin@example.se"))
    client.force_login(association_admin)
    candidates = client.get(
        reverse("volunteering:candidates", kwargs={"pk": application.assignment.pk})
    )
    assert "optin@example.se" not in candidates.content.decode()


def test_association_creates_publishes_and_closes(client, association_admin):
    client.force_login(association_admin)
    response = client.post(
        reverse("volunteering:create"),
        {
            "title": "Matlagning på Folkets hus",
            "description": "Laga mat till **50** personer.",
            "is_remote": "on",
            "hours_per_week": "2",
            "places": "3",
            "when": ["4", "32"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assignment = Assignment.objects.get()
    assert assignment.status == "draft" and assignment.slots == 36
    client.post(reverse("volunteering:publish", kwargs={"pk": assignment.pk}))
    assignment.refresh_from_db()
    assert assignment.status == "published" and assignment.needs_approval
    client.post(reverse("volunteering:close", kwargs={"pk": assignment.pk}), {"reason": "filled"})
    assignment.refresh_from_db()
    assert assignment.status == "closed"


def test_assignment_form_rejects_bad_input(client, association_admin):
    client.force_login(association_admin)
    response = client.post(
        reverse("volunteering:create"),
        {
            "title": "X",
            "description": "Y",
            "starts_at": "2030-05-04T18:00",
            "ends_at": "2030-05-04T10:00",
            "places": "0",
        },
    )
    errors = response.context["form"].errors
    assert {"ends_at", "places", "district"} <= set(errors)
    assert not Assignment.objects.exists()


def test_other_association_cannot_edit_or_decide(client, other_association_admin):
    application = ApplicationFactory()
    client.force_login(other_association_admin)
    edit = reverse("volunteering:edit", kwargs={"pk": application.assignment.pk})
    assert client.post(edit, {"title": "Kapat"}).status_code == 404
    decide = reverse("volunteering:decide", kwargs={"pk": application.pk, "action": "accept"})
    assert client.post(decide).status_code == 404
    application.refresh_from_db()
    assert application.status == "new"


def test_other_volunteer_cannot_withdraw(client):
    application = ApplicationFactory()
    client.force_login(factories.UserFactory())
    url = reverse("volunteering:withdraw", kwargs={"pk": application.pk})
    assert client.post(url).status_code == 404
    application.refresh_from_db()
    assert application.status == "new"


def test_accept_when_full_waitlists_with_a_message(client, association_admin):
    assignment = AssignmentFactory(
        association=association_admin.memberships.get().association, places=1
    )
    first, second = ApplicationFactory.create_batch(2, assignment=assignment)
    client.force_login(association_admin)
    for application in (first, second):
        response = client.post(
            reverse("volunteering:decide", kwargs={"pk": application.pk, "action": "accept"}),
            follow=True,
        )
    second.refresh_from_db()
    assert second.status == "waitlisted"
    assert "väntelista" in response.content.decode() or "waiting list" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    assignment = AssignmentFactory()
    for name in ("volunteering:profile", "volunteering:my_applications", "volunteering:manage"):
        assert client.get(reverse(name)).status_code == 302
    response = client.post(reverse("volunteering:apply", kwargs={"pk": assignment.pk}))
    assert "/konto/login/" in response.headers["Location"]
    assert not Application.objects.exists()


def test_profile_edit_saves_availability(client, user):
    skill = SkillFactory()
    client.force_login(user)
    response = client.post(
        reverse("volunteering:profile"),
        {"skills": [skill.pk], "when": ["1", "4"], "presentation": "Hej", "contactable": "on"},
    )
    assert response.status_code == 302
    profile = user.volunteer_profile
    assert profile.availability == 5 and profile.contactable
    assert list(profile.skills.all()) == [skill]


def test_coordinator_approves_and_unpublishes_from_the_page(client, coordinator):
    waiting = AssignmentFactory(needs_approval=True)
    client.force_login(coordinator)
    assert "godkann" in client.get(waiting.get_absolute_url()).content.decode()
    client.post(reverse("volunteering:approve", kwargs={"pk": waiting.pk}))
    waiting.refresh_from_db()
    assert not waiting.needs_approval
    url = reverse("volunteering:unpublish", kwargs={"pk": waiting.pk})
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    client.post(url, {"reason": "Kommersiell annons"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.unpublish_reason) == ("draft", "Kommersiell annons")


def test_association_sees_the_unpublish_reason(client, association_admin, coordinator):
    from associations import volunteer_services as services

    assignment = AssignmentFactory(association=association_admin.memberships.get().association)
    services.unpublish_assignment(assignment, by=coordinator, reason="Saknar beskrivning")
    client.force_login(association_admin)
    assert "Saknar beskrivning" in client.get(reverse("volunteering:manage")).content.decode()


def test_list_survives_bad_input(client):
    AssignmentFactory()
    for query in (
        {"category": "abc"},
        {"date_from": "inte-ett-datum"},
        {"page": "999"},
        {"page": "x"},
        {"q": "x" * 500},
        {"skill": "-1"},
    ):
        assert client.get(LIST, query).status_code == 200, query


def test_unknown_or_foreign_objects_are_404(client, user):
    client.force_login(user)
    assert client.get(reverse("volunteering:detail", kwargs={"pk": 999999})).status_code == 404
    url = reverse("volunteering:decide", kwargs={"pk": ApplicationFactory().pk, "action": "hack"})
    assert client.post(url).status_code == 404
