"""Views of the registry: thin; rules live in services.py and permissions."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from associations.models import Association


def directory(request):
    associations = Association.objects.public().select_related("district")
    return render(request, "associations/directory.html", {"associations": associations})


def detail(request, slug):
    association = get_object_or_404(Association.objects.select_related("district"), slug=slug)
    if not association.is_listed:
        raise Http404
    return render(request, "associations/detail.html", {"association": association})
