"""Strings of third-party packages whose Swedish translation we correct in locale/sv.

Listed here so that makemessages keeps them in our catalogue (ours wins over the package's).
"""

from django.utils.translation import gettext_noop

OVERRIDES = [
    # allauth's Swedish says "already have an account? log in" on the link to sign up.
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
]
