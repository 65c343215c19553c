"""Database faults named and refused at the door: start-up checks, doctor that creates
nothing, restore that keeps a safety copy and will not silently lose cases."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.alerts import db_error_reason
from bot.ops import OpsError, backup, restore
from bot.services import Services
from bot.store import open_database
from bot.store.database import database_problems
from cli import cli
from tests.helpers import Resident, fill_application

TOKEN = "123456:ABCDEF-token"


def run_bot(db: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["run"], env={"TELEGRAM_BOT_TOKEN": TOKEN,
                                                   "DISCLOSURE_DB": str(db)})
    return result.exit_code, result.output


def test_run_refuses_a_malformed_database_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    db.write_bytes(b"SQLite format 3\x00" + b"garbage" * 500)
    code, output = run_bot(db)
    assert code == 1
    [line] = output.strip().splitlines()
    assert "refusing to start" in line and "malformed" in line


def test_run_refuses_a_read_only_database(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "bot.db"
    open_database(db).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode & os.W_OK
                        else real_access(p, mode))
    code, output = run_bot(db)
    assert code == 1 and "read-only" in output and len(output.strip().splitlines()) == 1


def test_run_refuses_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda p: usage._replace(free=3 * 1024 * 1024))
    code, output = run_bot(tmp_path / "bot.db")
    assert code == 1 and "disk full: 3 MB free" in output


def test_doctor_never_creates_a_database_at_a_mistyped_path(tmp_path: Path) -> None:
    mistyped = tmp_path / "dta" / "disclosure.db"
    result = CliRunner().invoke(cli, ["doctor", "--skip", "holidays"], env={
        "TELEGRAM_BOT_TOKEN": TOKEN, "DISCLOSURE_DB": str(mistyped)})
    assert result.exit_code == 1 and "does not exist (is DISCLOSURE_DB mistyped?)" in \
        result.output
    assert not mistyped.parent.exists()
    fresh = tmp_path / "disclosure.db"
    result = CliRunner().invoke(cli, ["doctor", "--skip", "holidays"], env={
        "TELEGRAM_BOT_TOKEN": TOKEN, "DISCLOSURE_DB": str(fresh)})
    assert "not created yet" in result.output and not fresh.exists()


def test_problems_name_each_reason(tmp_path: Path) -> None:
    assert database_problems(tmp_path / "absent" / "x.db")[0].endswith("mistyped?)")
    assert database_problems(tmp_path / "x.db") == []
    assert "no database" in database_problems(tmp_path / "x.db", must_exist=True)[0]


@pytest.mark.parametrize(("error", "reason"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
    (sqlite3.OperationalError("database or disk is full"), "disk full"),
    (sqlite3.DatabaseError("database disk image is malformed"), "malformed"),
    (sqlite3.OperationalError("database is locked"), "locked"),
    (ValueError("x"), None),
])
def test_database_errors_are_named(error: Any, reason: str | None) -> None:
    assert db_error_reason(error) == reason


def test_restore_keeps_a_safety_copy_and_refuses_to_lose_cases(services: Services,
                                                                tmp_path: Path) -> None:
    empty = tmp_path / "empty-backup.db"
    backup(services.settings.db_path, empty)  # no cases yet
    person = Resident(services.assistant, 42)
    fill_application(person)
    person.press_label("确认提交")
    db = services.settings.db_path
    services.close()
    with pytest.raises(OpsError, match=r"backup holds 0 case\(s\) and the database 1"):
        restore(empty, db)
    safety = restore(empty, db, force=True, stamp="2026-11-30")
    assert safety is not None and safety.name == "test.db.before-restore-2026-11-30"
    assert safety.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(safety)
    assert conn.execute("select count(*) from cases").fetchone()[0] == 1
    conn.close()
    result = CliRunner().invoke(cli, ["restore", str(safety)], env={"DISCLOSURE_DB": str(db)})
    assert result.exit_code == 0 and "before-restore-" in result.output
