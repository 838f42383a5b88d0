"""Demo key figures (idempotent): three terms, a few associations, the municipality and
business. The figures are illustrative, in the order of magnitude of the source report
(e.g. Grenverket: 36 employed with support from Arbetsförmedlingen and 3 without)."""

from __future__ import annotations

import datetime

from portal.models import KeyFigureReport, Sector, Term
from portal.reports.keyfigures import sector_of

TERMS = [(2024, Term.Half.HT), (2025, Term.Half.VT), (2025, Term.Half.HT)]

# association name fragment -> per term (employed with support, placements, employees total)
ASSOCIATIONS = {
    "Grenverket": [(34, 4, 37), (36, 5, 39), (36, 6, 39)],
    "Återvinningen": [(18, 8, 68), (20, 9, 70), (22, 9, 72)],
    "Piraterna": [(3, 2, 6), (4, 2, 7), (4, 3, 7)],
}
SECTORS = {
    Sector.MUNICIPALITY: [(41, 30, 2900), (44, 32, 2910), (47, 35, 2925)],
    Sector.BUSINESS: [(120, 40, 0), (126, 42, 0), (131, 44, 0)],
}


def seed(ctx) -> None:
    terms = []
    for year, half in TERMS:
        opens, closes = ((5, 15), (6, 15)) if half == Term.Half.VT else ((11, 15), (12, 15))
        term, _ = Term.objects.get_or_create(
            year=year,
            half=half,
            defaults={
                "window_opens": datetime.date(year, *opens),
                "window_closes": datetime.date(year, *closes),
            },
        )
        terms.append(term)
    coordinator = ctx.users.get("koordinator@ideburna.se")
    for fragment, figures in ASSOCIATIONS.items():
        association = next((a for name, a in ctx.associations.items() if fragment in name), None)
        if association is None:
            continue
        for term, (supported, placements, total) in zip(terms, figures, strict=True):
            KeyFigureReport.objects.get_or_create(
                term=term,
                association=association,
                defaults={
                    "sector": sector_of(association),
                    "employed_with_support": supported,
                    "placements": placements,
                    "employees_total": max(total, supported),
                },
            )
    for sector, figures in SECTORS.items():
        for term, (supported, placements, total) in zip(terms, figures, strict=True):
            KeyFigureReport.objects.get_or_create(
                term=term,
                sector=sector,
                association=None,
                defaults={
                    "employed_with_support": supported,
                    "placements": placements,
                    "employees_total": max(total, supported),
                    "reported_by": coordinator,
                },
            )
    ctx.log("  key figures: 3 terms")
