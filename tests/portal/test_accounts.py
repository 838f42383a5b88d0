import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_requires_email_verification_before_login(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Birgitta@Example.se", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "birgitta@example.se"
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in until the address is verified.
    assert client.get(reverse("dashboard")).status_code == 302

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("dashboard")).status_code == 200


def test_signup_mail_is_in_swedish_by_default(client):
    client.post(
        reverse("account_signup"),
        {"email": "anna@example.se", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Bekräfta" in mail.outbox[0].subject or "bekräfta" in mail.outbox[0].body.lower()
    assert User.objects.get().preferred_language == "sv"


def test_signup_rejects_common_password_with_a_swedish_message(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.se", "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert "för vanligt" in response.content.decode()
    assert not User.objects.exists()


def test_login_with_email(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_sixth_failed_login_within_five_minutes_is_refused_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_user_manager_normalises_email():
    user = User.objects.create_user("Kalle@EXAMPLE.se", "x")
    assert user.email == "kalle@example.se"
    assert User.objects.get_by_natural_key("KALLE@example.se") == user
