from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings import ical
from bookings import search as free_search
from bookings.forms import SearchForm
from bookings.models import Booking
from portal.pagecache import cache_public_page
from portal.permissions import active_association
from resources.models import Feature, Resource, Venue


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=Resource.Kind.choices, label=_("Kind"))
    venue = django_filters.ModelChoiceFilter(queryset=Venue.objects.all(), label=_("Venue"))
    capacity = django_filters.NumberFilter(
        field_name="capacity", lookup_expr="gte", label=_("At least this many people")
    )
    features = django_filters.ModelMultipleChoiceFilter(
        queryset=Feature.objects.all(), conjoined=True, label=_("Features")
    )

    class Meta:
        model = Resource
        fields = ["q", "kind", "venue", "capacity", "features"]


@cache_public_page("resources")
def resource_list(request):
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.for_list())
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    return render(request, "resources/list.html", {"filter": filterset, "page": page})


def _resource(slug):
    return get_object_or_404(
        Resource.objects.active()
        .select_related("venue", "owner", "parent")
        .prefetch_related("features", "opening_hours", "closures", "opening_exceptions", "parts"),
        slug=slug,
    )


def resource_detail(request, slug):
    resource = _resource(slug)
    association = active_association(request)
    today = timezone.localdate()
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            # From the prefetched rows: the coming changes to the opening hours.
            "exceptions": [x for x in resource.opening_exceptions.all() if x.date >= today][:10],
            "closures": [c for c in resource.closures.all() if c.end_date >= today][:10],
            "association": association,
            "can_book": resource.is_bookable_by(association),
        },
    )


def _monday(request) -> date:
    today = timezone.localdate()
    try:
        wanted = date.fromisoformat(request.GET.get("vecka", ""))
    except ValueError:
        wanted = today
    if abs((wanted - today).days) > 800:
        wanted = today
    return wanted - timedelta(days=wanted.weekday())


@cache_public_page("resources", "bookings")
def resource_calendar(request, slug):
    resource = _resource(slug)
    monday = _monday(request)
    association = active_association(request)
    grid = free_search.week_calendar(resource, monday)
    if association is not None:
        # The acting association sees its own bookings as such (others stay "booked").
        own = list(
            Booking.objects.active()
            .filter(resource=resource, association=association)
            .overlapping(grid["start"], grid["end"])
            .only("pk", "start", "end")
        )
        for row in grid["rows"]:
            for cell in row["cells"]:
                for b in own:
                    if b.start < cell["end"] and b.end > cell["start"]:
                        cell["state"], cell["own"] = "taken", b
    return render(
        request,
        "resources/calendar.html",
        {
            "resource": resource,
            "grid": grid,
            "monday": monday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "can_book": resource.is_bookable_by(association),
        },
    )


def resource_feed(request, slug, token):
    resource = get_object_or_404(Resource.objects.select_related("venue"), slug=slug)
    if token != resource.ical_token:
        raise Http404
    since = _feed_since()
    bookings = (
        Booking.objects.filter(resource=resource, end__gte=since)
        .select_related("resource__venue", "association")
        .order_by("start")
    )
    body = ical.cached_calendar(
        bookings, key=f"resource:{resource.pk}:{since:%Y-%m-%d}", name=resource.name, public=True
    )
    return ical.response(body, f"{resource.slug}.ics")


def _feed_since():
    """Feeds show bookings from 90 days back, counted from the start of the day (so a cached
    feed stays valid all day)."""
    from datetime import datetime, time

    day = timezone.localdate() - timedelta(days=90)
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


@cache_public_page("resources", "bookings")
def free_slot_search(request):
    form = SearchForm(request.GET or None)
    results, own = None, []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        results = free_search.search(
            day=data["date"],
            from_time=data["from_time"],
            to_time=data["to_time"],
            minutes=data["minutes"],
            capacity=data.get("capacity") or 0,
            features=data.get("features") or (),
        )
        own = free_search.own_bookings(
            active_association(request), data["date"], data["from_time"], data["to_time"]
        )
        mine = {}
        for b in own:
            mine.setdefault(b.resource_id, []).append(b)
        results = [(r, starts[:6], len(starts), mine.get(r.pk, [])) for r, starts in results]
    return render(request, "resources/search.html", {"form": form, "results": results, "own": own})
