"""Backups, restores, retention and the health check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.clock import FixedClock
from bot.config import load_settings
from bot.ops import PURGED, OpsError, backup, check_backup, doctor, purge, restore
from bot.services import Services
from cli import cli
from tests.helpers import VALID_ID, Resident, fill_application


def filed(services: Services) -> str:
    person = Resident(services.assistant, 42)
    fill_application(person)
    person.press_label("确认提交")
    return services.repo.list_cases()[-1].number


def test_backup_is_consistent_and_restorable(services: Services, tmp_path: Path) -> None:
    number = filed(services)
    copy = tmp_path / "backup.db"
    assert backup(services.settings.db_path, copy) > 0
    assert check_backup(copy) == []
    with pytest.raises(OpsError, match="exists already"):
        backup(services.settings.db_path, copy)
    target = tmp_path / "restored" / "bot.db"
    restore(copy, target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("select number from cases").fetchall() == [(number,)]


def test_restore_checks_the_file_first(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(OpsError, match="not an SQLite database"):
        restore(junk, tmp_path / "bot.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    assert "not a disclosure-bot database" in check_backup(other)[0]
    assert not (tmp_path / "bot.db").exists()


def test_purge_is_a_dry_run_by_default_and_keeps_report_fields(services: Services,
                                                               clock: FixedClock) -> None:
    number = filed(services)
    staff = Resident(services.assistant, 500)
    staff.say(f"/answer {number} 1 见附件")
    staff.say(f"/close {number}")
    clock.advance(days=40 * 30)
    plan = purge(services.repo, 36, apply=False)
    assert plan.cases == [number]
    assert services.repo.case_by_number(number).data["id_number"] == VALID_ID
    purge(services.repo, 36, apply=True)
    case = services.repo.case_by_number(number)
    assert case.data["id_number"] == PURGED and case.data["name"] == PURGED
    assert case.applicant_type == "natural" and case.outcome == "1"
    assert case.anonymised_at
    assert purge(services.repo, 36, apply=False).cases == []


def test_recent_or_open_cases_are_never_purged(services: Services, clock: FixedClock) -> None:
    filed(services)
    clock.advance(days=40 * 30)
    assert purge(services.repo, 36, apply=True).cases == []


def test_doctor_lists_every_check(tmp_path: Path) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:ABCDEF", "DISCLOSURE_DB":
                              str(tmp_path / "d.db")})
    from datetime import date

    checks = {c.name: c for c in doctor(settings, date(2026, 3, 1))}
    assert set(checks) == {"token", "database", "knowledge base", "holidays", "webhook"}
    assert all(c.ok for c in checks.values()), checks
    late = {c.name: c for c in doctor(settings, date(2026, 11, 26))}
    assert not late["holidays"].ok and "holidays.yaml" in late["holidays"].detail


def test_doctor_cli_exits_non_zero_on_a_problem(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["doctor"], env={"DISCLOSURE_DB": str(tmp_path / "x.db"),
                                                      "TELEGRAM_BOT_TOKEN": ""})
    assert result.exit_code == 1
    assert "FAIL  token" in result.output and "OK    database" in result.output
