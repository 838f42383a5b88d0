"""The usage report: per resource and month (booked hours, utilisation of the opening hours,
hours per association, attendance where recorded, cancellations, no-shows) and per
association (bookings and volunteer activity). Built from bookings.reports and
associations.volunteer_dashboard."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _


def _hours(value) -> str:
    return f"{value:.1f}"


def resource_table(rows) -> tuple[list[str], list[list]]:
    header = [
        _("Resource"), _("Venue"), _("Month"), _("Bookings"), _("Booked hours"),
        _("Opening hours"), _("Utilisation (%)"), _("Attended"), _("Attendance recorded"),
        _("Cancellations"), _("No-shows"), _("Hours per association"),
    ]  # fmt: skip
    table = []
    for row in rows:
        utilisation = row["utilisation"]
        table.append([
            row["resource"], row["venue"], row["month"], row["bookings"], row["booked_hours"],
            row["open_hours"], "" if utilisation is None else round(utilisation * 100, 1),
            row["attended"], row["attendance_recorded"], row["cancellations"], row["no_shows"],
            ", ".join(f"{name}: {_hours(h)}" for name, h in row["hours_by_association"].items()),
        ])  # fmt: skip
    return header, table


def association_table(start, stop) -> tuple[list[str], list[list]]:
    """Per association: bookings in [start, stop) and volunteer activity."""
    from associations.volunteer_dashboard import activity_per_association
    from bookings.reports import association_rows

    header = [
        _("Association"), _("Bookings"), _("Booked hours"), _("Attended"),
        _("Attendance recorded"), _("Cancellations"), _("No-shows"),
        _("Assignments published"), _("Applications"), _("Volunteers matched"),
    ]  # fmt: skip
    bookings = {row["association_id"]: row for row in association_rows(start, stop)}
    volunteering = activity_per_association(start, stop)
    names = {pk: row["association"] for pk, row in bookings.items()}
    names.update({pk: row["association"] for pk, row in volunteering.items()})
    table = []
    for pk in sorted(names, key=lambda pk: (names[pk] or "").lower()):
        b = bookings.get(pk, {})
        v = volunteering.get(pk, {})
        table.append([
            names[pk], b.get("bookings", 0), b.get("booked_hours", 0.0), b.get("attended", 0),
            b.get("attendance_recorded", 0), b.get("cancellations", 0), b.get("no_shows", 0),
            v.get("assignments_published", 0), v.get("applications", 0), v.get("matched", 0),
        ])  # fmt: skip
    return header, table


def report(period_start: datetime.date, period_end: datetime.date) -> tuple[list[str], list[list]]:
    """The whole usage report for [period_start, period_end] (both days included) as one
    table: the resources per month, then, after an empty row, the associations."""
    from bookings.reports import usage_rows

    stop = period_end + datetime.timedelta(days=1)
    header, rows = resource_table(usage_rows(period_start, stop))
    assoc_header, assoc_rows = association_table(period_start, stop)
    rows = rows + [[], [_("Per association")], assoc_header] + assoc_rows
    return header, rows
