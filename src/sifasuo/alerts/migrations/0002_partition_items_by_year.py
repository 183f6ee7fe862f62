"""Alert items partitioned by their deadline's year on PostgreSQL (D64, D49); SQLite keeps a plain table.
Nothing references an item by a foreign key; the unique key (rule, record, due) already holds the partition
key. Reversing keeps the partitioned table: the application reads and writes it the same way."""

from django.db import migrations

from sifasuo.core import partitions


def forward(apps, schema_editor):
    partitions.partition(schema_editor.connection, "alerts_alertitem")


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_alert_items"), ("core", "0006_partition_logs_by_year")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
