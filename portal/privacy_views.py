""" "Mina uppgifter": see, download and delete what the portal holds about you."""

from __future__ import annotations

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import privacy

log = logging.getLogger("portal.security")


SECTION_LABELS = {
    "associations": gettext_lazy("Associations"),
    "associations.volunteer": gettext_lazy("Volunteering"),
    "resources": gettext_lazy("Rooms and equipment"),
    "bookings": gettext_lazy("Bookings"),
    "councils": gettext_lazy("Community councils"),
    "microfund": gettext_lazy("Microfund"),
}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my personal data will be deleted."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            log.warning("account deletion refused: wrong password user=%s", self.user.pk)
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


@login_required
@never_cache
@require_GET
def my_data(request):
    data = privacy.export(request.user)
    sections = [
        (SECTION_LABELS.get(name, name), json.dumps(value, ensure_ascii=False, indent=2))
        for name, value in data.items()
        if name not in {"portal", "account", "memberships"}
    ]
    return render(
        request,
        "portal/my_data.html",
        {"account": data["account"], "memberships": data["memberships"], "sections": sections},
    )


@login_required
@never_cache
@require_GET
def my_data_download(request):
    body = json.dumps(privacy.export(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    log.info("personal data exported user=%s", request.user.pk)
    return response


@login_required
@never_cache
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.erase(user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "portal/delete_account.html", {"form": form})
