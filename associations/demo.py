"""Demo data of the registry: purposes, districts and member counts for the seed's
associations (portal/demo.py creates the first eight), more associations from the seed's
report on Motala's social economy, and one waiting in the moderation queue. Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify

from portal.luhn import org_number

# name -> (purpose, activities, founded, work-integrating, grant eligible, website, phone, address,
#          member counts 0-6, 7-25, 26-64, 65+)
PROFILES = {
    "Motala Återvinningsförening (Återvinningen)": (
        "Arbetsintegrerande socialt företag sedan 1992: arbete och rehabilitering för människor "
        "med funktionsnedsättning, tidigare missbruk eller lång arbetslöshet.",
        "Second hand-butiker, café, restaurangerna **71:an** och **59:an**, hushållsnära tjänster "
        "och återvinning. Filialer i Linköping och Norrköping.",
        1992,
        True,
        True,
        "https://atervinningen.example",
        "0141-21 10 00",
        "Motala",
        (0, 4, 52, 14),
    ),
    "Kooperativet Grenverket": (
        "Ett socialt arbetskooperativ där medarbetarna äger verksamheten tillsammans.",
        "Trädgård, snickeri och service åt kommun, företag och privatpersoner.",
        2004,
        True,
        True,
        "",
        "",
        "Motala",
        (0, 3, 21, 2),
    ),
    "Vätternrundan": (
        "Idéburen näringsverksamhet som genererar inkomster till föreningslivet i Motala.",
        "Motionsloppet runt Vättern med cykel, och ett stort ideellt engagemang från Motalas "
        "föreningar varje år.",
        1966,
        False,
        True,
        "https://vatternrundan.example",
        "",
        "Motala",
        (0, 20, 180, 60),
    ),
    "Speedwayklubben Piraterna": (
        "Speedway i Motala, med en aktiebolagslösning för elitverksamheten.",
        "Träning och tävling, ungdomsverksamhet och anställningar med lönebidrag.",
        1948,
        False,
        True,
        "",
        "",
        "Motala",
        (0, 45, 160, 70),
    ),
    "Hjärta till Hjärta Motala": (
        "Biståndsorganisation som samlar in och säljer skänkta saker för att hjälpa människor i nöd.",
        "Second hand-butik i regionala kedjan Hjärta till Hjärta; arbetsträning med stöd från "
        "Arbetsförmedlingen.",
        1998,
        False,
        False,
        "",
        "",
        "Motala",
        (0, 2, 30, 45),
    ),
    "Föreningen Verkstadsliv": (
        "Arbetar för att starta arbetsintegrerande sociala företag i Motala.",
        "Verkstad, studiecirklar och stöd till den som vill starta ett kooperativ.",
        2013,
        False,
        False,
        "",
        "",
        "Borensberg",
        (0, 6, 18, 5),
    ),
    "K-Ringen": (
        "Förening som arbetar för att starta arbetsintegrerande sociala företag.",
        "Mötesplats, kurser och arbetsträning.",
        2010,
        False,
        False,
        "",
        "",
        "Motala",
        (0, 10, 40, 12),
    ),
    "Tjällmo Hembygdsförening": (
        "Vårdar bygdens historia och kulturarv i Tjällmo.",
        "Hembygdsgård, lokalbokning för bygdens föreningar, midsommarfirande och studiecirklar.",
        1931,
        False,
        True,
        "",
        "",
        "Tjällmo",
        (2, 8, 40, 85),
    ),
}

# (name, legal form, categories, district, e-mail, purpose, activities, work-integrating, status)
MORE = [
    ("Tillväxt Motala ekonomisk förening", "ekonomisk", ["Övrigt"], "Motala centrum",
     "info@tillvaxtmotala.example",
     "Näringslivets samlade röst i Motala, organiserat som ekonomisk förening.",
     "Näringslivsinkubator, nätverk och lotsning för nya företag.", False, "approved"),
    ("VIA Ekenäs", "ideell", ["Hjälporganisation"], "Motala centrum", "info@viaekenas.example",
     "Stödstruktur för föreningslivet som kan ta arbetsgivaransvar för mindre föreningar.",
     "Arbetsträning och sysselsättningsplatser.", False, "approved"),
    ("Coompanion Östergötland", "ekonomisk", ["Kooperativ"], "Motala centrum",
     "ostergotland@coompanion.example",
     "Kooperativ utvecklingsorganisation: rådgivning om kooperativt och socialt företagande.",
     "Rådgivning, utbildning och arbetet med Mikrofonden Öst.", False, "approved"),
    ("Fornåsa Bygdegårdsförening", "ideell", ["Kultur"], "Fornåsa", "bygdegard@fornasa.example",
     "Driver bygdegården i Fornåsa som mötesplats för hela bygden.",
     "Uthyrning och lokalbokning av bygdegården, loppis och bygdekvällar.", False, "submitted"),
    ("Godegårds Idrottsförening", "ideell", ["Idrott"], "Godegård", "kansli@godegardsif.example",
     "Idrott för barn och vuxna i Godegård.", "Fotboll, skidor och motionsspår.", False,
     "submitted"),
]  # fmt: skip


def _org_number(seed: int) -> str:
    return org_number(seed, base=802480000)


def seed(ctx) -> None:
    from associations import services
    from associations.models import Association, MemberCount

    today = timezone.localdate()
    year = today.year - 1
    for name, profile in PROFILES.items():
        association = ctx.associations.get(name)
        if association is None:
            continue
        (purpose, activities, founded, wise, eligible, website, phone, address, counts) = profile
        if not association.purpose:
            association.purpose = purpose
            association.activities = activities
            association.founded_year = founded
            association.is_work_integrating = wise
            association.grant_eligible = eligible
            association.grant_eligible_since = datetime.date(2024, 1, 1) if eligible else None
            association.website = website
            association.phone = phone
            association.address = address
            association.approved_at = association.approved_at or timezone.now()
            association.annual_update_due = today + datetime.timedelta(days=200)
            association.save()
        MemberCount.objects.get_or_create(
            association=association,
            year=year,
            defaults=dict(
                zip(["age_0_6", "age_7_25", "age_26_64", "age_65_plus"], counts, strict=True)
            ),
        )
    for number, row in enumerate(MORE):
        name, form, categories, district, email, purpose, activities, wise, status = row
        association, created = Association.objects.get_or_create(
            org_number=_org_number(number),
            defaults={
                "name": name,
                "slug": slugify(name)[:200],
                "legal_form": form,
                "status": status,
                "district": ctx.districts[district],
                "contact_email": email,
                "purpose": purpose,
                "activities": activities,
                "is_work_integrating": wise,
                "submitted_at": timezone.now() - datetime.timedelta(days=3 + 5 * number),
                "approved_at": timezone.now() if status == "approved" else None,
                "annual_update_due": today + datetime.timedelta(days=300)
                if status == "approved"
                else None,
            },
        )
        if created:
            association.categories.set([ctx.categories[c] for c in categories])
        ctx.associations[name] = association
    services.update_search_vector(Association.objects.all())
    ctx.log(f"associations: {Association.objects.public().count()} in the public directory")
