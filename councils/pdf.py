"""Text out of PDF attachments (for search and the personal-number check)."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

MAX_PAGES = 200


def extract_text(field_file) -> str:
    from pypdf import PdfReader

    try:
        field_file.seek(0)
        reader = PdfReader(field_file)
        parts = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
        field_file.seek(0)
    except Exception as exc:  # a broken PDF is stored but not searchable
        logger.warning("councils: could not read PDF text: %s", type(exc).__name__)
        return ""
    return "\n".join(parts).replace("\x00", "")[:500_000]
