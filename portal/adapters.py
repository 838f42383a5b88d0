from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """New accounts remember the language they signed up in."""
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language() or "sv"
        user.preferred_language = "en" if language.startswith("en") else "sv"
        if commit:
            user.save()
        return user
