"""Public pages of the councils: archive, meeting, decision, members, documents, search, follow.

Nothing here shows a draft: meetings appear once their notice (agenda) or minutes are published;
decisions and minutes once the minutes are published. Everything else is a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from councils.forms import SearchForm, SubscribeForm
from councils.models import AgendaItem, Attachment, Council, Meeting, Minutes, Sector
from portal import jobs
from portal.pagecache import cache_public_page
from portal.uploads import serve_private_file


@cache_public_page("councils")
def index(request):
    councils = Council.objects.annotate(
        published=Count("meetings", filter=Q(meetings__minutes__status=Minutes.Status.PUBLISHED))
    )
    recent = (
        Meeting.objects.with_published_minutes()
        .select_related("council", "minutes")
        .order_by("-starts_at")[:10]
    )
    upcoming = (
        Meeting.objects.filter(notice_published=True)
        .upcoming()
        .select_related("council")
        .order_by("starts_at")[:5]
    )
    return render(
        request,
        "councils/index.html",
        {"councils": councils, "recent": recent, "upcoming": upcoming, "search_form": SearchForm()},
    )


@cache_public_page("councils", "portal")
def council(request, slug):
    council = get_object_or_404(Council, slug=slug)
    meetings = Meeting.objects.public().filter(council=council)
    years = sorted({d.year for d in meetings.dates("date", "year")}, reverse=True)
    year = request.GET.get("ar") or (str(years[0]) if years else "")
    if year and not year.isdigit():
        raise Http404
    if year:
        meetings = meetings.filter(date__year=int(year))
    meetings = (
        meetings.select_related("council", "minutes")
        .annotate(item_count=Count("items"))
        .order_by("-date", "-start_time")
    )
    return render(
        request,
        "councils/council.html",
        {
            "council": council,
            "meetings": meetings,
            "years": years,
            "year": int(year) if year else None,
        },
    )


def members(request, slug):
    council = get_object_or_404(Council, slug=slug)
    today = timezone.localdate()
    all_members = list(council.members.order_by("sector", "role", "name"))
    current = [m for m in all_members if m.is_current(today)]
    past = sorted(
        (m for m in all_members if m.end and m.end < today), key=lambda m: m.end, reverse=True
    )
    return render(
        request,
        "councils/members.html",
        {"council": council, "current": current, "past": past},
    )


def _public_meeting(slug, pk):
    meeting = get_object_or_404(
        Meeting.objects.public().select_related("council", "minutes"), pk=pk, council__slug=slug
    )
    minutes = getattr(meeting, "minutes", None)
    meeting.published_minutes = minutes if minutes and minutes.is_published else None
    return meeting


@cache_public_page("councils", "portal")
def meeting(request, slug, pk):
    meeting = _public_meeting(slug, pk)
    return render(
        request, "councils/meeting.html", meeting_context(meeting, meeting.published_minutes)
    )


def meeting_context(meeting, minutes, *, preview=False) -> dict:
    """What the meeting page shows; ``minutes`` is None unless they may be shown (published,
    or a secretary's preview of a draft in the admin)."""
    shown = minutes is not None
    items = meeting.items.prefetch_related("attachments").order_by("order", "number")
    if shown:
        items = items.select_related("decision")
    general_attachments = [a for a in meeting.attachments.all() if a.item_id is None]
    versions = list(minutes.versions.all()) if shown else []
    day = meeting.date
    members = [
        m
        for m in meeting.council.members.all()
        if m.start <= day and (m.end is None or m.end >= day)
    ]
    return {
        "meeting": meeting,
        "council": meeting.council,
        "minutes": minutes,
        "items": list(items),
        "general_attachments": general_attachments,
        "versions": versions,
        "members": members,
        "preview": preview,
    }


@cache_public_page("councils", "portal")
def decision(request, slug, pk, number):
    meeting = _public_meeting(slug, pk)
    if meeting.published_minutes is None:
        raise Http404
    item = get_object_or_404(
        AgendaItem.objects.select_related("decision").prefetch_related("attachments"),
        meeting=meeting,
        number=number,
    )
    item.meeting = meeting
    return render(
        request,
        "councils/decision.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "item": item,
            "minutes": meeting.published_minutes,
        },
    )


def cite(request, slug, day, number):
    """The citation as an address: /samhallsrad/samhallsradet/2026-03-12/4/ → the decision."""
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    meetings = list(
        Meeting.objects.with_published_minutes()
        .filter(council__slug=slug, date=date, items__number=number)
        .order_by("start_time")[:2]
    )
    if len(meetings) != 1:
        raise Http404
    return redirect("councils:decision", slug=slug, pk=meetings[0].pk, number=number)


def attachment(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(meeting__in=Meeting.objects.public()), pk=pk
    )
    return serve_private_file(attachment.file, f"{attachment.title}.pdf")


@cache_public_page("councils", "portal")
def search(request):
    from councils import search as engine

    form = SearchForm(request.GET or None)
    hits, minutes_hits = [], []
    if form.is_valid():
        data = form.cleaned_data
        if not data.get("sector"):
            minutes_hits = engine.search_minutes(
                data["q"],
                council=data["council"].slug if data.get("council") else None,
                year=data.get("year"),
            )
        hits = engine.search(
            data["q"],
            council=data["council"].slug if data.get("council") else None,
            year=data.get("year"),
            sector=data.get("sector") or None,
        )
    page = Paginator(hits, 20).get_page(request.GET.get("sida"))
    return render(
        request,
        "councils/search.html",
        {"form": form, "page": page, "hits": page.object_list, "minutes_hits": minutes_hits},
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    from councils.models import Subscription
    from councils.tasks import send_confirmation

    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        subscription, _created = Subscription.objects.get_or_create(
            email=email, council=form.cleaned_data.get("council"),
            defaults={"language": get_language() or "sv"},
        )  # fmt: skip
        # Confirmation mail: once, and again at most hourly (no mail bombing an address).
        stale = subscription.created_at < timezone.now() - datetime.timedelta(hours=1)
        if not subscription.confirmed_at and (_created or stale):
            if stale:
                Subscription.objects.filter(pk=subscription.pk).update(created_at=timezone.now())
            jobs.enqueue(send_confirmation, subscription.pk)
        # Same answer whether or not the address was known: no address enumeration.
        messages.success(request, _("Check your e-mail: follow the link in it to confirm."))
        return redirect("councils:index")
    return render(request, "councils/subscribe.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    from councils.subscriptions import subscription_from_confirm

    subscription = subscription_from_confirm(token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        if not subscription.confirmed_at:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        messages.success(request, _("Your subscription is confirmed."))
        return redirect("councils:index")
    return render(request, "councils/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (also the mail client's RFC 8058 one-click) unsubscribes."""
    from councils.subscriptions import subscription_from_unsubscribe

    subscription = subscription_from_unsubscribe(token)
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        messages.success(request, _("You will get no more e-mail about new minutes."))
        return redirect("councils:index")
    if subscription is None:
        raise Http404
    return render(request, "councils/unsubscribe.html", {"subscription": subscription})


SECTORS = Sector
