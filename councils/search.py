"""Search over published minutes, decisions and attachment text.

PostgreSQL: a stored ``search_vector`` (Swedish configuration, weighted) with a GIN index, ranked,
with highlighted snippets (SearchHeadline); words that stemming cannot find (parts of compound
words: "fond" in "mikrofonden") fall back to a substring match. SQLite: substring match only.
Only items of meetings with published minutes are ever searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from councils.models import AgendaItem, Minutes

CONFIG = "swedish"
START, STOP = "\u27e6", "\u27e7"  # placeholders: the text is escaped, then they become <mark>
PARAGRAPH = re.compile(r"^\s*(?:§|paragraf)\s*(\d+)\s*$", re.IGNORECASE)
DIARIENUMMER = re.compile(r"^\s*[A-ZÅÄÖ]{0,5}\s*\d{4}[-/:.]\d{1,6}\s*$", re.IGNORECASE)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def item_document(item) -> str:
    parts = [item.title, item.diarienummer, item.description]
    decision = getattr(item, "decision", None)
    if decision is not None:
        parts += [decision.text, decision.reservations]
    parts += [a.title + "\n" + a.text for a in item.attachments.all()]
    return "\n".join(p for p in parts if p)


def reindex_meeting(meeting) -> None:
    """Refresh the stored search text/vectors of a meeting's items and minutes."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision")
        .prefetch_related("attachments")
    )
    for item in items:
        item.search_text = item_document(item)
    AgendaItem.objects.bulk_update(items, ["search_text"])
    # Attachments not tied to an item count for the meeting's minutes.
    general = [
        f"{a.title}\n{a.text}" for a in meeting.attachments.filter(item__isnull=True).order_by("pk")
    ]
    for minutes in Minutes.objects.filter(meeting=meeting):
        minutes.search_text = "\n".join([minutes.body, *general])
        minutes.save(update_fields=["search_text"])
    if is_postgres():
        AgendaItem.objects.filter(meeting=meeting).update(
            search_vector=SearchVector("title", "diarienummer", weight="A", config=CONFIG)
            + SearchVector("search_text", weight="B", config=CONFIG)
        )
        Minutes.objects.filter(meeting=meeting).update(
            search_vector=SearchVector("search_text", weight="B", config=CONFIG)
        )


@dataclass
class Hit:
    item: AgendaItem
    snippet: str
    rank: float


def published_items():
    return AgendaItem.objects.filter(meeting__minutes__status=Minutes.Status.PUBLISHED)


def apply_filters(qs, *, council=None, year=None, sector=None):
    if council:
        qs = qs.filter(meeting__council__slug=council)
    if year:
        qs = qs.filter(meeting__date__year=year)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def search(query: str, *, council=None, year=None, sector=None, limit=50) -> list[Hit]:
    query = (query or "").strip()
    if not query:
        return []
    qs = apply_filters(published_items(), council=council, year=year, sector=sector)
    qs = qs.select_related("meeting__council", "decision")
    paragraph = PARAGRAPH.match(query)
    if paragraph:
        qs = qs.filter(number=int(paragraph.group(1))).order_by("-meeting__starts_at")
        return [Hit(i, i.title, 1.0) for i in qs[:limit]]
    if DIARIENUMMER.match(query):
        qs = qs.filter(diarienummer__icontains=" ".join(query.split()))
        return [Hit(i, i.diarienummer, 1.0) for i in qs.order_by("-meeting__starts_at")[:limit]]
    if not is_postgres():
        return _substring(qs, query, limit)
    ranked = _ranked(qs, query, limit)
    hits = [Hit(i, _marked(i.snippet), i.rank) for i in ranked]
    if len(hits) < 5:  # compound parts: "fond" in "mikrofonden", "hus" in "föreningshuset"
        seen = {h.item.pk for h in hits}
        hits += [h for h in _substring(qs, query, limit - len(hits)) if h.item.pk not in seen]
    return hits


def _ranked(qs, query, limit):
    """PostgreSQL: the rows matching ``query``, best first, with ``rank`` and a marked ``snippet``."""
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    return (
        qs.filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            snippet=SearchHeadline(
                Coalesce("search_text", Value("")),
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
            ),
        )
        .order_by("-rank", "-meeting__starts_at")[:limit]
    )


def _substring(qs, query, limit) -> list[Hit]:
    condition = Q()
    for word in query.split()[:6]:
        if is_postgres():  # the stored text holds the title too; one trigram-indexed column
            condition &= Q(search_text__icontains=word)
        else:
            condition &= Q(title__icontains=word) | Q(search_text__icontains=word)
    items = qs.filter(condition).order_by("-meeting__starts_at")[:limit]
    return [Hit(i, _snippet(i.search_text or i.title, query), 0.0) for i in items]


def _snippet(text: str, query: str, width: int = 160) -> str:
    """A plain-text window around the first match, with <mark> around it (escaped elsewhere)."""
    from django.utils.html import escape

    lower = text.lower()
    word = query.split()[0].lower()
    at = lower.find(word)
    if at < 0:
        return escape(text[:width])
    start = max(0, at - width // 2)
    end = at + len(word)
    return (
        ("…" if start else "")
        + escape(text[start:at])
        + "<mark>"
        + escape(text[at:end])
        + "</mark>"
        + escape(text[end : end + width // 2])
        + "…"
    )


def _marked(snippet: str) -> str:
    from django.utils.html import escape

    return escape(snippet or "").replace(START, "<mark>").replace(STOP, "</mark>")


@dataclass
class MinutesHit:
    minutes: Minutes
    snippet: str
    rank: float


def search_minutes(query: str, *, council=None, year=None, limit=10) -> list[MinutesHit]:
    """Published minutes (their text and general attachments) matching ``query``."""
    query = (query or "").strip()
    if not query or PARAGRAPH.match(query) or DIARIENUMMER.match(query):
        return []
    qs = Minutes.objects.filter(status=Minutes.Status.PUBLISHED).select_related("meeting__council")
    qs = apply_filters(qs, council=council, year=year)
    if not is_postgres():
        condition = Q()
        for word in query.split()[:6]:
            condition &= Q(search_text__icontains=word)
        found = qs.filter(condition).order_by("-meeting__starts_at")[:limit]
        return [MinutesHit(m, _snippet(m.search_text, query), 0.0) for m in found]
    ranked = _ranked(qs, query, limit)
    return [MinutesHit(m, _marked(m.snippet), m.rank) for m in ranked]
