import pytest
from django.core.management import call_command
from django.urls import reverse

from associations.models import Association

pytestmark = pytest.mark.django_db


def test_demo_has_associations_sharing_resources_and_looking_for_volunteers(client):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    directory = reverse("associations:directory")
    sharing = [a.name for a in client.get(directory, {"has_resources": "on"}).context["page"]]
    assert sharing == ["Kooperativet Grenverket", "Motala Återvinningsförening (Återvinningen)"]
    looking = client.get(directory, {"has_assignments": "on"}).context["page"]
    assert len(looking) >= 3
    atervinningen = Association.objects.get(name__startswith="Motala Återvinningsförening")
    html = client.get(atervinningen.get_absolute_url()).content.decode()
    assert "Resurser att dela" in html and 'href="/lokaler/71an-matsalen/"' in html
