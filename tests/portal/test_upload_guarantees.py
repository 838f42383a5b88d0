"""Uploads across the portal: a request-size limit before the body is read, every file field
validated by content with a random storage name, private files only as attachments."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models

from portal.uploads import FileValidator, RandomName, private_storage, serve_private_file

PROJECT_APPS = {"portal", "associations", "resources", "bookings", "councils", "microfund"}


class _Exploding(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the oversize request body was read")

    readline = read


@pytest.mark.django_db
def test_an_oversize_request_gets_413_before_its_body_is_read(client, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = client.generic(
        "POST",
        "/konto/login/",
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10 * 1024 * 1024 * 1024),
        **{"wsgi.input": _Exploding()},
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_request_under_the_limit_is_handled(client, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    assert (
        client.post("/konto/login/", {"login": "a@example.se", "password": "x"}).status_code == 200
    )


def test_upload_limits_are_set_and_consistent():
    assert settings.MAX_UPLOAD_BYTES <= 50 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_BYTES
    assert "portal.middleware.RequestSizeLimitMiddleware" in settings.MIDDLEWARE[:3]


def _file_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_file_field_is_validated_by_content_and_stored_under_a_random_name():
    """User uploads (any field with public storage, or with a validator) are checked by content
    and stored under a random name; a private field without a validator holds generated files."""
    problems = []
    for label, field in _file_fields():
        private = field.storage is private_storage or getattr(field, "_storage_callable", None)
        validated = any(isinstance(v, FileValidator) for v in field.validators)
        if not private and not validated:
            problems.append(f"{label}: public file without FileValidator")
        if validated and not isinstance(field.upload_to, RandomName):
            problems.append(f"{label}: upload_to is not RandomName")
        # The request-size limit must let the largest allowed file through, with the form.
        room = settings.MAX_UPLOAD_BYTES - 256 * 1024
        if validated and any(v.max_size > room for v in field.validators
                             if isinstance(v, FileValidator)):  # fmt: skip
            problems.append(f"{label}: max_size leaves no room under MAX_UPLOAD_BYTES")
    assert not problems, problems


@pytest.mark.django_db
def test_private_files_live_outside_the_served_directories_and_no_url_serves_them(client):
    private = settings.PRIVATE_ROOT.resolve()
    for served in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not private.is_relative_to(served.resolve())
    settings.PRIVATE_ROOT.mkdir(parents=True, exist_ok=True)
    name = private_storage.save("microfund/secret-test.pdf", ContentFile(b"%PDF-1.7 secret"))
    try:
        for url in (private_storage.url(name), f"/private/{name}", f"/{name}"):
            assert client.get(url).status_code == 404, url
    finally:
        private_storage.delete(name)


@pytest.mark.django_db
def test_private_files_are_served_as_attachments_never_inline(tmp_path, settings):
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    from django.core.files.storage import storages

    storage = storages.create_storage(settings.STORAGES["private"])
    name = storage.save("microfund/abc.pdf", ContentFile(b"%PDF-1.7\n<html><script>x</script>"))

    class FieldFile:
        def __init__(self):
            self.storage, self.name = storage, name

        def __bool__(self):
            return True

    response = serve_private_file(FieldFile(), "Ansökan Återvinningen.pdf")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    response.close()
