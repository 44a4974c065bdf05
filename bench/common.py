"""What the in-process benchmarks share: a fresh database to run on, and a statement counter."""

from __future__ import annotations

import os
import tempfile


def fresh_database(pg_url: str) -> str:
    """Point Django (through the environment, before ``django.setup()``) at a fresh database:
    ``pg_url`` (``BENCH_DATABASE_URL`` wins), dropped and created again, or, when empty, SQLite in
    a temporary data folder. Answers a line that says which."""
    url = os.environ.get("BENCH_DATABASE_URL") or pg_url
    if url:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
        return f"PostgreSQL ({name})"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SANJIAN_DATA_DIR"] = tempfile.mkdtemp(prefix="sanjian-bench-")
    return "SQLite (WAL, temporary file)"


class Counter:
    """Counts the statements sent to the database (an execute wrapper: no SQL is kept)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
