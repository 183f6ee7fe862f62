"""sifasuo backup / restore: the archive restores into a fresh database (same engine) with every row of
every table and the uploaded files; a non-empty target or an archive of the other engine is refused."""

from __future__ import annotations

import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sifasuo.accounts import services
from sifasuo.core.backup import restore
from tests.factories import staff_member

pytestmark = pytest.mark.django_db(transaction=True)


def _table_rows(cursor, tables) -> dict[str, list[str]]:
    out = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        out[table] = sorted(repr(row) for row in cursor.fetchall())
    return out


def _fresh_database(tmp_path):
    """An empty database of the engine under test, and a way to read it and to drop it."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        target = {**source, "NAME": str(tmp_path / "restored.sqlite3")}

        def cursor(name=target["NAME"]):
            import sqlite3

            return sqlite3.connect(name, uri=name.startswith("file:")).cursor()
        return target, cursor, lambda: None
    name = f"{source['NAME']}_restored"
    params = {"host": source["HOST"] or "127.0.0.1", "port": source["PORT"] or 5432, "user": source["USER"],
              "password": source["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    opened = []

    def cursor(dbname=name):
        db = psycopg.connect(dbname=dbname, **params)
        opened.append(db)
        return db.cursor()

    def drop():
        for db in opened:
            db.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {**source, "NAME": name}, cursor, drop


def test_backup_restores_every_row_and_file_into_a_fresh_database(tree, accounts, tmp_path, settings):
    staff_member(tree["office"], full_name="李四")
    services.issue_token(user=accounts["county_clerk"], label="同步")
    upload = Path(settings.MEDIA_ROOT) / "applications" / "证书.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 certificate")
    archive = tmp_path / "site.backup"
    call_command("backup", output=archive)
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "media/applications/证书.pdf"} <= set(tar.getnames())

    tables = connection.introspection.table_names()
    target, cursor, drop = _fresh_database(tmp_path)
    # Read both sides through the same plain driver (Django's SQLite connection converts types).
    expected = _table_rows(cursor(connection.settings_dict["NAME"]), tables)
    assert sum(len(rows) for rows in expected.values()) > 100   # the tree, accounts, log, migrations …
    media = tmp_path / "restored-media"
    try:
        manifest = restore(source=archive, database=target, media_root=media)
        assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
        assert _table_rows(cursor(), tables) == expected
        assert (media / "applications" / "证书.pdf").read_bytes() == b"%PDF-1.4 certificate"
        # A second restore into the now filled database is refused, and so are existing files.
        with pytest.raises(Exception, match="不是空的"):
            restore(source=archive, database=target, media_root=tmp_path / "other-media")
    finally:
        drop()


def test_restore_refuses_a_non_empty_database_and_a_foreign_file(accounts, tmp_path):
    archive = tmp_path / "site.backup"
    call_command("backup", output=archive)
    with pytest.raises(CommandError, match="不是空的：恢复只能写入新建的空数据库"):
        call_command("restore", archive)   # the configured database is the one in use
    junk = tmp_path / "junk.backup"
    junk.write_text("not an archive")
    with pytest.raises(CommandError, match="不是本系统生成的备份"):
        call_command("restore", junk)
