"""Volunteer brokering: profiles, assignments, applications (issue 4)."""
