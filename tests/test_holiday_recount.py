"""When a year's holiday schedule is added and the knowledge base reloaded, open cases
with provisional dates are counted again; residents are told only when a date moved."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import DEFAULT_KNOWLEDGE_DIR, load_settings
from bot.services import Services, build_services
from tests.helpers import file_application

SCHEDULE = """
years:
  2027:
    holidays: [{holidays}]
    workdays: []
"""


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Services, Path]]:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    settings = load_settings({}, db_path=str(tmp_path / "db" / "cases.db"),
                             knowledge_dir=str(folder), staff_ids="500")
    # Sunday 2026-12-20 in Beijing: the 20 working days reach into unpublished 2027.
    clock = FixedClock(datetime(2026, 12, 20, 2, tzinfo=UTC))
    services = build_services(settings, clock=clock)
    yield services, folder
    services.close()


def publish(folder: Path, services: Services, holidays: str) -> list[tuple[int, str]]:
    schedule = SCHEDULE.format(holidays=holidays)
    (folder / "holidays.yaml").write_text(schedule, encoding="utf-8")
    services.assistant.admin.reload_base()
    return [(chat, out.text) for _, chat, out in services.repo.pending_messages()
            if "申请已提交" not in out.text]  # the receipts wait in the outbox too


def test_a_moved_date_is_recounted_and_the_resident_told(
        office: tuple[Services, Path]) -> None:
    services, folder = office
    _, number = file_application(services)
    case = services.repo.case_by_number(number)
    assert case is not None and case.due_date == date(2027, 1, 18) and case.due_provisional
    told = publish(folder, services, '"2027-01-01 .. 2027-01-05"')
    case = services.repo.case_by_number(number)
    assert case is not None and case.due_date == date(2027, 1, 20)  # 4 and 5 Jan off too
    assert not case.due_provisional
    assert len(told) == 1 and told[0][0] == 42 and "2027-01-20" in told[0][1]
    assert "暂定" not in told[0][1]
    assert [e.action for e in services.repo.case_events(case.id)][-1] == "due_recomputed"


def test_an_unchanged_date_loses_its_mark_without_a_notice(
        office: tuple[Services, Path]) -> None:
    services, folder = office
    _, number = file_application(services)
    told = publish(folder, services, '2027-01-01, "2027-02-05 .. 2027-02-11"')
    case = services.repo.case_by_number(number)
    assert case is not None and case.due_date == date(2027, 1, 18)
    assert not case.due_provisional and told == []


def test_a_broken_holiday_file_changes_nothing(office: tuple[Services, Path]) -> None:
    from bot.kb.loader import KnowledgeBaseError
    from bot.workdays import HolidayFileError

    services, folder = office
    _, number = file_application(services)
    (folder / "holidays.yaml").write_text("years: [", encoding="utf-8")
    with pytest.raises((KnowledgeBaseError, HolidayFileError)):
        services.assistant.admin.reload_base()
    case = services.repo.case_by_number(number)
    assert case is not None and case.due_date == date(2027, 1, 18) and case.due_provisional
    assert [m for m in services.repo.pending_messages() if "申请已提交" not in m.out.text] == []
