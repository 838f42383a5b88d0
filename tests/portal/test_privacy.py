"""GDPR: every person can see, download and delete what the portal holds about them."""

from __future__ import annotations

import json
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from associations.models import Membership
from portal import audit, privacy
from portal.models import AuditEvent, User
from tests import factories
from tests.factories import PASSWORD
from tests.portal import privacy_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_app(monkeypatch):
    monkeypatch.setattr(privacy, "EXTRA_MODULES", ("tests.portal.privacy_fixture",))
    privacy_fixture.CALLS.clear()
    return privacy_fixture


def _member():
    user = factories.UserFactory(display_name="Birgitta Berg")
    association = factories.AssociationFactory(name="Tjällmo Hembygdsförening")
    factories.MembershipFactory(user=user, association=association)
    return user, association


def test_my_data_shows_account_memberships_and_each_apps_section(client, fake_app):
    user, association = _member()
    client.force_login(user)
    body = client.get(reverse("my_data")).content.decode()
    assert user.email in body and "Birgitta Berg" in body
    assert "Tjällmo Hembygdsförening" in body
    assert "070-123 45 67" in body  # the app's own export
    assert 'href="/mina-sidor/radera-konto/"' in body


def test_the_download_is_a_json_attachment_with_everything(client, fake_app):
    user, association = _member()
    client.force_login(user)
    response = client.get(reverse("my_data_download"))
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="mina-uppgifter-'
    )
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]
    assert data["memberships"][0]["association"] == association.name
    assert data["tests.portal.privacy_fixture"]["volunteer_profile"]["phone"] == "070-123 45 67"


def test_the_export_is_only_ever_the_logged_in_persons_own(client):
    me, _ = _member()
    other, _ = _member()
    client.force_login(me)
    body = client.get(reverse("my_data_download")).content.decode()
    assert other.email not in body


def test_a_wrong_password_deletes_nothing(client, fake_app):
    user, _ = _member()
    client.force_login(user)
    response = client.post(reverse("delete_account"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "aria-invalid" in response.content.decode() or "errorlist" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert fake_app.CALLS == []


def test_deleting_the_account_erases_every_app_first_and_keeps_the_audit_without_the_person(
    client, fake_app
):
    user, association = _member()
    factories.add_totp(user)
    audit.record(association, "approve", by=user, from_state="pending", to_state="approved")
    client.force_login(user)
    response = client.post(reverse("delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert [("erase", user.pk)] == fake_app.CALLS
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not Authenticator.objects.filter(user_id=user.pk).exists()
    event = AuditEvent.objects.get(action="approve")
    assert event.actor is None and event.to_state == "approved"  # the decision is kept
    assert client.get(reverse("dashboard")).status_code == 302  # logged out


def test_an_account_that_must_be_kept_is_anonymised_instead(monkeypatch, fake_app):
    user, _ = _member()

    def protected(self, *args, **kwargs):
        raise ProtectedError("kept by the ledger", set())

    monkeypatch.setattr(User, "delete", protected)
    assert privacy.erase(user) == "anonymised"
    user.refresh_from_db()
    assert user.email.endswith("@invalid.invalid") and user.display_name == ""
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()


def test_the_registry_finds_the_apps_privacy_modules():
    names = [name for name, _module in privacy.providers()]
    for app in privacy.PROJECT_APPS:
        if privacy._module_exists(f"{app}.privacy"):
            assert app in names
    if privacy._module_exists("associations.volunteer_privacy"):
        assert "associations.volunteer" in names


def test_every_provider_exports_json_and_erases_without_error():
    """Each app's export(user)/erase(user) runs on a real person with memberships."""
    user, _ = _member()
    json.dumps(privacy.export(user))
    assert privacy.erase(user) in {"deleted", "anonymised"}


# --- No personnummer ------------------------------------------------------------------------

# Fields whose name looks like a personal identity number, allowed with the reason.
PERSONNUMMER_ALLOWED: dict[str, str] = {
    "councils.Minutes.personal_number_override": (
        "the secretary's reason for publishing minutes the personnummer check flagged; a text, "
        "never the number itself"
    ),
}
SUSPICIOUS = re.compile(
    r"person(al)?_?(identity_?)?(nummer|number|nr|id_?number)|personnr|\bpnr\b|\bssn\b|"
    r"social_security|samordningsnummer|birth_?number|personnummer",
    re.IGNORECASE,
)


def test_no_model_field_stores_a_personnummer_unless_explicitly_allowed():
    offenders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not hasattr(field, "attname"):
                continue
            label = f"{model._meta.label}.{field.name}"
            texts = [
                field.name,
                str(getattr(field, "verbose_name", "")),
                str(getattr(field, "help_text", "")),
            ]
            texts += [
                getattr(v, "__name__", "") or type(v).__name__
                for v in getattr(field, "validators", [])
            ]
            suspicious = any(SUSPICIOUS.search(t.replace(" ", "_")) for t in texts if t)
            if suspicious and label not in PERSONNUMMER_ALLOWED:
                offenders.append(label)
    assert not offenders, f"fields that look like a personnummer: {offenders}"


def test_the_scan_would_catch_one():
    assert SUSPICIOUS.search("personnummer")
    assert SUSPICIOUS.search("personal_identity_number")
    assert SUSPICIOUS.search("Personnummer".replace(" ", "_"))
    assert not SUSPICIOUS.search("org_number")
    assert not SUSPICIOUS.search("phone_number")
