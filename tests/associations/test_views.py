import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from associations import services
from associations.models import Association, Membership
from portal.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db
REGISTER = reverse("associations:register")


def _form(**overrides):
    return {
        "name": "Borensbergs Båtklubb",
        "legal_form": "ideell",
        "org_number": "802412-3450",
        "purpose": "Vi **seglar**.",
        "contact_email": "info@batklubben.example",
        "is_public": "on",
        **overrides,
    }


def _png(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_register_creates_a_submitted_association_with_the_user_as_admin(client, user):
    client.force_login(user)
    category = factories.CategoryFactory()
    response = client.post(REGISTER, _form(categories=[category.pk], logo=_png()))
    association = Association.objects.get(org_number="802412-3450")
    assert response.status_code == 302 and response["Location"] == association.get_absolute_url()
    assert association.status == Association.Status.SUBMITTED
    assert list(association.categories.all()) == [category]
    assert association.logo.name.startswith("logos/") and association.logo.name.endswith(".png")
    assert Membership.objects.get(user=user, association=association).is_admin
    # The applicant sees their own submitted association, with its status; the public does not.
    assert client.get(association.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(association.get_absolute_url()).status_code == 404


def _logos(media):
    folder = media / "logos"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_failed_registration_leaves_no_logo_behind(
    client, user, settings, tmp_path, monkeypatch, allow_error_logs
):
    from django.core.exceptions import ValidationError

    settings.MEDIA_ROOT = tmp_path

    def refuse(association, *, by):
        raise ValidationError("Föreningen kunde inte skickas in.")

    monkeypatch.setattr(services, "submit_for_approval", refuse)  # fails after the row is saved
    client.force_login(user)
    response = client.post(REGISTER, _form(logo=_png()))
    assert response.status_code == 200
    assert "Föreningen kunde inte skickas in." in response.content.decode()
    assert not Association.objects.exists()
    assert _logos(tmp_path) == []


def test_a_replaced_logo_is_deleted_once_the_edit_is_saved(
    client, user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user)
    client.post(REGISTER, _form(logo=_png()))
    association = Association.objects.get()
    first = association.logo.name.removeprefix("logos/")
    assert _logos(tmp_path) == [first]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("associations:edit", args=[association.slug]), _form(logo=_png((16, 16)))
        )
    assert response.status_code == 302
    association.refresh_from_db()
    second = association.logo.name.removeprefix("logos/")
    assert second != first and _logos(tmp_path) == [second]


def test_register_normalises_the_org_number(client, user):
    client.force_login(user)
    client.post(REGISTER, _form(org_number="8024123450"))
    assert Association.objects.filter(org_number="802412-3450").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"org_number": "802412-3452"}, "org_number", "kontrollsiffra"),
        ({"org_number": "12345"}, "org_number", "NNNNNN-NNNN"),
        ({"org_number": ""}, "org_number", "organisationsnumret"),
        ({"name": "   "}, "name", "namn"),
        ({"founded_year": "2999"}, "founded_year", ""),
        ({"website": "javascript:alert(1)"}, "website", ""),
    ],
)
def test_bad_input_gets_a_swedish_message_and_saves_nothing(
    client, user, overrides, field, message
):
    client.force_login(user)
    response = client.post(REGISTER, _form(**overrides), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message.lower() in errors.lower()
    assert not Association.objects.exists() and not Membership.objects.exists()


def test_a_duplicate_org_number_is_refused(client, user):
    factories.AssociationFactory(org_number="802412-3450")
    client.force_login(user)
    response = client.post(REGISTER, _form())
    assert "redan registrerad" in " ".join(response.context["form"].errors["org_number"])
    assert Association.objects.count() == 1


def test_an_html_file_named_png_is_refused(client, user):
    client.force_login(user)
    fake = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script></html>", "image/png")
    response = client.post(REGISTER, _form(logo=fake))
    assert response.context["form"].errors["logo"]
    assert not Association.objects.exists()


def test_a_logo_over_its_limit_is_refused_with_a_message(client, user):
    client.force_login(user)
    big = SimpleUploadedFile("logo.png", _png().read() + b"\0" * (3 * 1024 * 1024), "image/png")
    response = client.post(REGISTER, _form(logo=big))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["logo"])
    assert "största tillåtna storleken är 2,0\xa0MB" in errors, errors
    assert not Association.objects.exists()


def test_a_30_mb_upload_is_refused_before_it_is_read(client, user):
    client.force_login(user)
    big = SimpleUploadedFile("logo.png", _png().read() + b"\0" * (30 * 1024 * 1024), "image/png")
    response = client.post(REGISTER, _form(logo=big))
    assert response.status_code == 413
    assert not Association.objects.exists()


def test_script_in_markdown_is_not_rendered(client, user):
    client.force_login(user)
    client.post(REGISTER, _form(purpose="Hej <script>alert('x')</script> **där**"))
    association = Association.objects.get()
    association.status = Association.Status.APPROVED
    association.save()
    html = client.get(association.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<strong>där</strong>" in html


def test_names_with_swedish_and_non_latin_letters_work(client, user):
    client.force_login(user)
    client.post(REGISTER, _form(name="Åsas Ölklubb – Ärligt"))
    client.post(REGISTER, _form(name="Українська громада", org_number="802445-8211"))
    slugs = set(Association.objects.values_list("slug", flat=True))
    assert "asas-olklubb-arligt" in slugs and len(slugs) == 2


def test_org_number_is_locked_after_approval_except_for_coordinators(client, coordinator):
    association = factories.AssociationFactory(approved_at="2026-01-01T10:00:00Z")
    admin = factories.association_admin(association)
    url = reverse("associations:edit", args=[association.slug])
    original = association.org_number
    client.force_login(admin)
    client.post(url, _form(name=association.name, org_number="802445-8211"))
    association.refresh_from_db()
    assert association.org_number == original
    client.force_login(coordinator)
    response = client.post(url, _form(name=association.name, org_number="802445-8211"))
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.org_number == "802445-8211"


def test_edit_by_another_associations_admin_changes_nothing(
    client, association, other_association_admin
):
    client.force_login(other_association_admin)
    url = reverse("associations:edit", args=[association.slug])
    assert client.post(url, _form(name="Kapad")).status_code == 404
    association.refresh_from_db()
    assert association.name != "Kapad"


def test_invitation_for_someone_without_an_account(
    client, association, association_admin, django_capture_on_commit_callbacks
):
    client.force_login(association_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("associations:members", args=[association.slug]),
            {"email": "Ny.Person@Example.se", "role": "admin"},
        )
    assert mail.outbox[0].to == ["ny.person@example.se"]
    link = re.search(r"http\S+/inbjudan/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert client.get("/" + path).status_code == 302  # to the login page; they sign up
    newcomer = factories.UserFactory(email="ny.person@example.se")
    wrong = factories.UserFactory()
    client.force_login(wrong)
    client.post("/" + path)
    assert not Membership.objects.filter(user=wrong).exists()
    client.force_login(newcomer)
    assert client.post("/" + path).status_code == 302
    assert Membership.objects.get(user=newcomer, association=association).is_admin


def test_invitations_are_limited_per_address_and_per_hour(client, association, association_admin):
    from django.core.exceptions import ValidationError

    for _ in range(services.INVITATIONS_PER_ADDRESS_PER_DAY):
        services.invite(association, by=association_admin, email="kassor@example.se")
    with pytest.raises(ValidationError, match="kassor@example.se"):
        services.invite(association, by=association_admin, email="Kassor@Example.se")
    left = services.INVITATIONS_PER_HOUR - services.INVITATIONS_PER_ADDRESS_PER_DAY
    for number in range(left):
        services.invite(association, by=association_admin, email=f"medlem{number}@example.se")
    client.force_login(association_admin)
    response = client.post(
        reverse("associations:members", args=[association.slug]),
        {"email": "en.till@example.se", "role": "member"},
        follow=True,
    )
    assert "många inbjudningar" in response.content.decode()
    sent = AuditEvent.objects.filter(action="member_invited", object_id=str(association.pk))
    assert sent.count() == services.INVITATIONS_PER_HOUR
    assert not sent.filter(data__email="en.till@example.se").exists()
    # another association has its own limit
    services.invite(
        factories.AssociationFactory(), by=association_admin, email="en.till@example.se"
    )


def test_an_expired_or_forged_invitation_is_refused(client, user, association, settings):
    token = services.make_invitation_token(association, user.email, "member")
    client.force_login(user)
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    response = client.post(reverse("associations:accept_invitation", args=[forged]))
    assert "inte giltig" in response.content.decode()
    services.INVITATION_MAX_AGE, old = -1, services.INVITATION_MAX_AGE
    try:
        response = client.post(reverse("associations:accept_invitation", args=[token]))
    finally:
        services.INVITATION_MAX_AGE = old
    assert "gått ut" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_the_last_admin_cannot_leave_or_be_demoted(client, association, association_admin):
    client.force_login(association_admin)
    client.post(reverse("associations:leave", args=[association.slug]))
    membership = Membership.objects.get(user=association_admin)
    client.post(
        reverse("associations:member_role", args=[association.slug, membership.pk]),
        {"role": "member"},
    )
    membership.refresh_from_db()
    assert membership.is_admin
    # With a second admin, the first may leave.
    second = factories.association_admin(association)
    response = client.post(reverse("associations:leave", args=[association.slug]))
    assert response.status_code == 302
    assert list(association.memberships.values_list("user", flat=True)) == [second.pk]


def test_admin_removes_a_member_and_changes_roles(client, association, association_admin):
    member = factories.MembershipFactory(association=association)
    client.force_login(association_admin)
    client.post(
        reverse("associations:member_role", args=[association.slug, member.pk]), {"role": "admin"}
    )
    member.refresh_from_db()
    assert member.is_admin
    client.post(reverse("associations:member_remove", args=[association.slug, member.pk]))
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_a_member_cannot_remove_others(client, association, association_admin):
    member = factories.MembershipFactory(association=association)
    client.force_login(member.user)
    admin_membership = Membership.objects.get(user=association_admin)
    url = reverse("associations:member_remove", args=[association.slug, admin_membership.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=admin_membership.pk).exists()


def test_switching_between_associations(client, user):
    first, second = factories.AssociationFactory(), factories.AssociationFactory()
    factories.MembershipFactory(user=user, association=first)
    factories.MembershipFactory(user=user, association=second)
    client.force_login(user)
    client.post(reverse("switch_association"), {"association": second.pk, "next": "/"})
    assert client.session["active_association_id"] == second.pk


def test_annual_update_form(client, association, association_admin):
    client.force_login(association_admin)
    url = reverse("associations:annual_update", args=[association.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"year": 2026, "age_0_6": 0, "age_7_25": 12, "age_26_64": 30, "age_65_plus": 8}
    )
    assert response.status_code == 302
    assert association.member_counts.get(year=2026).total == 50
