"""The database guarantee of the booking invariant on PostgreSQL: no two active bookings of a
single-unit resource whose blocked times (buffers included) overlap.

The constraint is PostgreSQL-only, so it is not declared in ``Booking.Meta`` (``makemigrations``
stays clean on every database); on SQLite the service's IMMEDIATE transaction is the guarantee.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "bookings_booking_no_overlap"

CREATE = f"""
ALTER TABLE bookings_booking ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (
    resource_id WITH =,
    tstzrange(block_start, block_end, '[)') WITH &&
) WHERE (status IN ('requested', 'confirmed') AND exclusive)
"""
DROP = f"ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


class RunSQLOnPostgres(migrations.RunSQL):
    """RunSQL that only runs on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        RunSQLOnPostgres(CREATE, DROP),
    ]
