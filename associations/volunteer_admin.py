"""Volunteer brokering in the admin."""
