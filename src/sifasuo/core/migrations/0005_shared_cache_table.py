"""The database cache table `sifasuo_cache` (D62): the shared cache where there is no Redis.

Django creates it with `createcachetable`; doing it in a migration means `migrate` is all an installation
runs, on SQLite and PostgreSQL alike. The table is created whatever the cache settings are now, so that an
installation may drop Redis later without another step.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "sifasuo_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_work_calendar")]

    operations = [migrations.RunPython(create, drop)]
