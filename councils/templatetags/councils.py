from functools import lru_cache

from django import template
from django.utils import timezone

from councils.models import Meeting, Minutes

register = template.Library()


@register.simple_tag
def latest_council_minutes():
    return (
        Meeting.objects.with_published_minutes()
        .select_related("council")
        .order_by("-starts_at")
        .first()
    )


@register.simple_tag
def secretary_work(user):
    """Held meetings of the user's councils whose minutes are not published yet."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Meeting.objects.filter(council__secretaries=user, starts_at__lte=timezone.now())
        .exclude(minutes__status=Minutes.Status.PUBLISHED)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("council", "minutes")
        .order_by("-starts_at")[:10]
    )


@lru_cache(maxsize=4096)
def _markdown(text: str):
    from portal.markdown import render_markdown

    return render_markdown(text)


@register.filter
def council_markdown(text):
    """``portal.markdown.render_markdown`` with an in-process cache: agenda texts repeat across
    the meeting page, the decision page and later views, and rarely change."""
    return _markdown(text or "")
