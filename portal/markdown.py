"""The one Markdown sanitiser of the portal: Markdown in, nh3-cleaned HTML out."""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


_local = threading.local()


def _converter() -> md.Markdown:
    """One Markdown instance per thread, reset between uses: building one (loading the
    extensions) costs more than converting a short text."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter.reset()


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render user Markdown to safe HTML: raw HTML, scripts, event handlers and js: URLs go.

    Pure (the same text gives the same HTML), so results are memoised per process: a page of
    38 decisions renders them once, not on every request."""
    html = _converter().convert(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)


def plain_text(text: str) -> str:
    """Markdown source reduced to text (for search indexes and e-mails)."""
    return nh3.clean(md.markdown(text or ""), tags=set()).strip()
