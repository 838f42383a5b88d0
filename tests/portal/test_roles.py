import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from portal import permissions
from tests.factories import AssociationFactory, MembershipFactory, UserFactory, association_admin

pytestmark = pytest.mark.django_db


def test_role_groups_are_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(permissions.ROLES)


def test_has_role_follows_group_membership():
    plain = UserFactory()
    coordinator = UserFactory(roles=[permissions.COORDINATORS])
    assert not permissions.is_coordinator(plain)
    assert permissions.is_coordinator(coordinator)
    assert not permissions.is_fund_committee(coordinator)
    assert not permissions.is_coordinator(AnonymousUser())


def test_inactive_user_has_no_roles():
    user = UserFactory(roles=[permissions.COORDINATORS], is_active=False)
    assert not permissions.is_coordinator(user)


def _view(request):
    return HttpResponse("ok")


def test_role_required_sends_anonymous_to_login_and_refuses_others():
    view = permissions.role_required(permissions.FUND_COMMITTEE)(_view)
    request = RequestFactory().get("/mikrofond/granskning/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "/konto/login/" in response.url
    request.user = UserFactory()
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory(roles=[permissions.FUND_COMMITTEE])
    assert view(request).status_code == 200


def test_association_admin_checks():
    association = AssociationFactory()
    admin = association_admin(association)
    member = MembershipFactory(association=association).user
    stranger = association_admin(AssociationFactory())
    assert permissions.is_association_admin(admin, association)
    assert not permissions.is_association_admin(member, association)
    assert permissions.is_association_member(member, association)
    with pytest.raises(PermissionDenied):
        permissions.require_association_admin(stranger, association)
    with pytest.raises(PermissionDenied):
        permissions.require_association_member(stranger, association)


def test_switching_association_only_to_ones_you_belong_to(client):
    first, second, foreign = (
        AssociationFactory(name="A"),
        AssociationFactory(name="B"),
        AssociationFactory(),
    )
    user = association_admin(first)
    MembershipFactory(user=user, association=second)
    client.force_login(user)
    client.post("/mina-sidor/forening/", {"association": second.pk, "next": "/mina-sidor/"})
    assert client.session[permissions.ACTIVE_ASSOCIATION_SESSION_KEY] == second.pk
    response = client.post("/mina-sidor/forening/", {"association": foreign.pk}, follow=True)
    assert client.session[permissions.ACTIVE_ASSOCIATION_SESSION_KEY] == second.pk
    assert "inte medlem" in response.content.decode()


def test_switch_ignores_foreign_next_url(client):
    user = association_admin()
    client.force_login(user)
    response = client.post(
        "/mina-sidor/forening/", {"association": "x", "next": "https://evil.example/"}
    )
    assert response.url == "/"
