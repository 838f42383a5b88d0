"""Sections other apps add to an association's public profile (open volunteer assignments,
shared resources). Each entry is the dotted path of a callable ``(association, request)``
returning ``None`` or ``{"title": str, "template": str, "context": dict}``; the template is
included inside a ``<section>`` under an ``<h2>`` with the title. Keep each to a constant number
of queries."""

from __future__ import annotations

from django.utils.module_loading import import_string

SECTIONS: list[str] = [
    "associations.volunteer_profile.open_assignments",
    "resources.profile.shared_resources",
]


def sections(association, request) -> list[dict]:
    found = []
    for path in SECTIONS:
        section = import_string(path)(association, request)
        if section:
            found.append(section)
    return found
