"""The home page and "My pages" gather partials from every app: their SQL query count must not
grow with the data of any of them."""

import pytest
from django.urls import reverse

from associations.models import Membership
from tests import factories
from tests.bookings.factories import BookingFactory
from tests.councils.factories import MeetingFactory, published_meeting, secretary_of
from tests.microfund.factories import complete_application
from tests.resources.factories import ResourceFactory
from tests.utils import assert_constant_queries
from tests.volunteering.factories import ApplicationFactory, AssignmentFactory

pytestmark = pytest.mark.django_db
HOME = reverse("home")
DASHBOARD = reverse("dashboard")


def _grow_everywhere(association, user, count):
    """More of everything: associations, assignments and applications, resources and coming
    bookings, published minutes, microfund applications."""
    for _ in range(count):
        other = factories.AssociationFactory()
        factories.MembershipFactory(user=user, association=other, role=Membership.Role.ADMIN)
        assignment = AssignmentFactory(association=association)
        ApplicationFactory(assignment=assignment)  # a new application waiting for the admin
        ApplicationFactory(assignment=AssignmentFactory(association=other), volunteer=user)
        resource = ResourceFactory(owner=other)
        BookingFactory(association=association, resource=resource, booked_by=user)
        complete_application(association=association)
    published_meeting()


@pytest.fixture
def admin_with_data():
    association = factories.AssociationFactory(
        name="Aktiva seniorer i Motala"
    )  # first by name: acted for
    user = factories.association_admin(association)
    _grow_everywhere(association, user, 2)
    return association, user


def test_home_page_query_count_is_constant_as_every_app_grows(client, admin_with_data):
    association, user = admin_with_data
    response = client.get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 öppna uppdrag" in html
    assert "Senaste protokollet" in html
    assert_constant_queries(client, HOME, lambda: _grow_everywhere(association, user, 5))
    client.force_login(user)
    assert_constant_queries(client, HOME, lambda: _grow_everywhere(association, user, 3))


def test_home_page_shows_the_apps_figures(client, admin_with_data):
    html = client.get(HOME, headers={"accept-language": "en"}).content.decode()
    assert "associations in the directory" in html
    assert "open assignments" in html and "bookable resources" in html
    assert "Latest minutes:" in html


def test_dashboard_query_count_is_constant_for_an_association_admin(client, admin_with_data):
    association, user = admin_with_data
    client.force_login(user)
    response = client.get(DASHBOARD, headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Assignments of {association.name}" in html and "2 new applications" in html
    assert "Styrelsemöte" not in html and html.count("(confirmed)") == 2
    assert_constant_queries(client, DASHBOARD, lambda: _grow_everywhere(association, user, 5))


def test_dashboard_query_count_is_constant_for_a_council_secretary(client, admin_with_data):
    council = published_meeting().council
    secretary = secretary_of(council)
    MeetingFactory(council=council)  # held, minutes not yet written
    client.force_login(secretary)
    assert "Inget protokoll än" in client.get(DASHBOARD).content.decode()
    assert_constant_queries(
        client, DASHBOARD, lambda: [MeetingFactory(council=council) for _ in range(4)]
    )
