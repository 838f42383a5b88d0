import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "about", "accessibility", "privacy"])
def test_public_pages_render_in_swedish_with_landmarks(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    for landmark in (
        "<header",
        "<nav",
        '<main id="main"',
        "<footer",
        'class="skip-link" href="#main"',
    ):
        assert landmark in html


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/om/"})
    assert response.status_code == 302
    html = client.get("/om/").content.decode()
    assert '<html lang="en">' in html
    assert "About Idéburna" in html
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "Om Idéburna" in client.get("/om/").content.decode()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan kunde inte hittas" in response.content.decode()


def test_dashboard_needs_login(client, user):
    assert client.get(reverse("dashboard")).status_code == 302
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200


def test_sitemap_lists_public_pages(client):
    body = client.get("/sitemap.xml").content.decode()
    assert "/tillganglighet/" in body


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")
