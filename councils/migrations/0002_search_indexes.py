"""GIN indexes on the stored search vectors, and trigram support: PostgreSQL only (SQLite has
neither; there the search falls back to substring matching)."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS councils_item_search_gin ON councils_agendaitem USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS councils_minutes_search_gin ON councils_minutes USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS councils_item_search_gin",
    "DROP INDEX IF EXISTS councils_minutes_search_gin",
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
    dependencies = [("councils", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
