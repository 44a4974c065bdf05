"""Backups: one archive holding a consistent copy of the database and the uploaded files.

The database is copied by its engine's own consistent method, while the app keeps running:
SQLite's online backup API (a snapshot as of one moment, WAL included) and ``pg_dump`` (one
transaction's snapshot) for PostgreSQL. The archive's manifest records every table's row count
and a checksum of its rows, so that a restore can prove it brought back exactly what was saved.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = 1


def table_fingerprints(cursor: Any = None) -> dict[str, dict[str, Any]]:
    """Every table's row count and a checksum of its rows (in the order of all their columns),
    through ``cursor`` (by default one of the app's connection)."""
    if cursor is None:
        with connection.cursor() as own:
            return table_fingerprints(own)
    result: dict[str, dict[str, Any]] = {}
    quote = connection.ops.quote_name
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
        positions = ", ".join(str(n) for n in range(1, len(cursor.description) + 1))
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {positions}")
        digest, count = hashlib.sha256(), 0
        for row in cursor.fetchall():
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
            count += 1
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def _plain(value: Any) -> Any:
    """One spelling per value whatever the driver returns (memoryview, aware datetimes…)."""
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return str(value)


def backup_create(destination: Path) -> dict[str, Any]:
    """Write ``destination`` (a .tar.gz) and answer its manifest."""
    destination = Path(destination)
    with tempfile.TemporaryDirectory(prefix="sanjian-backup-") as work:
        work_dir = Path(work)
        database = work_dir / ("database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump")
        manifest = {
            "format": FORMAT,
            "engine": connection.vendor,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "tables": _dump(database),
        }
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, arcname="media")
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, destination)  # a backup is either whole or absent
    return manifest


def _dump(target: Path) -> dict[str, dict[str, Any]]:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The copy is the snapshot; the fingerprints are read from the copy, so they match it.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return _fingerprints_of_sqlite(target)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            try:
                subprocess.run(
                    ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)],
                    env=_pg_env(),
                    check=True,
                    capture_output=True,
                )
                return table_fingerprints()  # inside the same snapshot as the dump
            finally:
                cursor.execute("COMMIT")
    raise NotImplementedError(f"no backup for the {connection.vendor} engine")


def _fingerprints_of_sqlite(path: Path) -> dict[str, dict[str, Any]]:
    # The same type detection as Django's own SQLite connections, so the values read the same.
    with sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as copy:
        return table_fingerprints(copy.cursor())


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGHOST": db.get("HOST") or "",
    }
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def backup_restore(source: Path) -> dict[str, Any]:
    """Bring back the database and uploaded files of ``source``; answer the manifest once every
    table's rows match it. Run it with the app stopped: it replaces what is there."""
    with (
        tempfile.TemporaryDirectory(prefix="sanjian-restore-") as work,
        tarfile.open(source, "r:gz") as archive,
    ):
        archive.extractall(work, filter="data")
        work_dir = Path(work)
        manifest = json.loads((work_dir / "manifest.json").read_text())
        if manifest.get("format") != FORMAT or manifest.get("engine") != connection.vendor:
            raise ValueError(
                f"this backup is of a {manifest.get('engine')} database; this installation runs {connection.vendor}"
            )
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            with sqlite3.connect(work_dir / "database.sqlite3") as saved:
                saved.backup(connection.connection)
        else:
            connection.close()
            # Not `pg_restore --clean`: it drops a partitioned table's indexes one by one, which
            # PostgreSQL refuses for a partition's index. The schema is emptied and rebuilt from the
            # dump's script in one transaction instead: a failed restore leaves the database as it was.
            script = work_dir / "restore.sql"
            subprocess.run(
                ["pg_restore", "--no-owner", "-f", str(script), str(work_dir / "database.pgdump")],
                env=_pg_env(),
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [
                    "psql",
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-c",
                    "DROP SCHEMA public CASCADE",
                    "-c",
                    "CREATE SCHEMA public",
                    "-f",
                    str(script),
                    "-d",
                    connection.settings_dict["NAME"],
                ],
                env=_pg_env(),
                check=True,
                capture_output=True,
            )
        media = Path(settings.MEDIA_ROOT)
        if (work_dir / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(work_dir / "media", media)
    found = table_fingerprints()
    if found != manifest["tables"]:
        differing = sorted(
            t for t in set(found) | set(manifest["tables"]) if found.get(t) != manifest["tables"].get(t)
        )
        raise ValueError(f"the restored tables differ from the backup: {', '.join(differing)}")
    return manifest
