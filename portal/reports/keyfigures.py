"""Key figures (nyckeltal): the number of people employed with social consideration — with
employment support from Arbetsförmedlingen — per term (VT/HT) and sector, with the change since
the previous term. Associations report their own figures; coordinators enter the municipality's
and ordinary business's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal import audit
from portal.models import KeyFigureReport, Sector, Term

FIGURES = ("employed_with_support", "placements", "employees_total")

# Legal forms counted as social enterprises; every other form counts as an association.
SOCIAL_ENTERPRISE_FORMS = {"ekonomisk", "kooperativ", "svb"}

# The reporting window of each term, as (month, day) of opening and closing.
DEFAULT_WINDOWS = {
    Term.Half.VT: ((5, 15), (6, 15)),
    Term.Half.HT: ((11, 15), (12, 15)),
}


def sector_of(association) -> str:
    if association.legal_form in SOCIAL_ENTERPRISE_FORMS:
        return Sector.SOCIAL_ENTERPRISE
    return Sector.ASSOCIATIONS


def half_of(day: datetime.date) -> int:
    return Term.Half.VT if day.month <= 6 else Term.Half.HT


def ensure_term(day: datetime.date | None = None) -> Term:
    """The term ``day`` falls in, created with the default reporting window when missing."""
    day = day or timezone.localdate()
    half = half_of(day)
    (om, od), (cm, cd) = DEFAULT_WINDOWS[half]
    term, _created = Term.objects.get_or_create(
        year=day.year,
        half=half,
        defaults={
            "window_opens": datetime.date(day.year, om, od),
            "window_closes": datetime.date(day.year, cm, cd),
        },
    )
    return term


def open_terms(day: datetime.date | None = None):
    day = day or timezone.localdate()
    return Term.objects.filter(window_opens__lte=day, window_closes__gte=day)


def _clean_figures(figures: dict) -> dict:
    values = {name: int(figures[name]) for name in FIGURES}
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("Key figures cannot be negative."))
    if values["employed_with_support"] > values["employees_total"]:
        raise ValidationError(
            _("Employees with employment support cannot be more than the employees in total.")
        )
    return values


def report_for_association(*, association, term: Term, figures: dict, by) -> KeyFigureReport:
    """An association's report for ``term`` (created or corrected while the window is open)."""
    values = _clean_figures(figures)
    if not term.is_open():
        raise ValidationError(_("The reporting window for %(term)s is closed.") % {"term": term})
    with transaction.atomic():
        report, created = KeyFigureReport.objects.update_or_create(
            term=term,
            association=association,
            defaults={
                **values,
                "sector": sector_of(association),
                "reported_by": by,
                "reported_at": timezone.now(),
            },
        )
        audit.record(report, "reported" if created else "corrected", by=by, reason=str(values))
    return report


def report_for_sector(*, sector: str, term: Term, figures: dict, by) -> KeyFigureReport:
    """A coordinator's figure for the municipality or ordinary business (any time)."""
    if sector not in (Sector.MUNICIPALITY, Sector.BUSINESS):
        raise ValidationError(_("Coordinators enter figures for the municipality and business."))
    values = _clean_figures(figures)
    with transaction.atomic():
        report, created = KeyFigureReport.objects.update_or_create(
            term=term,
            sector=sector,
            association=None,
            defaults={**values, "reported_by": by, "reported_at": timezone.now()},
        )
        audit.record(report, "reported" if created else "corrected", by=by, reason=str(values))
    return report


@dataclass
class Cell:
    reports: int = 0
    values: dict = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    change: dict = field(default_factory=dict)


@dataclass
class TermRow:
    term: Term
    sectors: dict  # sector -> Cell
    total: Cell


def aggregate(terms=None) -> list[TermRow]:
    """Sums per term and sector (two queries whatever the size), with the change since the
    previous term in the list."""
    terms = list(terms if terms is not None else Term.objects.all())
    sums = (
        KeyFigureReport.objects.filter(term__in=terms)
        .values("term_id", "sector")
        .annotate(reports=Count("id"), **{name: Sum(name) for name in FIGURES})
        .order_by()
    )
    by_key = {(row["term_id"], row["sector"]): row for row in sums}
    result: list[TermRow] = []
    previous: TermRow | None = None
    for term in sorted(terms, key=lambda t: (t.year, t.half)):
        sectors = {}
        total = Cell()
        for sector in Sector.values:
            row = by_key.get((term.pk, sector))
            cell = Cell()
            if row:
                cell.reports = row["reports"]
                cell.values = {name: row[name] or 0 for name in FIGURES}
            for name in FIGURES:
                total.values[name] += cell.values[name]
            total.reports += cell.reports
            sectors[sector] = cell
        row = TermRow(term=term, sectors=sectors, total=total)
        if previous is not None:
            for sector, cell in sectors.items():
                before = previous.sectors[sector].values
                cell.change = {n: cell.values[n] - before[n] for n in FIGURES}
            total.change = {n: total.values[n] - previous.total.values[n] for n in FIGURES}
        result.append(row)
        previous = row
    return result


def table(rows: list[TermRow]) -> tuple[list[str], list[list]]:
    """The aggregate as a flat table (for CSV and PDF)."""
    header = [
        _("Term"),
        _("Sector"),
        _("Reports"),
        _("Employed with employment support"),
        _("Change since last term"),
        _("Work-training and placement places"),
        _("Change since last term"),
        _("Employees in total"),
        _("Change since last term"),
    ]
    labels = dict(Sector.choices)
    out = []
    for row in rows:
        cells = [(capfirst(str(labels[s])), c) for s, c in row.sectors.items()] + [
            (_("Total"), row.total)
        ]
        for label, cell in cells:
            line = [row.term.code, label, cell.reports]
            for name in FIGURES:
                change = cell.change.get(name)
                line += [cell.values[name], "" if change is None else f"{change:+d}"]
            out.append(line)
    return header, out
