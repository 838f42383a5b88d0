"""Staff must use two-factor authentication (TOTP) before the admin and the staff pages."""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from portal import permissions
from portal.middleware import StaffMFAMiddleware, staff_mfa_required
from tests import factories
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, totp_code
from tests.portal.test_settings import PRODUCTION, _run_manage

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")


def test_the_staff_factories_give_a_totp_authenticator():
    for make in (
        factories.coordinator,
        factories.council_secretary,
        factories.fund_committee_member,
    ):
        user = make()
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert not Authenticator.objects.filter(user=UserFactory()).exists()


@pytest.mark.parametrize(
    "make", [factories.coordinator, factories.council_secretary, factories.fund_committee_member]
)
def test_staff_without_an_authenticator_are_sent_to_set_one_up_before_the_admin(client, make):
    user = make(mfa=False)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == SETUP
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "tvåstegsverifiering" in text
    # The setup page itself is not a staff page: no redirect loop (allauth may first ask for
    # the password again, as the login is not recent).
    response = client.get(SETUP)
    assert response.status_code == 200 or response.url.startswith(reverse("account_reauthenticate"))


def test_a_superuser_without_an_authenticator_is_sent_to_setup(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, mfa=False))
    assert client.get("/admin/").url == SETUP


def test_staff_with_an_authenticator_reach_the_admin(client):
    client.force_login(factories.coordinator())
    assert client.get("/admin/").status_code == 200


def test_a_plain_user_is_not_asked_for_mfa_and_the_admin_refuses_them(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url != SETUP


def test_the_requirement_can_be_switched_off(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(factories.coordinator(mfa=False))
    assert client.get("/admin/").status_code == 200


def _run_view(view, user):
    request = RequestFactory().get("/granska/")
    request.user = user
    request.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    middleware = StaffMFAMiddleware(lambda r: HttpResponse("ok"))
    return middleware.process_view(request, view, (), {}) or view(request)


def test_role_required_views_are_staff_pages():
    @permissions.role_required(permissions.FUND_COMMITTEE)
    def review(request):
        return HttpResponse("review")

    assert review.staff_mfa is True
    assert _run_view(review, factories.fund_committee_member(mfa=False)).url == SETUP
    assert _run_view(review, factories.fund_committee_member()).content == b"review"


def test_views_marked_with_the_decorator_are_staff_pages():
    @staff_mfa_required
    def page(request):
        return HttpResponse("page")

    assert _run_view(page, factories.coordinator(mfa=False)).url == SETUP
    assert _run_view(page, UserFactory()).content == b"page"


def test_staff_login_asks_for_the_totp_code(client):
    user = factories.coordinator()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 302  # not logged in yet
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # wrong code: asked again
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_allauth_and_its_rate_limit(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    user = factories.coordinator()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_common_and_short_passwords_are_rejected():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password123", "qwertyuiop", "1234567890", "iloveyou12"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Vättern-runt-med-cykel-9")


def _production_settings(*names, **env):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = _run_manage("shell", "-c", code, env_extra=PRODUCTION | env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_samesite_and_proxy_count_is_configurable():
    values = _production_settings(
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "ALLAUTH_TRUSTED_PROXY_COUNT",
        "SECURE_PROXY_SSL_HEADER", "STAFF_MFA_REQUIRED",
        TRUSTED_PROXY_COUNT="1",
    )  # fmt: skip
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["LANGUAGE_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["STAFF_MFA_REQUIRED"] is True


def test_rate_limit_counts_the_client_behind_a_trusted_proxy(settings):
    """With one trusted proxy, the client is the entry the proxy appended, not a spoofed one."""
    from allauth.core.internal.httpkit import get_client_ip

    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.2"
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert get_client_ip(request) == "10.0.0.2"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert get_client_ip(request) == "198.51.100.7"


def test_listed_staff_paths_ask_staff_but_not_association_admins(settings):
    """A path in STAFF_MFA_PATHS stops staff without TOTP; everyone else passes through."""
    settings.STAFF_MFA_PATHS = ["/admin/", "/granska/"]

    def page(request):
        return HttpResponse("page")

    assert _run_view(page, factories.coordinator(mfa=False)).url == SETUP
    assert _run_view(page, factories.association_admin()).content == b"page"
