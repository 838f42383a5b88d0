"""Views of the registry: thin; rules live in services.py and portal.permissions."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations import profile_hooks, services
from associations.csv_io import safe_csv_value
from associations.filters import AssociationFilter, directory_queryset
from associations.forms import AssociationForm, InviteForm, MemberCountForm, RoleForm
from associations.models import Association, Membership
from portal import permissions
from portal.pagecache import cache_public_page


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _managed(request, slug) -> Association:
    """The association at ``slug`` if the user administers it (or coordinates); else 404."""
    association = get_object_or_404(Association, slug=slug)
    if not (
        permissions.is_association_admin(request.user, association)
        or permissions.is_coordinator(request.user)
    ):
        raise Http404
    return association


def _joined(request, slug) -> Association:
    association = get_object_or_404(Association, slug=slug)
    if not (
        permissions.is_association_member(request.user, association)
        or permissions.is_coordinator(request.user)
    ):
        raise Http404
    return association


# --- Public -------------------------------------------------------------------------------


PAGE_SIZE = 20
OPEN_DATA_FIELDS = [
    "name",
    "org_number",
    "legal_form",
    "categories",
    "district",
    "founded_year",
    "is_work_integrating",
    "contact_email",
    "phone",
    "website",
    "address",
    "url",
]


def _filtered(request):
    return AssociationFilter(request.GET or None, queryset=directory_queryset())


@cache_public_page("associations", "bookings", "resources")
def directory(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "associations/directory.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )


def _open_data_rows(request):
    base = settings.SITE_URL
    for association in _filtered(request).qs.iterator(chunk_size=500):
        yield {
            "name": association.name,
            "org_number": association.org_number or "",
            "legal_form": association.legal_form,
            "categories": [c.name for c in association.categories.all()],
            "district": association.district.name if association.district else "",
            "founded_year": association.founded_year,
            "is_work_integrating": association.is_work_integrating,
            "contact_email": association.contact_email,
            "phone": association.phone,
            "website": association.website,
            "address": association.address,
            "url": base + association.get_absolute_url(),
        }


class _Echo:
    def write(self, value):
        return value


def directory_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=OPEN_DATA_FIELDS)

    def lines():
        yield writer.writeheader()
        for row in _open_data_rows(request):
            row["categories"] = "; ".join(row["categories"])
            row["is_work_integrating"] = "ja" if row["is_work_integrating"] else "nej"
            yield writer.writerow({k: safe_csv_value(v) for k, v in row.items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="foreningar.csv"'
    return response


def directory_json(request):
    data = {
        "license": "CC0-1.0",
        "generated": timezone.now().isoformat(),
        "associations": list(_open_data_rows(request)),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_public_page("associations", "bookings", "councils", "microfund", "resources", "portal")
def detail(request, slug):
    association = get_object_or_404(
        Association.objects.select_related("district").prefetch_related("categories"), slug=slug
    )
    membership = permissions.membership_for(request.user, association)
    coordinator = permissions.is_coordinator(request.user)
    if not association.is_listed and membership is None and not coordinator:
        raise Http404
    return render(
        request,
        "associations/detail.html",
        {
            "association": association,
            "membership": membership,
            "can_manage": coordinator or (membership is not None and membership.is_admin),
            "member_count": association.member_counts.first(),
            "sections": profile_hooks.sections(association, request),
        },
    )


# --- Register and edit --------------------------------------------------------------------


@login_required
def register(request):
    form = AssociationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.register(
                form.save(commit=False), by=request.user, categories=form.cleaned_data["categories"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[permissions.ACTIVE_ASSOCIATION_SESSION_KEY] = association.pk
            messages.success(
                request,
                _("%(name)s is registered and sent to the coordinators for approval.")
                % {"name": association.name},
            )
            return redirect(association)
    return render(request, "associations/form.html", {"form": form, "association": None})


@login_required
def edit(request, slug):
    association = _managed(request, slug)
    form = AssociationForm(
        request.POST or None,
        request.FILES or None,
        instance=association,
        can_change_org_number=permissions.is_coordinator(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.save(
            form.save(commit=False), by=request.user, categories=form.cleaned_data["categories"]
        )
        messages.success(request, _("The changes are saved."))
        return redirect(association)
    return render(request, "associations/form.html", {"form": form, "association": association})


@login_required
@require_POST
def submit(request, slug):
    association = _managed(request, slug)
    try:
        services.submit_for_approval(association, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Sent to the coordinators for approval."))
    return redirect(association)


@login_required
def annual_update(request, slug):
    association = _managed(request, slug)
    latest = association.member_counts.first()
    initial = {"year": timezone.localdate().year}
    if latest:
        initial |= {
            f: getattr(latest, f) for f in ("age_0_6", "age_7_25", "age_26_64", "age_65_plus")
        }
    form = MemberCountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        try:
            services.confirm_annual_update(association, by=request.user, year=year, counts=data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Thank you: the annual update is confirmed."))
        return redirect(association)
    return render(
        request,
        "associations/annual_update.html",
        {"association": association, "form": form, "counts": association.member_counts.all()[:5]},
    )


# --- Members ------------------------------------------------------------------------------


@login_required
def members(request, slug):
    association = _joined(request, slug)
    can_manage = permissions.is_association_admin(
        request.user, association
    ) or permissions.is_coordinator(request.user)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.invite(
                    association,
                    by=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                form.add_error("email", exc)
            else:
                messages.success(
                    request,
                    _("An invitation is sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("associations:members", slug=association.slug)
    memberships = association.memberships.select_related("user").order_by("role", "user__email")
    return render(
        request,
        "associations/members.html",
        {
            "association": association,
            "memberships": memberships,
            "form": form,
            "can_manage": can_manage,
            "roles": Membership.Role.choices,
        },
    )


def _membership(request, slug, pk) -> Membership:
    association = _managed(request, slug)
    return get_object_or_404(
        Membership.objects.select_related("association", "user"), pk=pk, association=association
    )


@login_required
@require_POST
def member_role(request, slug, pk):
    membership = _membership(request, slug, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.set_role(membership, form.cleaned_data["role"], by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The role is changed."))
    return redirect("associations:members", slug=slug)


@login_required
@require_POST
def member_remove(request, slug, pk):
    membership = _membership(request, slug, pk)
    try:
        services.remove_member(membership, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The member is removed."))
    return redirect("associations:members", slug=slug)


@login_required
@require_POST
def leave(request, slug):
    association = get_object_or_404(Association, slug=slug)
    membership = permissions.membership_for(request.user, association)
    if membership is None:
        raise Http404
    try:
        services.remove_member(membership, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect(association)
    messages.success(request, _("You have left %(name)s.") % {"name": association.name})
    return redirect("dashboard")


@login_required
def accept_invitation(request, token):
    try:
        invitation = services.read_invitation(token)
    except ValidationError as exc:
        return render(
            request, "associations/invitation.html", {"error": exc.messages[0]}, status=200
        )
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token, user=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            request.session[permissions.ACTIVE_ASSOCIATION_SESSION_KEY] = membership.association_id
            messages.success(
                request,
                _("Welcome to %(name)s.") % {"name": membership.association.name},
            )
            return redirect(membership.association)
    return render(
        request,
        "associations/invitation.html",
        {
            "association": invitation["association"],
            "email": invitation["e"],
            "role": Membership.Role(invitation["r"]).label,
            "matches": invitation["e"] == (request.user.email or "").lower(),
        },
    )
