"""Signed tokens for the e-mail subscription: confirm (double opt-in) and one-click unsubscribe."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "councils.subscription.confirm"
UNSUBSCRIBE_SALT = "councils.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(subscription) -> str:
    return signing.dumps({"id": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscription) -> str:
    return signing.dumps({"id": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT)


def confirm_url(subscription) -> str:
    return settings.SITE_URL + reverse("councils:confirm", args=[confirm_token(subscription)])


def unsubscribe_url(subscription) -> str:
    return settings.SITE_URL + reverse(
        "councils:unsubscribe", args=[unsubscribe_token(subscription)]
    )


def _load(token, salt, max_age=None):
    from councils.models import Subscription

    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("id"), email=data.get("e")).first()


def subscription_from_confirm(token):
    return _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def subscription_from_unsubscribe(token):
    return _load(token, UNSUBSCRIBE_SALT)
