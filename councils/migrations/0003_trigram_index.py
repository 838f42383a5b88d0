"""Trigram index for the compound-word fallback (``icontains`` on the stored search text is
``UPPER(search_text) LIKE UPPER('%part%')`` on PostgreSQL): PostgreSQL only."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS councils_item_text_trgm ON councils_agendaitem "
    "USING gin ((UPPER(search_text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS councils_item_dnr_trgm ON councils_agendaitem "
    "USING gin ((UPPER(diarienummer)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS councils_item_text_trgm",
    "DROP INDEX IF EXISTS councils_item_dnr_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("councils", "0002_search_indexes")]

    operations = [migrations.RunPython(forward, backward)]
