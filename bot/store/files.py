"""The database as a file: online backups, copying a backup in, and reading a file's
schema without opening it for writing. The operations commands (bot/ops.py) decide what
to do; the SQL that does it lives here, with the rest of the store's."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


class NotADatabase(Exception):
    """The file cannot be read as an SQLite database."""


@dataclass(frozen=True)
class FileFacts:
    intact: bool  # SQLite's integrity check passed
    tables: frozenset[str]
    version: int  # the schema version (PRAGMA user_version)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def copy_database(source: Path, target: Path) -> int:
    """A consistent copy through SQLite's online backup, safe while the bot writes;
    the number of pages copied."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with copy:
            origin.backup(copy)
        return int(copy.execute("pragma page_count").fetchone()[0])
    finally:
        copy.close()
        origin.close()


def inspect_file(path: Path) -> FileFacts:
    try:
        conn = _read_only(path)
        try:
            intact = conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            tables = frozenset(r[0] for r in conn.execute(
                "select name from sqlite_master where type = 'table'"))
            version = int(conn.execute("pragma user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(str(exc)) from exc
    return FileFacts(intact, tables, version)


def schema_version(path: Path) -> int:
    """Raises sqlite3.Error when the file cannot be read."""
    conn = _read_only(path)
    try:
        return int(conn.execute("pragma user_version").fetchone()[0])
    finally:
        conn.close()


def count_cases(path: Path) -> int:
    """Cases in a database file; 0 when it has none or cannot be read."""
    conn = _read_only(path)
    try:
        return int(conn.execute("select count(*) from cases").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()
