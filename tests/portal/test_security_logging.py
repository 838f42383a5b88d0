"""Authentication events and permission denials are logged — by user id or pseudonym, never
with passwords, e-mail addresses, tokens, session ids or two-factor secrets."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD, TOTP_SECRET, totp_code

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def _log_text(caplog) -> str:
    return "\n".join(
        f"{r.name} {r.levelname} {r.getMessage()} {getattr(r, 'request', '')!s}"
        for r in caplog.records
    )


def test_a_whole_account_journey_logs_events_without_secrets(client, caplog):
    caplog.set_level(logging.INFO)
    # Sign up, verify, log in and out, fail a login, reset the password.
    client.post(
        reverse("account_signup"),
        {"email": "karin.lind@example.se", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"/konto/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link)
    client.post(reverse("account_logout"))
    client.post(
        reverse("account_login"), {"login": "karin.lind@example.se", "password": "fel-lösen-1"}
    )
    client.post(reverse("account_login"), {"login": "karin.lind@example.se", "password": PASSWORD})
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Nytt-lösenord-vid-Vättern", "password2": "Nytt-lösenord-vid-Vättern"},
    )  # fmt: skip
    client.post(reverse("account_logout"))
    client.post(reverse("account_reset_password"), {"email": "karin.lind@example.se"})
    reset_link = re.search(r"/konto/password/reset/key/[^\s]+/", mail.outbox[-1].body).group(0)

    # A staff login with a wrong and then a right two-factor code, then a refused page.
    staff = factories.coordinator()
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": "123456"})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    client.post(reverse("account_logout"))

    text = _log_text(caplog)
    # The events are there...
    assert "login failed account=" in text
    assert "login ok user=" in text
    assert "password changed user=" in text
    assert "two-factor code refused user=" in text
    # ...and nothing that identifies or unlocks an account.
    secrets = [PASSWORD, "fel-lösen-1", "Nytt-lösenord-vid-Vättern", TOTP_SECRET, totp_code()]
    secrets += [link.split("/")[-2], reset_link.split("/")[-2], client.cookies.get("csrftoken", "")]
    for secret in filter(None, (str(s) for s in secrets)):
        assert secret not in text, f"a secret appears in the log: {secret[:4]}…"
    assert not EMAIL.search(text), EMAIL.search(text).group(0)


def test_a_permission_denial_is_logged_with_path_and_user_id_only(client, caplog, rf):
    from django.core.exceptions import PermissionDenied

    from portal.views import permission_denied

    caplog.set_level(logging.INFO)
    user = factories.UserFactory(email="anna.berg@example.se")
    request = rf.get("/mikrofond/granska/12/?token=abc123secret")
    request.user = user
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    text = _log_text(caplog)
    assert f"permission denied path=/mikrofond/granska/12/ user={user.pk}" in text
    assert "abc123secret" not in text and "anna.berg" not in text


def test_a_refused_staff_page_is_logged(client, caplog):
    caplog.set_level(logging.INFO)
    client.force_login(factories.UserFactory())
    from portal import permissions

    @permissions.role_required(permissions.COORDINATORS)
    def staff_only(request):  # pragma: no cover  (never reached)
        raise AssertionError

    from django.test import RequestFactory

    from portal.views import permission_denied

    request = RequestFactory().get("/admin-ish/")
    request.user = factories.UserFactory()
    with pytest.raises(Exception) as info:
        staff_only(request)
    permission_denied(request, info.value)
    assert "permission denied path=/admin-ish/" in _log_text(caplog)


def test_logging_config_keeps_sql_parameters_out():
    from django.conf import settings

    assert settings.LOGGING["loggers"]["django.db.backends"]["level"] == "WARNING"
