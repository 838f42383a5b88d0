import pytest

from associations import demo
from associations.models import Association
from associations.validators import luhn_ok, validate_org_number
from portal import demo as portal_demo


@pytest.mark.parametrize("row", portal_demo.ASSOCIATIONS, ids=lambda row: row[1])
def test_every_demo_org_number_passes_the_luhn_check(row):
    org_number = row[1]
    validate_org_number(org_number)  # raises ValidationError on a bad check digit
    assert luhn_ok(org_number.replace("-", ""))


def test_the_generated_demo_org_numbers_pass_too():
    for number in range(len(demo.MORE)):
        validate_org_number(demo._org_number(number))


@pytest.mark.django_db
def test_seeding_again_corrects_a_database_seeded_with_the_old_numbers():
    portal_demo.seed(portal_demo.DemoContext())
    atervinningen = Association.objects.get(org_number="802412-3450")
    Association.objects.filter(pk=atervinningen.pk).update(org_number="802412-3452")
    portal_demo.seed(portal_demo.DemoContext())
    assert Association.objects.count() == len(portal_demo.ASSOCIATIONS)
    for association in Association.objects.all():
        validate_org_number(association.org_number)
