"""Demo data, the home/dashboard partials, the coordinator dashboard and privacy contracts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from associations import dashboard, demo, privacy
from associations.models import Association, MemberCount, Membership
from associations.validators import validate_org_number
from portal import demo as portal_demo
from tests import factories
from tests.associations.factories import SubmittedAssociationFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_fills_the_seed_associations():
    for _ in range(2):
        ctx = portal_demo.DemoContext()
        portal_demo.seed(ctx)
        demo.seed(ctx)
    assert Association.objects.count() == len(portal_demo.ASSOCIATIONS) + len(demo.MORE)
    atervinningen = Association.objects.get(name__startswith="Motala Återvinningsförening")
    assert atervinningen.is_work_integrating and "1992" in atervinningen.purpose
    assert MemberCount.objects.filter(association=atervinningen).count() == 1
    assert Association.objects.filter(status=Association.Status.SUBMITTED).count() == 2
    for _name, *_rest in demo.MORE:
        validate_org_number(Association.objects.get(name=_name).org_number)


def test_waiting_reports_the_queue():
    assert dashboard.waiting()[0]["count"] == 0
    oldest = timezone.now() - datetime.timedelta(days=4)
    SubmittedAssociationFactory(submitted_at=oldest)
    SubmittedAssociationFactory()
    item = dashboard.waiting()[0]
    assert (item["count"], item["oldest"]) == (2, oldest)
    assert item["url"] == reverse("admin:associations_pendingassociation_changelist")


def test_privacy_export_and_erase(association, association_admin):
    other = factories.UserFactory()
    factories.MembershipFactory(user=other, association=association)
    data = privacy.export(association_admin)
    assert data["memberships"][0]["association"] == association.name
    assert data["memberships"][0]["role"] == "admin"
    privacy.erase(association_admin)
    assert not Membership.objects.filter(user=association_admin).exists()
    assert Membership.objects.filter(user=other).exists()
    assert Association.objects.filter(pk=association.pk).exists()


def test_home_and_dashboard_partials(client, association, association_admin):
    factories.AssociationFactory(status=Association.Status.DRAFT)
    assert "1 förening i registret" in client.get("/").content.decode()
    client.force_login(association_admin)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("associations:members", args=[association.slug]) in html
    assert reverse("associations:edit", args=[association.slug]) in html
