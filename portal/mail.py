"""E-mail from templates, in the recipient's language, through Django 6.1's default mailer."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def send_templated_mail(
    *,
    to: list[str] | str,
    template: str,
    context: dict | None = None,
    language: str | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> int:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and send them.

    ``language`` is the recipient's preferred language (Swedish when unknown).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return 0
    context = {
        "site_url": settings.SITE_URL,
        "portal_name": settings.PORTAL_NAME,
        **(context or {}),
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(_render_text(f"{template}_subject.txt", context).split())
        body = _render_text(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    )
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    return message.send()


def _render_text(name: str, context: dict) -> str:
    """Plain-text mail is not HTML: render without HTML escaping, so a link with ``&`` or a
    name with ``'`` arrives as written."""
    return get_template(name).template.render(Context(context, autoescape=False))
