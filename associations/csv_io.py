"""CSV in and out of the registry: the open-data export, the admin export and the import."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_value(value):
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        if re.fullmatch(r"[+-][\d\s()-]*", value):  # a phone number, not a formula
            return value
        return "'" + value
    return "" if value is None else value


IMPORT_COLUMNS = [
    "name",
    "org_number",
    "legal_form",
    "category",
    "district",
    "email",
    "phone",
    "website",
]
EXPORT_COLUMNS = [
    "name", "org_number", "legal_form", "category", "district", "email", "phone", "website",
    "status", "grant_eligible", "is_public", "is_work_integrating", "founded_year", "address",
    "approved_at", "annual_update_due",
]  # fmt: skip
#: Headers the import also understands (Swedish, as in the town's old register).
HEADER_ALIASES = {
    "namn": "name", "föreningsnamn": "name", "organisationsnummer": "org_number", "orgnr": "org_number",
    "org_nr": "org_number", "associationsform": "legal_form", "form": "legal_form",
    "kategori": "category", "område": "district", "omrade": "district", "e-post": "email",
    "epost": "email", "contact_email": "email", "telefon": "phone", "webbplats": "website",
    "hemsida": "website",
}  # fmt: skip
MAX_ROWS = 20_000


@dataclass
class ImportRow:
    line: int
    data: dict
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows


def _legal_form(value: str):
    from associations.models import Association

    text = value.strip().lower()
    if not text:
        return Association.LegalForm.NONPROFIT
    for code, label in Association.LegalForm.choices:
        if text in (code, str(label).lower()) or text.startswith(code):
            return code
    if "bostadsrätt" in text or "ekonomisk" in text:
        return Association.LegalForm.ECONOMIC
    if "aktiebolag" in text or text.startswith("ab"):
        return Association.LegalForm.SVB
    if text in ("annan", "övrig", "övrigt", "other"):
        return Association.LegalForm.OTHER
    return None


def _key(text: str) -> str:
    return slugify(text.strip())


def read_csv(upload) -> tuple[list[dict], list[str]]:
    """Rows as dicts keyed by our column names, and file-level errors."""
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        return [], [_("The file is empty.")]
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = {
        h: HEADER_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in reader.fieldnames or []
    }
    missing = {"name", "org_number"} - set(headers.values())
    if missing:
        return [], [
            _("The file lacks the columns: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(sorted(missing)), "expected": ", ".join(IMPORT_COLUMNS)}
        ]
    rows = []
    for number, record in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            return rows, [_("The file has more than %(max)s rows.") % {"max": MAX_ROWS}]
        rows.append({headers[k]: (v or "").strip() for k, v in record.items() if k in headers})
    return rows, []


def check_rows(records: list[dict]) -> ImportResult:
    """Validate every row (nothing is saved): per-row errors in the row's own words."""
    from associations.models import Association, Category, District
    from associations.validators import normalise_org_number, validate_org_number

    categories = {}
    for category in Category.objects.all():
        categories[_key(category.name)] = category
        categories[category.slug] = category
        if category.name_en:
            categories[_key(category.name_en)] = category
    districts = {}
    for district in District.objects.all():
        districts[_key(district.name)] = district
        districts[district.slug] = district
    seen: dict[str, int] = {}
    rows = []
    url_ok = URLValidator(schemes=["http", "https"])
    for line, record in enumerate(records, start=2):
        row = ImportRow(line=line, data=record)
        if not any(record.values()):
            continue
        name = " ".join(record.get("name", "").split())
        if not name:
            row.errors.append(_("The name is missing."))
        org_number = normalise_org_number(record.get("org_number", ""))
        try:
            validate_org_number(org_number)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        else:
            if org_number in seen:
                row.errors.append(
                    _("The organisation number is also on line %(line)s.")
                    % {"line": seen[org_number]}
                )
            seen.setdefault(org_number, line)
        legal_form = _legal_form(record.get("legal_form", ""))
        if legal_form is None:
            row.errors.append(
                _("Unknown legal form “%(value)s”.") % {"value": record.get("legal_form", "")}
            )
        for part in re.split(r"[|,]", record.get("category", "")):
            if not part.strip():
                continue
            category = categories.get(_key(part))
            if category is None:
                row.errors.append(_("Unknown category “%(value)s”.") % {"value": part.strip()})
            else:
                row.categories.append(category)
        district = None
        if record.get("district"):
            district = districts.get(_key(record["district"]))
            if district is None:
                row.errors.append(
                    _("Unknown district “%(value)s”.") % {"value": record["district"]}
                )
        email = record.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("“%(value)s” is not an e-mail address.") % {"value": email})
        website = record.get("website", "")
        if website and not re.match(r"^https?://", website, re.I):
            website = "https://" + website
        if website:
            try:
                url_ok(website)
            except ValidationError:
                row.errors.append(_("“%(value)s” is not a web address.") % {"value": website})
        if len(name) > Association._meta.get_field("name").max_length:
            row.errors.append(_("The name is too long."))
        row.values = {
            "name": name,
            "org_number": org_number,
            "legal_form": legal_form,
            "district": district,
            "contact_email": email.lower(),
            "phone": record.get("phone", "")[:40],
            "website": website,
        }
        rows.append(row)
    return ImportResult(rows=rows)


def import_csv(upload, *, by, dry_run: bool) -> ImportResult:
    """Check the file; unless ``dry_run`` and only when every row is valid, import all of it in
    one transaction, keyed by organisationsnummer (a second run changes nothing)."""
    records, file_errors = read_csv(upload)
    if file_errors:
        return ImportResult(rows=[], file_errors=file_errors)
    result = check_rows(records)
    if not result.ok:
        return result
    from associations.models import Association

    existing = {
        a.org_number: a
        for a in Association.objects.filter(
            org_number__in=[r.values["org_number"] for r in result.rows]
        ).prefetch_related("categories")
    }
    if dry_run:
        for row in result.rows:
            current = existing.get(row.values["org_number"])
            if current is None:
                result.created += 1
            elif _differs(current, row):
                result.updated += 1
            else:
                result.unchanged += 1
        return result
    _apply(result, existing, by=by)
    return result


def _differs(association, row) -> bool:
    fields = {k: v for k, v in row.values.items() if k != "district"}
    if any(getattr(association, k) != v for k, v in fields.items()):
        return True
    if association.district_id != (row.values["district"].pk if row.values["district"] else None):
        return True
    return {c.pk for c in association.categories.all()} != {c.pk for c in row.categories}


def _apply(result: ImportResult, existing: dict, *, by) -> None:
    from associations import services
    from associations.models import Association
    from portal import audit

    now = timezone.now()
    with transaction.atomic():
        touched = []
        for row in result.rows:
            current = existing.get(row.values["org_number"])
            if current is not None and not _differs(current, row):
                result.unchanged += 1
                continue
            if current is None:
                current = Association(
                    **row.values,
                    slug=services.unique_slug(row.values["name"]),
                    status=Association.Status.APPROVED,
                    approved_at=now,
                    annual_update_due=timezone.localdate(now) + datetime.timedelta(days=365),
                )
                current.save()
                result.created += 1
                action = "imported"
            else:
                for key, value in row.values.items():
                    setattr(current, key, value)
                current.save()
                result.updated += 1
                action = "import_updated"
            current.categories.set(row.categories)
            audit.record(current, action, by=by, to_state=current.status)
            touched.append(current.pk)
        services.update_search_vector(Association.objects.filter(pk__in=touched))


def export_rows(queryset):
    """Rows of the admin export (all fields a coordinator needs)."""
    for a in (
        queryset.select_related("district").prefetch_related("categories").iterator(chunk_size=500)
    ):
        row = {
            "name": a.name, "org_number": a.org_number or "", "legal_form": a.legal_form,
            "category": "|".join(c.name for c in a.categories.all()),
            "district": a.district.name if a.district else "", "email": a.contact_email,
            "phone": a.phone, "website": a.website, "status": a.status,
            "grant_eligible": "ja" if a.grant_eligible else "nej",
            "is_public": "ja" if a.is_public else "nej",
            "is_work_integrating": "ja" if a.is_work_integrating else "nej",
            "founded_year": a.founded_year or "", "address": a.address,
            "approved_at": a.approved_at.isoformat() if a.approved_at else "",
            "annual_update_due": a.annual_update_due.isoformat() if a.annual_update_due else "",
        }  # fmt: skip
        yield {k: safe_csv_value(v) for k, v in row.items()}
