"""When a year's holiday schedule is added and the knowledge base reloaded, open cases
with provisional dates are counted again; residents are told only when a date moved."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.services import Services, build_services
from tests.helpers import file_application, words_only_settings

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
    settings = words_only_settings(db_path=str(tmp_path / "db" / "cases.db"),
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


def test_a_past_pause_over_new_holidays_is_counted_again(
        office: tuple[Services, Path]) -> None:
    """The clock stood still from 28 December to 6 January (a consultation, Art. 33);
    when 1-5 January turn out to be holidays, the pause held fewer working days, and
    the date moves by those too, not only by the holidays after it."""
    services, folder = office
    clock = services.clock
    assert isinstance(clock, FixedClock)
    _, number = file_application(services)
    services.workflow.accept(number, 500)
    clock.advance(days=8)  # Monday 28 December
    services.workflow.consult(number, 500, "第三方企业", "涉及商业秘密")
    clock.advance(days=9)  # Wednesday 6 January
    services.workflow.resume(number, 500)
    case = services.repo.case_by_number(number)
    assert case is not None and case.due_provisional
    old_pause = services.calendar.workdays_between(date(2026, 12, 28), date(2027, 1, 6))
    assert case.due_date == services.calendar.add_workdays(
        date(2026, 12, 20), 20 + old_pause).date

    publish(folder, services, '"2027-01-01 .. 2027-01-05"')
    new_pause = services.calendar.workdays_between(date(2026, 12, 28), date(2027, 1, 6))
    assert new_pause == old_pause - 2  # Monday 4 and Tuesday 5 (New Year was known)
    expected = services.calendar.add_workdays(date(2026, 12, 20), 20 + new_pause)
    case = services.repo.case_by_number(number)
    assert case is not None and case.due_date == expected.date
    # Counting the old total again, pause included, would have kept the 3 days.
    naive = services.calendar.add_workdays(date(2026, 12, 20), 20 + old_pause)
    assert naive.date != expected.date
