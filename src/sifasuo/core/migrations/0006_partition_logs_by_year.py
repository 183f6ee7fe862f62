"""The change log and the sensitive-access log partitioned by year on PostgreSQL (D64); SQLite keeps plain
tables. Reversing keeps the partitioned tables: the application reads and writes them the same way."""

from django.db import migrations

from sifasuo.core import partitions


def forward(apps, schema_editor):
    for table in ("core_changelogentry", "core_sensitiveaccess"):
        partitions.partition(schema_editor.connection, table)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_shared_cache_table")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
