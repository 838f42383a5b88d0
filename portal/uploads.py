"""Uploaded files: type decided by content (magic bytes), size limits, random storage names.

Private documents (loan applications, unpublished minutes) live in the "private" storage, which
has no URL; views stream them with ``serve_private_file`` after checking permissions.
"""

from __future__ import annotations

import contextlib
import io
import uuid
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _

# kind -> (mime types accepted, extension we store)
KINDS = {
    "pdf": ({"application/pdf"}, "pdf"),
    "png": ({"image/png"}, "png"),
    "jpeg": ({"image/jpeg"}, "jpg"),
    "webp": ({"image/webp"}, "webp"),
    "xlsx": ({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, "xlsx"),
    "docx": ({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, "docx"),
    "odt": ({"application/vnd.oasis.opendocument.text"}, "odt"),
    "ods": ({"application/vnd.oasis.opendocument.spreadsheet"}, "ods"),
}
IMAGES = ("png", "jpeg", "webp")
DOCUMENTS = ("pdf", "docx", "xlsx", "odt", "ods")

_LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "webp": "WebP", "xlsx": "Excel (.xlsx)",
           "docx": "Word (.docx)", "odt": "OpenDocument (.odt)", "ods": "OpenDocument (.ods)"}  # fmt: skip


@contextlib.contextmanager
def files_follow_transaction(instance, field: str):
    """Wrap a service's ``transaction.atomic()`` that saves ``instance``: if it fails, the file it
    stored in ``field`` is deleted (a rolled-back row leaves no file behind); once it commits,
    the file that one replaced is deleted."""
    old = None
    if instance.pk:
        old = type(instance).objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    try:
        yield
    except BaseException:
        new = getattr(instance, field)
        if new and new.name != old and getattr(new, "_committed", False):
            new.storage.delete(new.name)
        raise
    new = getattr(instance, field)
    if old and old != (new.name or None):
        storage = new.storage
        transaction.on_commit(lambda: storage.delete(old))


def _head(upload, size=8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def detect_kind(upload) -> str | None:
    """The kind of ``upload`` judged by its bytes, or None when it is none we accept."""
    head = _head(upload, 262)
    if head.startswith(b"%PDF-"):
        return "pdf"
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime == "application/zip":
        return _office_kind(upload)
    for kind, (mimes, _ext) in KINDS.items():
        if guess.mime in mimes:
            return kind
    return None


def _office_kind(upload) -> str | None:
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                for kind in ("odt", "ods"):
                    if mimetype in KINDS[kind][0]:
                        return kind
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    return None


@deconstructible
class FileValidator:
    """Model/form field validator: allowed kinds by content and a maximum size in bytes."""

    def __init__(self, kinds=DOCUMENTS, max_size=10 * 1024 * 1024):
        self.kinds = tuple(kinds)
        self.max_size = max_size

    def __call__(self, upload):
        if upload.size is not None and upload.size > self.max_size:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_size)},
                code="too_large",
            )
        kind = detect_kind(upload)
        allowed = ", ".join(_LABELS[k] for k in self.kinds)
        if kind not in self.kinds:
            raise ValidationError(
                _("The file's content is not an allowed type. Allowed: %(allowed)s.")
                % {"allowed": allowed},
                code="bad_type",
            )
        if kind in IMAGES:
            _verify_image(upload)

    def __eq__(self, other):
        return (
            isinstance(other, FileValidator)
            and self.kinds == other.kinds
            and self.max_size == other.max_size
        )


def _verify_image(upload):
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(io.BytesIO(upload.read())) as img:
            img.verify()
    except Exception:
        raise ValidationError(_("The image could not be read."), code="bad_image") from None
    finally:
        upload.seek(0)


@deconstructible
class RandomName:
    """upload_to: ``<prefix>/<random hex>.<extension judged by content>`` — never the user's name."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        kind = None
        upload = getattr(getattr(instance, "_upload_source", None), "file", None)
        if upload is not None:
            kind = detect_kind(upload)
        suffix = KINDS[kind][1] if kind else PurePath(filename).suffix.lstrip(".").lower()[:8]
        return f"{self.prefix}/{uuid.uuid4().hex}.{suffix or 'bin'}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.prefix == other.prefix


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


def get_private_storage():
    """Callable for FileField(storage=...): keeps the storage out of migrations."""
    return private_storage


def serve_private_file(field_file, download_name: str) -> FileResponse:
    """Stream a private file as an attachment. The caller has checked permissions."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
