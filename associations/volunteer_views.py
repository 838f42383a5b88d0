"""Views of volunteer brokering: thin — form, service, redirect with a message."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations import volunteer_services as services
from associations.models import Application, Assignment, VolunteerProfile
from associations.volunteer_calendar import calendar_for
from associations.volunteer_forms import (
    ApplyForm,
    AssignmentFilter,
    AssignmentForm,
    CloseForm,
    ProfileForm,
    UnpublishForm,
)
from associations.volunteer_matching import rank_assignments, rank_volunteers
from associations.volunteer_privacy import erase_profile, export
from portal.pagecache import cache_private_page, cache_public_page
from portal.permissions import COORDINATORS, active_membership, is_coordinator, role_required

PAGE_SIZE = 20


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Public -----------------------------------------------------------------------------------


@cache_public_page("associations")
def assignment_list(request):
    queryset = Assignment.objects.open().for_list().order_by("-published_at", "-pk")
    filterset = AssignmentFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteering/list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def _visible_assignment(request, pk) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("association", "category", "district"), pk=pk
    )
    if not assignment.is_public and not services.can_manage(request.user, assignment):
        raise Http404
    return assignment


@cache_public_page("associations", "portal")
def assignment_detail(request, pk):
    assignment = _visible_assignment(request, pk)
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(
            assignment=assignment, volunteer=request.user
        ).first()
    return render(
        request,
        "volunteering/detail.html",
        {
            "assignment": assignment,
            "skills": list(assignment.skills.all()),
            "application": application,
            "form": ApplyForm(assignment=assignment),
            "can_manage": services.can_manage(request.user, assignment),
            "is_coordinator": is_coordinator(request.user),
            "accepted_count": assignment.applications.filter(status="accepted").count(),
        },
    )


@login_required
def apply(request, pk):
    assignment = _visible_assignment(request, pk)
    form = ApplyForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(
                assignment,
                volunteer=request.user,
                message=form.cleaned_data["message"],
                confirms_age=form.cleaned_data.get("confirms_age", False),
            )
        except ValidationError as exc:
            _error(request, exc)
            return redirect(assignment)
        messages.success(
            request, _("Thank you! The association has been told and will answer you.")
        )
        return redirect("volunteering:my_applications")
    return render(request, "volunteering/apply.html", {"assignment": assignment, "form": form})


def calendar_feed(request, token):
    profile = get_object_or_404(VolunteerProfile, calendar_token=token)
    assignments = (
        Assignment.objects.filter(
            applications__volunteer_id=profile.user_id,
            applications__status=Application.Status.ACCEPTED,
            starts_at__isnull=False,
        )
        .select_related("association", "district")
        .order_by("starts_at")
    )
    response = HttpResponse(calendar_for(assignments), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# --- The volunteer ----------------------------------------------------------------------------


@login_required
def profile_edit(request):
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    form = ProfileForm(
        request.POST or None, instance=profile or VolunteerProfile(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        services.touch_profile(request.user)
        messages.success(request, _("Your volunteer profile is saved."))
        return redirect("volunteering:suggestions")
    feed_url = None
    if profile:
        feed_url = request.build_absolute_uri(
            reverse("volunteering:calendar", kwargs={"token": profile.calendar_token})
        )
    return render(
        request,
        "volunteering/profile.html",
        {"form": form, "profile": profile, "feed_url": feed_url},
    )


@login_required
def profile_export(request):
    response = HttpResponse(
        json.dumps(export(request.user), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="volontarprofil.json"'
    return response


@login_required
def profile_delete(request):
    if request.method == "POST":
        erase_profile(request.user)
        messages.success(
            request, _("Your volunteer profile is deleted and your applications anonymised.")
        )
        return redirect("volunteering:list")
    return render(request, "volunteering/profile_delete.html")


@login_required
def my_applications(request):
    applications = (
        Application.objects.filter(volunteer=request.user)
        .select_related("assignment__association")
        .order_by("-created_at")
    )
    return render(request, "volunteering/my_applications.html", {"applications": applications})


@login_required
@require_POST
def withdraw(request, pk):
    application = get_object_or_404(Application, pk=pk, volunteer=request.user)
    try:
        services.withdraw(application, by=request.user)
        messages.success(request, _("Your application is withdrawn."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("volunteering:my_applications")


@login_required
@cache_private_page("associations")
def suggestions(request):
    profile = (
        VolunteerProfile.objects.filter(user=request.user)
        .prefetch_related("skills", "categories", "districts")
        .first()
    )
    ranked = rank_assignments(profile) if profile else []
    return render(request, "volunteering/suggestions.html", {"profile": profile, "ranked": ranked})


# --- The association --------------------------------------------------------------------------


def _managed(request, pk) -> Assignment:
    assignment = get_object_or_404(Assignment.objects.select_related("association"), pk=pk)
    if not services.can_manage(request.user, assignment):
        raise Http404
    return assignment


@login_required
def manage(request):
    membership = active_membership(request)
    if membership is None:
        raise PermissionDenied
    association = membership.association
    assignments = (
        Assignment.objects.filter(association=association)
        .annotate(
            new_count=Count("applications", filter=Q(applications__status="new")),
            accepted_count=Count("applications", filter=Q(applications__status="accepted")),
        )
        .order_by("status", "-created_at")
    )
    return render(
        request,
        "volunteering/manage.html",
        {"association": association, "assignments": assignments},
    )


@login_required
def assignment_create(request):
    membership = active_membership(request)
    if membership is None:
        raise PermissionDenied
    association = membership.association
    form = AssignmentForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        assignment = form.save()
        messages.success(request, _("The assignment is saved as a draft. Publish it when ready."))
        return redirect("volunteering:edit", pk=assignment.pk)
    return render(
        request, "volunteering/assignment_form.html", {"form": form, "association": association}
    )


@login_required
def assignment_edit(request, pk):
    assignment = _managed(request, pk)
    form = AssignmentForm(
        request.POST or None, instance=assignment, association=assignment.association
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The assignment is saved."))
        return redirect("volunteering:edit", pk=assignment.pk)
    return render(
        request,
        "volunteering/assignment_form.html",
        {
            "form": form,
            "association": assignment.association,
            "assignment": assignment,
            "close_form": CloseForm(),
        },
    )


@login_required
@require_POST
def assignment_publish(request, pk):
    assignment = _managed(request, pk)
    try:
        assignment = services.publish_assignment(assignment, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("volunteering:edit", pk=pk)
    if assignment.needs_approval:
        messages.info(
            request,
            _("Your association's first assignment is shown once a coordinator has approved it."),
        )
    else:
        messages.success(request, _("The assignment is published."))
    return redirect("volunteering:manage")


@login_required
@require_POST
def assignment_close(request, pk):
    assignment = _managed(request, pk)
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose why the assignment is closed."))
        services.close_assignment(assignment, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The assignment is closed."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("volunteering:manage")


@login_required
def applicants(request, pk):
    assignment = _managed(request, pk)
    applications = (
        assignment.applications.select_related("volunteer")
        .exclude(status=Application.Status.WITHDRAWN)
        .order_by("created_at")
    )
    return render(
        request,
        "volunteering/applicants.html",
        {
            "assignment": assignment,
            "applications": applications,
            "actions": [
                ("contact", _("Contacted")),
                ("accept", _("Accept")),
                ("decline", _("Decline")),
            ],
        },
    )


@login_required
def candidates(request, pk):
    assignment = _managed(request, pk)
    invited = set(assignment.invitations.values_list("volunteer_id", flat=True))
    applied = set(assignment.applications.values_list("volunteer_id", flat=True))
    return render(
        request,
        "volunteering/candidates.html",
        {
            "assignment": assignment,
            "ranked": [
                (profile, match, profile.user_id in invited, profile.user_id in applied)
                for profile, match in rank_volunteers(assignment)
            ],
        },
    )


@login_required
@require_POST
def invite(request, pk, profile_pk):
    assignment = _managed(request, pk)
    profile = get_object_or_404(VolunteerProfile, pk=profile_pk, contactable=True)
    try:
        services.invite(assignment, volunteer=profile.user, by=request.user)
        messages.success(request, _("The volunteer has been asked by e-mail."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("volunteering:candidates", pk=assignment.pk)


ACTIONS = {
    "accept": services.accept,
    "decline": services.decline,
    "contact": services.mark_contacted,
}


@login_required
@require_POST
def decide(request, pk, action):
    application = get_object_or_404(
        Application.objects.select_related("assignment__association"), pk=pk
    )
    if action not in ACTIONS or not services.can_manage(request.user, application.assignment):
        raise Http404
    try:
        result = ACTIONS[action](application, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        if action == "accept" and result.status == Application.Status.WAITLISTED:
            messages.warning(
                request,
                _("All places are taken: the volunteer is on the waiting list instead."),
            )
        else:
            messages.success(request, _("The application is updated."))
    return redirect("volunteering:applicants", pk=application.assignment_id)


# --- Coordinators -----------------------------------------------------------------------------


@role_required(COORDINATORS)
def unpublish(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("association"), pk=pk)
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unpublish_assignment(
                assignment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The assignment is taken off the public list."))
            return redirect(assignment)
    return render(request, "volunteering/unpublish.html", {"assignment": assignment, "form": form})


@role_required(COORDINATORS)
@require_POST
def approve(request, pk):
    assignment = get_object_or_404(Assignment, pk=pk)
    try:
        services.approve_assignment(assignment, by=request.user)
        messages.success(request, _("The assignment is approved and shown publicly."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect(assignment)
