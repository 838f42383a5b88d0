import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from associations.models import Association
from portal.audit import history
from tests import factories
from tests.associations.factories import SubmittedAssociationFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:associations_association_changelist")
QUEUE = reverse("admin:associations_pendingassociation_changelist")
IMPORT = reverse("admin:associations_association_import")


@pytest.fixture
def staff(client):
    user = factories.coordinator()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="associations"))
    client.force_login(user)
    return user


def test_queue_lists_submitted_oldest_first_with_age(client, staff):
    now = timezone.now()
    new = SubmittedAssociationFactory(name="Ny", submitted_at=now - datetime.timedelta(hours=2))
    old = SubmittedAssociationFactory(name="Gammal", submitted_at=now - datetime.timedelta(days=9))
    factories.AssociationFactory(name="Redan godkänd")
    response = client.get(QUEUE)
    assert list(response.context["cl"].result_list) == [old, new]
    assert "1\xa0vecka, 2\xa0dagar" in response.content.decode()


def test_approve_action_goes_through_the_service(client, staff, django_capture_on_commit_callbacks):
    association = SubmittedAssociationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, {"action": "approve", "_selected_action": [association.pk]})
    association.refresh_from_db()
    assert association.status == Association.Status.APPROVED
    assert history(association).last().actor == staff
    assert len(mail.outbox) == 1


def test_reject_action_asks_for_a_reason_first(client, staff, django_capture_on_commit_callbacks):
    association = SubmittedAssociationFactory()
    data = {"action": "reject", "_selected_action": [association.pk]}
    response = client.post(QUEUE, data)
    assert response.status_code == 200 and "reason" in response.context["form"].fields
    association.refresh_from_db()
    assert association.status == Association.Status.SUBMITTED
    response = client.post(QUEUE, data | {"apply": "1", "reason": ""})
    assert response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, data | {"apply": "1", "reason": "Styrelseprotokoll saknas."})
    association.refresh_from_db()
    assert association.status == Association.Status.REJECTED
    assert association.rejection_reason == "Styrelseprotokoll saknas."
    assert "Styrelseprotokoll saknas." in mail.outbox[0].body


def test_grant_eligible_and_archive_actions(client, staff):
    association = factories.AssociationFactory()
    client.post(CHANGELIST, {"action": "mark_grant_eligible", "_selected_action": [association.pk]})
    client.post(CHANGELIST, {"action": "archive", "_selected_action": [association.pk]})
    association.refresh_from_db()
    assert association.grant_eligible and association.status == Association.Status.ARCHIVED
    assert [e.action for e in history(association)] == ["grant_eligible", "archived"]


def test_a_staff_user_without_permission_cannot_use_the_admin(client):
    client.force_login(factories.council_secretary())
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(IMPORT).status_code == 403


def _register_csv(rows: int = 348, bad: set[int] = frozenset()) -> tuple[bytes, int]:
    """A register like the town's: ``rows`` rows, with broken rows at the positions in ``bad``."""
    factories.CategoryFactory(name="Idrott", slug="idrott")
    factories.CategoryFactory(name="Kultur", slug="kultur")
    factories.DistrictFactory(name="Motala centrum", slug="motala-centrum")
    factories.DistrictFactory(name="Tjällmo", slug="tjallmo")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Namn", "Organisationsnummer", "Associationsform", "Kategori", "Område",
                     "E-post", "Telefon", "Webbplats"])  # fmt: skip
    for i in range(rows):
        row = [
            f"Förening {i} i Motala", factories.luhn_org_number(100_000 + i), "ideell förening",
            "Idrott" if i % 2 else "Kultur|Idrott", "Motala centrum" if i % 3 else "Tjällmo",
            f"info{i}@forening.example", "0141-22 00 00", f"forening{i}.example",
        ]  # fmt: skip
        if i in bad:
            kind = i % 4
            if kind == 0:
                row[1] = row[1][:-1] + str((int(row[1][-1]) + 1) % 10)  # wrong check digit
            elif kind == 1:
                row[4] = "Atlantis"
            elif kind == 2:
                row[5] = "inte-en-adress"
            else:
                row[0] = ""
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig"), rows


def _upload(client, content, dry_run):
    data = {"file": SimpleUploadedFile("register.csv", content, "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT, data)


def test_import_348_rows_dry_run_shows_bad_rows_and_saves_nothing(client, staff):
    bad = {4, 17, 102, 203, 347}
    content, _ = _register_csv(348, bad)
    response = _upload(client, content, dry_run=True)
    result = response.context["result"]
    assert sorted(row.line - 2 for row in result.bad_rows) == sorted(bad)
    html = response.content.decode()
    assert "Atlantis" in html and "kontrollsiffran" in html
    assert not Association.objects.exists()
    # The real import with bad rows is refused as a whole.
    response = _upload(client, content, dry_run=False)
    assert not Association.objects.exists()


def test_import_348_good_rows_all_or_nothing_and_idempotent(client, staff):
    content, rows = _register_csv(348)
    result = _upload(client, content, dry_run=True).context["result"]
    assert (result.created, result.updated, result.bad_rows) == (348, 0, [])
    assert not Association.objects.exists()
    result = _upload(client, content, dry_run=False).context["result"]
    assert result.created == 348
    assert Association.objects.filter(status=Association.Status.APPROVED).count() == 348
    first = Association.objects.get(org_number=factories.luhn_org_number(100_000))
    assert sorted(c.slug for c in first.categories.all()) == ["idrott", "kultur"]
    assert first.website == "https://forening0.example" and first.district.slug == "tjallmo"
    events = history(first).count()
    again = _upload(client, content, dry_run=False).context["result"]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 348)
    assert Association.objects.count() == 348 and history(first).count() == events


def test_import_updates_changed_rows_by_org_number(client, staff):
    content, _ = _register_csv(3)
    _upload(client, content, dry_run=False)
    changed = content.decode("utf-8-sig").replace("Förening 1 i Motala", "Förening Ett").encode()
    result = _upload(client, changed, dry_run=False).context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Association.objects.filter(name="Förening Ett").count() == 1


def test_import_refuses_a_file_without_the_columns(client, staff):
    response = _upload(client, b"foo,bar\n1,2\n", dry_run=True)
    assert response.context["result"].file_errors


def test_export_csv(client, staff):
    factories.AssociationFactory(name="Ölklubben", phone="+46 141 22 00 00")
    response = client.get(reverse("admin:associations_association_export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["name"] == "Ölklubben" and rows[0]["phone"] == "+46 141 22 00 00"
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [Association.objects.get().pk]}
    )
    assert b"".join(response.streaming_content).decode("utf-8-sig").count("\n") == 2
