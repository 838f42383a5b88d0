"""Councils at scale: 10 years of the samhällsråd (≥ 600 meetings, ≥ 20 000 §) on PostgreSQL.
Figures: search p95 over the committed Swedish queries, and how many of them find their document.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

SLUG = "samhallsradet"
YEARS = 10
MEETINGS_PER_YEAR = 62
ITEMS_PER_MEETING = 34
TZ = ZoneInfo("Europe/Stockholm")

SUBJECTS = [
    "Gamla Folkets hus", "föreningshuset", "Mikrofonden Öst", "inkubatorn för sociala företag",
    "Tillväxt Motala", "föreningsbidragen", "lokalbokningen", "volontärförmedlingen",
    "Återvinningen", "Kooperativet Grenverket", "Coompanion Östergötland", "portalen Idéburna",
    "Samordningsförbundet", "Arbetsförmedlingen Motala-Vadstena", "landsbygdsföreningarna",
    "Borensbergs bygdegård", "Tjällmo hembygdsförening", "integrationsarbetet",
]  # fmt: skip
SECTORS = ["kommunen", "naringslivet", "sociala_ekonomin", ""]
VERBS = ["Information om", "Uppföljning av", "Förslag om", "Remiss om", "Rapport från", "Beslut om"]
DECISIONS = [
    "Informationen läggs till handlingarna.",
    "Samhällsrådet ställer sig bakom förslaget.",
    "Ärendet bordläggs till nästa sammanträde.",
    "Rådet uppdrar åt sekreteraren att bjuda in berörda parter.",
    "Samhällsrådet rekommenderar kommunen att gå vidare med frågan.",
]
SENTENCES = [
    "Underlaget har skickats ut med kallelsen.",
    "Frågan har diskuterats i arbetsgruppen sedan förra mötet.",
    "Kommunens tjänstepersoner redogjorde för läget.",
    "Föreningarna efterfrågar fler gemensamma lokaler.",
    "Näringslivets representanter ser möjligheter till samarbete.",
    "Ekonomin följs upp vid varje möte.",
]


def seed(stdout=print) -> dict:
    from django.contrib.postgres.search import SearchVector
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone

    from councils.models import AgendaItem, Council, CouncilMember, Decision, Meeting, Minutes
    from councils.search import CONFIG
    from tests.perf.council_queries import NEEDLES

    council, _ = Council.objects.get_or_create(
        slug=SLUG, defaults={"name": "Samhällsrådet", "originals_kept_at": "Stadshuset, Motala"}
    )
    wanted = YEARS * MEETINGS_PER_YEAR
    have = council.meetings.count()
    if have >= wanted:
        return {
            "meetings": have,
            "items": AgendaItem.objects.filter(meeting__council=council).count(),
        }
    rng = random.Random(2026)
    start = time.perf_counter()
    with transaction.atomic():
        council.meetings.all().delete()
        if not council.members.exists():
            CouncilMember.objects.bulk_create(
                CouncilMember(council=council, name=f"Ledamot {i}", organisation="Motala kommun",
                              sector=["kommunen", "naringslivet", "sociala_ekonomin"][i % 3],
                              role="member", start=dt.date(2016, 1, 1))
                for i in range(15)
            )  # fmt: skip
        today = timezone.localdate()
        first = dt.date(today.year - YEARS + 1, 1, 8)
        meetings = []
        for index in range(wanted):
            date = first + dt.timedelta(days=index * 365 * YEARS // wanted)
            starts = dt.datetime.combine(date, dt.time(18, 0), tzinfo=TZ)
            meetings.append(Meeting(council=council, date=date, start_time=dt.time(18, 0),
                                    starts_at=starts, place="Folkets hus, Motala",
                                    status="held", notice_published=True))  # fmt: skip
        meetings = Meeting.objects.bulk_create(meetings, batch_size=1000)
        items = []
        needle_at = {(7 + 50 * i) % wanted: needle for i, needle in enumerate(NEEDLES)}
        for m_index, meeting in enumerate(meetings):
            for number in range(1, ITEMS_PER_MEETING + 1):
                if number == 5 and m_index in needle_at:
                    title, description, _decision, dnr = needle_at[m_index]
                else:
                    title = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}"
                    description = " ".join(rng.sample(SENTENCES, 2))
                    dnr = (
                        f"KS {meeting.date.year}/{rng.randint(1, 900)}"
                        if rng.random() < 0.2
                        else ""
                    )
                items.append(AgendaItem(meeting=meeting, number=number, order=number, title=title,
                                        description=description, diarienummer=dnr,
                                        sector=rng.choice(SECTORS)))  # fmt: skip
        items = AgendaItem.objects.bulk_create(items, batch_size=5000)
        needle_decisions = {n[0]: n[2] for n in NEEDLES}
        Decision.objects.bulk_create(
            (Decision(item=item, text=needle_decisions.get(item.title) or rng.choice(DECISIONS)) for item in items),
            batch_size=5000,
        )  # fmt: skip
        now = timezone.now()
        Minutes.objects.bulk_create(
            (Minutes(meeting=m, body=f"## Närvarande\n\nLedamöterna. Mötet hölls {m.date}.",
                     status="published", adjusters="Anna Andersson, Per Sandberg",
                     adjusted_on=m.date + dt.timedelta(days=7), published_at=now,
                     original_kept_at="Stadshuset, Motala", notified_at=now)
             for m in meetings),
            batch_size=1000,
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE councils_agendaitem i SET search_text = concat_ws(E'\\n', i.title,
                   i.diarienummer, i.description, d.text, d.reservations)
                   FROM councils_decision d WHERE d.item_id = i.id
                   AND i.meeting_id IN (SELECT id FROM councils_meeting WHERE council_id = %s)""",
                [council.pk],
            )
        AgendaItem.objects.filter(meeting__council=council).update(
            search_vector=SearchVector("title", "diarienummer", weight="A", config=CONFIG)
            + SearchVector("search_text", weight="B", config=CONFIG)
        )
        Minutes.objects.filter(meeting__council=council).update(search_text=F("body"))
        Minutes.objects.filter(meeting__council=council).update(
            search_vector=SearchVector("search_text", weight="B", config=CONFIG)
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE councils_agendaitem; ANALYZE councils_meeting; ANALYZE councils_minutes"
        )
    stdout(
        f"  seeded {len(meetings)} meetings, {len(items)} items in {time.perf_counter() - start:.1f}s"
    )
    return {"meetings": len(meetings), "items": len(items)}


def run(bench) -> None:
    from councils import search
    from tests.perf.council_queries import QUERIES, found

    sizes = seed()
    bench.record("meetings", sizes["meetings"], "n", target=">= 600", ok=sizes["meetings"] >= 600)
    bench.record(
        "agenda items (§)", sizes["items"], "n", target=">= 20000", ok=sizes["items"] >= 20000
    )
    hits_ok = [found(search.search(query), expected) for query, expected in QUERIES]
    missed = [q for (q, _e), ok in zip(QUERIES, hits_ok, strict=True) if not ok]
    bench.record(
        "committed queries finding their document", sum(hits_ok), f"of {len(QUERIES)}",
        target=f"= {len(QUERIES)}", ok=all(hits_ok), note=("missed: " + ", ".join(missed)) if missed else "",
    )  # fmt: skip
    samples = []
    for _round in range(3):
        for query, _expected in QUERIES:
            begin = time.perf_counter()
            search.search(query)
            samples.append((time.perf_counter() - begin) * 1000)
    samples.sort()
    p95 = samples[int(round(0.95 * (len(samples) - 1)))]
    bench.record("search p95 (committed queries)", p95, "ms", target="< 150", ok=p95 < 150)
    bench.record("search p50", samples[len(samples) // 2], "ms")
    broad = bench.timings(lambda: search.search("Folkets hus"))
    bench.record(
        "search p95, broad query (thousands of hits)",
        broad["p95"],
        "ms",
        target="< 150",
        ok=broad["p95"] < 150,
    )
    filtered = bench.timings(lambda: search.search("Folkets hus", year=2024, sector="kommunen"))
    bench.record(
        "search p95 with year+sector filters",
        filtered["p95"],
        "ms",
        target="< 150",
        ok=filtered["p95"] < 150,
    )
    _page_timings(bench)


def _page_timings(bench) -> None:
    """Server-side time of the key pages (Django test client, no network), p95 over 20 runs."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    for label, path, _persona, _is_search in pages():
        if not path:
            continue
        status = client.get(path).status_code
        timing = bench.timings(lambda path=path: client.get(path), repeat=20)
        bench.record(f"page p95: {label}", timing["p95"], "ms", target="< 200 (HTTP 200)",
                     ok=status == 200 and timing["p95"] < 200)  # fmt: skip


def pages():
    from councils.models import AgendaItem, Meeting

    meeting = Meeting.objects.filter(council__slug=SLUG).order_by("-starts_at").first()
    if meeting is None:
        return []
    item = AgendaItem.objects.filter(meeting=meeting, number=4).first()
    return [
        ("councils archive", f"/samhallsrad/{SLUG}/", None, False),
        ("councils meeting (34 §)", meeting.get_absolute_url(), None, False),
        ("councils decision", item.get_absolute_url() if item else None, None, False),
        ("councils search", "/samhallsrad/sok/?q=folkets+hus", None, True),
        ("councils rss", "/samhallsrad/flode/rss/", None, False),
    ]
