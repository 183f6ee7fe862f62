"""Backup and restore of the whole installation: the database and the uploaded files, in one archive.

SQLite is copied with its online backup API (`sqlite3.Connection.backup`) from the running connection, so
the copy is consistent while others write; PostgreSQL with `pg_dump -Fc` (and `pg_restore`). The archive
is a gzip'd tar: `manifest.json` (engine, time, latest migrations), `database.sqlite3` or
`database.pgdump`, and `media/` (MEDIA_ROOT). A restore goes into an empty database only.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

SQLITE, POSTGRES = "sqlite", "postgresql"
DB_MEMBER = {SQLITE: "database.sqlite3", POSTGRES: "database.pgdump"}


def engine_of(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRES
    raise ValidationError(f"不支持的数据库引擎：{engine}")


def _pg_command(program: str, database: dict, *args: str) -> None:
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    command = [program, "-h", str(database.get("HOST") or "127.0.0.1"), "-p", str(database.get("PORT") or 5432),
               "-U", str(database.get("USER") or ""), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValidationError(f"{program} 失败：{done.stderr.strip()[:500]}")


def _manifest(using: str) -> dict:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[using])
    latest = {}
    for app, name in recorder.applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return {"engine": engine_of(connections[using].settings_dict), "created": timezone.now().isoformat(),
            "migrations": latest}


def backup(*, target: Path, using: str = "default") -> dict:
    """Write the archive to `target`; returns its manifest."""
    connection = connections[using]
    manifest = _manifest(using)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DB_MEMBER[manifest["engine"]]
        if manifest["engine"] == SQLITE:
            connection.ensure_connection()
            copy = sqlite3.connect(dump)
            try:
                connection.connection.backup(copy)   # online: consistent while others write
            finally:
                copy.close()
        else:
            _pg_command("pg_dump", connection.settings_dict, "-Fc", "-f", str(dump),
                        str(connection.settings_dict["NAME"]))
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(target, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, fileobj=io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
    return manifest


def _sqlite(name) -> sqlite3.Connection:
    """A connection to a database named as Django names it (a path, or a `file:` URI for shared memory)."""
    name = str(name)
    if not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _is_empty(database: dict) -> bool:
    if engine_of(database) == SQLITE:
        db = _sqlite(database["NAME"])
        try:
            return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
        finally:
            db.close()
    import psycopg

    with psycopg.connect(host=database.get("HOST") or "127.0.0.1", port=database.get("PORT") or 5432,
                         user=database.get("USER"), password=database.get("PASSWORD"),
                         dbname=database["NAME"]) as db:
        tables = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                            ).fetchone()[0]
    return tables == 0


def restore(*, source: Path, database: dict, media_root: Path) -> dict:
    """Restore the archive at `source` into the empty `database`, its files into `media_root`; returns its
    manifest. Refuses a non-empty database, an archive of the other engine, and existing files."""
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise ValidationError(f"无法读取备份文件 {source}：不是本系统生成的备份") from exc
    with archive, tempfile.TemporaryDirectory() as work:
        try:
            manifest = json.loads(archive.extractfile("manifest.json").read())
        except (KeyError, ValueError) as exc:
            raise ValidationError(f"备份文件 {source} 缺少清单（manifest.json），不是本系统生成的备份") from exc
        engine = engine_of(database)
        if manifest.get("engine") != engine:
            raise ValidationError(f"备份来自 {manifest.get('engine')} 数据库，不能恢复到 {engine} 数据库；"
                                  "请在相同类型的数据库之间备份和恢复")
        if not _is_empty(database):
            raise ValidationError(f"目标数据库 {database['NAME']} 不是空的：恢复只能写入新建的空数据库")
        members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        existing = [m.name for m in members if (media_root / m.name.removeprefix("media/")).exists()]
        if existing:
            raise ValidationError(f"上传文件目录中已有同名文件（如 {existing[0]}），不会覆盖")
        archive.extract(DB_MEMBER[engine], work, filter="data")
        dump = Path(work) / DB_MEMBER[engine]
        if engine == SQLITE:
            copy, restored = sqlite3.connect(dump), _sqlite(database["NAME"])
            try:
                copy.backup(restored)
            finally:
                copy.close()
                restored.close()
        else:
            _pg_command("pg_restore", database, "--no-owner", "--no-privileges", "--exit-on-error",
                        "--single-transaction", "-d", str(database["NAME"]), str(dump))
        for member in members:
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    return manifest

