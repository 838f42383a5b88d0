"""Council minutes at scale: 10 years (2016–2025) of published minutes, over 20 000 §.

Seeds (idempotently, bulk_create in batches) 5 councils × 11 meetings a year × 10 years, 38 §
each with a decision, the stored search text and Swedish search vectors (one UPDATE each);
times the minutes search in-process and contributes the council archive, a meeting page, the
minutes search and the iCal feed to the HTTP load run.
"""

from __future__ import annotations

import datetime
import random
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse

COUNCILS = 5
YEARS = range(2016, 2026)
MONTHS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
ITEMS = 38
PREFIX = "bench-rad-"
TARGET_SEARCH_MS = 150

TOPICS = ["Lokalbokning i föreningshuset", "Mikrofondens utlåning", "Budget för samhällsrådet",
          "Volontärsamordning i byarna", "Arbetsintegrerande sociala företag", "Kollektivtrafik",
          "Sommarlovsaktiviteter för barn och unga", "Fritidsgårdens öppettider",
          "Bredband på landsbygden", "Ansökan om föreningsbidrag", "Trygghetsvandring",
          "Återbruk och second hand", "Nyckeltal för sysselsättning", "Val av justerare"]  # fmt: skip
DECISIONS = ["Samhällsrådet beslutar att godkänna förslaget.",
             "Samhällsrådet beslutar att återremittera ärendet till arbetsgruppen.",
             "Samhällsrådet beslutar att lägga informationen till handlingarna.",
             "Samhällsrådet beslutar att avsätta medel ur mikrofonden."]  # fmt: skip


def _seed() -> None:
    from councils.models import AgendaItem, Council, CouncilMember, Decision, Meeting, Minutes

    if Council.objects.filter(slug__startswith=PREFIX).count() >= COUNCILS:
        return
    rng = random.Random(20)
    tz = ZoneInfo(settings.TIME_ZONE)
    with transaction.atomic():
        councils = []
        for c in range(COUNCILS):
            council, _ = Council.objects.get_or_create(
                slug=f"{PREFIX}{c}", defaults={"name": f"Bench samhällsråd {c}", "position": 90 + c}
            )
            councils.append(council)
            CouncilMember.objects.filter(council=council).delete()
            CouncilMember.objects.bulk_create(
                CouncilMember(council=council, name=f"Ledamot {c}-{m}", start=datetime.date(2015, 1, 1),
                              organisation=f"Förening {m}")
                for m in range(12)
            )  # fmt: skip
            Meeting.objects.filter(council=council).delete()
        meetings = []
        for council in councils:
            for year in YEARS:
                for month in MONTHS:
                    day = datetime.date(year, month, 10 + rng.randint(0, 10))
                    start = datetime.time(18, 0)
                    meetings.append(Meeting(
                        council=council, date=day, start_time=start, end_time=datetime.time(20, 0),
                        starts_at=datetime.datetime.combine(day, start, tzinfo=tz),
                        place="Föreningshuset", status=Meeting.Status.HELD, notice_published=True,
                    ))  # fmt: skip
        meetings = Meeting.objects.bulk_create(meetings, batch_size=1000)
        Minutes.objects.bulk_create(
            [
                Minutes(
                    meeting=m,
                    status=Minutes.Status.PUBLISHED,
                    body="Mötet öppnades kl. 18.00.",
                    adjusters="Anna Andersson, Erik Nilsson",
                    adjusted_on=m.date,
                    published_at=m.starts_at + datetime.timedelta(days=14),
                )  # fmt: skip
                for m in meetings
            ],
            batch_size=1000,
        )
        items, texts = [], []
        for m in meetings:
            for n in range(1, ITEMS + 1):
                topic = TOPICS[(n + m.pk) % len(TOPICS)]
                diarienummer = f"KS {m.date.year}-{m.pk % 1000:03d}{n:02d}"
                items.append(AgendaItem(
                    meeting=m, number=n, order=n, title=f"{topic} ({n})", diarienummer=diarienummer,
                    description=f"Underlag om {topic.lower()} inför beslut.",
                ))  # fmt: skip
        for first in range(0, len(items), 5000):
            AgendaItem.objects.bulk_create(items[first : first + 5000])
        decisions = []
        for item in items:
            text = DECISIONS[item.pk % len(DECISIONS)]
            decisions.append(Decision(item=item, text=text))
            texts.append((item, text))
        Decision.objects.bulk_create(decisions, batch_size=5000)
        for item, text in texts:
            item.search_text = "\n".join([item.title, item.diarienummer, item.description, text])
        AgendaItem.objects.bulk_update([i for i, _ in texts], ["search_text"], batch_size=5000)
        _vectors(councils)


def _vectors(councils) -> None:
    from django.contrib.postgres.search import SearchVector

    from councils.models import AgendaItem, Minutes
    from councils.search import CONFIG

    AgendaItem.objects.filter(meeting__council__in=councils).update(
        search_vector=SearchVector("title", "diarienummer", weight="A", config=CONFIG)
        + SearchVector("search_text", weight="B", config=CONFIG)
    )
    Minutes.objects.filter(meeting__council__in=councils).update(
        search_vector=SearchVector("body", weight="B", config=CONFIG)
    )


def run(bench) -> None:
    from councils import search as engine
    from councils.models import AgendaItem

    start = time.perf_counter()
    _seed()
    bench.record("seed council minutes (idempotent)", time.perf_counter() - start, "s")
    bench.record("published § (agenda items)", engine.published_items().count(), "rows",
                 target=">= 20000", ok=AgendaItem.objects.count() >= 20_000)  # fmt: skip
    for label, query in (("word", "mikrofonden"), ("compound part", "fond"), ("§", "§ 12")):
        t = bench.timings(lambda q=query: engine.search(q), repeat=10, warmup=1)
        bench.record(f"minutes search: {label} (in-process)", t["p95"], "ms p95",
                     target=f"<= {TARGET_SEARCH_MS} ms", ok=t["p95"] <= TARGET_SEARCH_MS,
                     note=f"p50 {t['p50']:.1f} ms")  # fmt: skip


def pages() -> list[tuple[str, str, str | None, bool]]:
    from councils.models import Council, Meeting

    council = Council.objects.filter(slug=f"{PREFIX}0").first()
    rows = [
        ("council index", reverse("councils:index"), None, False),
        ("minutes search", reverse("councils:search") + "?q=mikrofonden", None, True),
        ("minutes search with filters",
         reverse("councils:search") + f"?q=lokalbokning&council={PREFIX}0&year=2024", None, True),
        ("council calendar (iCal)", reverse("councils:calendar"), None, False),
    ]  # fmt: skip
    if council:
        rows.append(
            ("council archive", reverse("councils:council", args=[council.slug]), None, False)
        )
        meeting = Meeting.objects.filter(council=council, date__year=2024).order_by("date").first()
        if meeting:
            rows.append(("meeting page (38 §)", meeting.get_absolute_url(), None, False))
    return rows
