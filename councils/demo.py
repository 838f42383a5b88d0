"""Demo data: two years of Motala's samhällsråd (the community council of the municipality, local
business and the social economy), with realistic agenda items from the seed report: Gamla Folkets
hus, a föreningshus, Mikrofonden Öst, the social enterprise incubator with Tillväxt Motala."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

COUNCIL = {
    "name": "Samhällsrådet",
    "slug": "samhallsradet",
    "description": "Motalas samhällsråd: kommunen, näringslivet och den sociala ekonomin i en "
    "gemensam mötesarena. Protokollen läggs upp här för alla medborgare.",
    "originals_kept_at": "Idéburna Motalas kansli, Samhällscentrum (original med underskrifter)",
}

# (name, organisation, sector, role, start, end)
MEMBERS = [
    ("Maria Lindqvist", "Motala kommun, kommunstyrelsen", "kommunen", "chair", "2025-01-01", None),
    ("Johan Ek", "Motala kommun, strateg för sociala ekonomin", "kommunen", "member", "2025-01-01", None),
    ("Leila Haddad", "Motala kommun, arbetsmarknadsenheten", "kommunen", "deputy", "2025-01-01", None),
    ("Per Sandberg", "Tillväxt Motala", "naringslivet", "vice_chair", "2025-01-01", None),
    ("Helena Ström", "Tillväxt Motala, näringslivsinkubatorn", "naringslivet", "member", "2025-01-01", None),
    ("Anders Nyman", "Företagarna Motala", "naringslivet", "deputy", "2025-01-01", "2025-12-31"),
    ("Sara Björk", "Företagarna Motala", "naringslivet", "deputy", "2026-01-01", None),
    ("Anna Andersson", "Idéburna Motala (Återvinningen)", "sociala_ekonomin", "member", "2025-01-01", None),
    ("Mikael Holm", "Kooperativet Grenverket", "sociala_ekonomin", "member", "2025-01-01", None),
    ("Sven Sekreterare", "Idéburna Motala", "sociala_ekonomin", "secretary", "2025-01-01", None),
    ("Eva Karlsson", "Hjärta till Hjärta Motala", "sociala_ekonomin", "deputy", "2025-01-01", None),
    ("Ahmed Yusuf", "Coompanion Östergötland", "other", "member", "2025-01-01", None),
]  # fmt: skip

# Agenda topics: (title, description, decision, diarienummer)
TOPICS = [
    ("Gamla Folkets hus: drift genom ideell förening",
     "Kommunen har köpt in **Gamla Folkets hus**. Frågan är hur föreningen som ska driva huset "
     "erbjuder det som event- och möteslokal åt föreningslivet.",
     "Samhällsrådet ställer sig bakom att en ideell förening driver Gamla Folkets hus och att "
     "lokalerna bokas via portalen.", "KS 2025/112"),
    ("Föreningshus light i Samhällscentrum",
     "Förslag om bokningsbara möteslokaler, mikrokontor med föreningsskåp och administrativa "
     "tjänster i Tillväxt Motalas nya lokaler.",
     "Samhällsrådet uppdrar åt Idéburna Motala att ta fram en kostnadskalkyl för mikrokontor och "
     "föreningsskåp till nästa möte.", ""),
    ("Mikrofonden Öst: kommunalt medlemskap",
     "Coompanion Östergötland presenterar Mikrofonden Öst, en finansiell mellanhand för krediter, "
     "riskkapital och borgen till idéburna organisationer.",
     "Samhällsrådet rekommenderar kommunen att utreda medlemskap i Mikrofonden Öst och en lokal "
     "mikrofond för Motalas sociala ekonomi.", "KS 2025/287"),
    ("Inkubator för sociala företag",
     "Resurser om kooperativt och socialt företagande tillförs Tillväxt Motalas "
     "näringslivsinkubator. Handledare för arbetsintegrerande sociala företag behöver finansieras.",
     "Samhällsrådet föreslår en gemensam studiecirkel som förberedelse och att kommunen utreder "
     "finansiering av handledare.", "KS 2026/45"),
    ("Kommunalt stödsparprogram hos JAK Medlemsbank",
     "Kommunens sparande kan ge föreningar räntefritt lånekapital utan att kommunen riskerar sina pengar.",
     "Informationen läggs till handlingarna. Frågan återkommer när ekonomiavdelningen yttrat sig.",
     "KS 2025/301"),
    ("Reserverade kontrakt och sociala hänsyn i upphandling",
     "Redovisning av möjligheten att reservera kontrakt för arbetsintegrerande sociala företag.",
     "Samhällsrådet ställer sig bakom att minst två upphandlingar per år prövas med sociala hänsyn.",
     "KS 2026/12"),
    ("Portalen Idéburna: lägesrapport",
     "Föreningsregister, bokning av lokaler, volontäruppdrag och samhällsrådets protokoll online.",
     "Lägesrapporten läggs till handlingarna.", ""),
    ("Volontärförmedling och föreningarnas återväxt",
     "Många föreningar vittnar om att eldsjälarna blir äldre och att återväxten är skral.",
     "Samhällsrådet uppdrar åt Idéburna Motala att samordna en volontärdag i samband med Vätternrundan.",
     ""),
]  # fmt: skip

STANDING = [
    ("Mötets öppnande", "", "Ordföranden förklarade mötet öppnat."),
    ("Val av justerare", "", "Anna Andersson och Per Sandberg utsågs att justera protokollet."),
    ("Godkännande av dagordningen", "", "Dagordningen godkändes."),
]

MINUTES_BODY = """## Närvarande

Ledamöter enligt närvarolista. Protokollet förs av sekreteraren.

## Sammanfattning

Mötet behandlade {topics}. Besluten redovisas under respektive paragraf.

## Nästa möte

Nästa möte hålls i Folkets hus, stora salen.
"""


def _meeting_dates():
    """About ten meetings a year (no July), two years back from this month, plus one ahead."""
    today = timezone.localdate()
    dates = []
    for months_back in range(24, -2, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
        month += 1
        if month == 7:
            continue
        day = dt.date(year, month, 12)
        dates.append(day)
    return dates


def seed(ctx) -> None:
    from councils import services
    from councils.models import AgendaItem, Council, CouncilMember, Decision, Meeting, Minutes

    with transaction.atomic():
        council, _ = Council.objects.get_or_create(slug=COUNCIL["slug"], defaults=COUNCIL)
        Council.objects.get_or_create(
            slug="arbetsgruppen-foreningshus",
            defaults={
                "name": "Arbetsgruppen för föreningshus",
                "kind": Council.Kind.NOTES,
                "position": 10,
                "description": "Arbetsgrupp utan beslutsmandat; för minnesanteckningar.",
            },
        )
        secretary = ctx.users.get("sekreterare@ideburna.se")
        if secretary is not None:
            council.secretaries.add(secretary)
        for name, org, sector, role, start, end in MEMBERS:
            CouncilMember.objects.get_or_create(
                council=council, name=name, start=dt.date.fromisoformat(start),
                defaults={"organisation": org, "sector": sector, "role": role,
                          "end": dt.date.fromisoformat(end) if end else None},
            )  # fmt: skip
        today = timezone.localdate()
        dates = _meeting_dates()
        for index, date in enumerate(dates):
            meeting, created = Meeting.objects.get_or_create(
                council=council, date=date,
                defaults={"start_time": dt.time(18, 0), "end_time": dt.time(20, 0),
                          "place": "Folkets hus, Motala", "notice_published": True,
                          "notice_published_at": timezone.now()},
            )  # fmt: skip
            if not created:
                continue
            topics = [TOPICS[(index + k) % len(TOPICS)] for k in range(3)]
            number = 0
            for title, _description, decision in STANDING:
                number += 1
                item = AgendaItem.objects.create(
                    meeting=meeting, number=number, order=number, title=title
                )
                Decision.objects.create(item=item, text=decision)
            for title, description, decision, dnr in topics:
                number += 1
                item = AgendaItem.objects.create(
                    meeting=meeting, number=number, order=number, title=title,
                    description=description, diarienummer=dnr,
                )  # fmt: skip
                Decision.objects.create(item=item, text=decision)
            number += 1
            AgendaItem.objects.create(
                meeting=meeting, number=number, order=number, title="Mötets avslutande"
            )
            if date >= today:
                continue  # upcoming: notice only
            minutes = Minutes.objects.create(
                meeting=meeting,
                body=MINUTES_BODY.format(topics=", ".join(t[0] for t in topics)),
            )
            if secretary is None or date >= today - dt.timedelta(days=20):
                continue  # the latest minutes stay a draft (the secretary has work to do)
            services.adjust(minutes, by=secretary, adjusters="Anna Andersson, Per Sandberg",
                            adjusted_on=date + dt.timedelta(days=7))  # fmt: skip
            services.publish(minutes, by=secretary)
            published = dt.datetime.combine(date + dt.timedelta(days=8), dt.time(9, 0))
            Minutes.objects.filter(pk=minutes.pk).update(
                published_at=timezone.make_aware(published), notified_at=timezone.now()
            )
    ctx.log(f"councils: {council.meetings.count()} meetings of {council.name}")
