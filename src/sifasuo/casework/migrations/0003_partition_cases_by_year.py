"""Mediation cases partitioned by 案件年度 on PostgreSQL (D64); SQLite keeps a plain table. The links to a case
lost their database constraints in 0002. Reversing keeps the partitioned table."""

from django.db import migrations

from sifasuo.core import partitions


def forward(apps, schema_editor):
    partitions.partition(schema_editor.connection, "casework_mediationcase")


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_case_links_without_db_constraints")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
