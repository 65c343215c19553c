"""Working-day arithmetic against the State Council schedules.

Expected due dates were counted by hand from the published notices; each is also
recounted with `chinese_calendar.is_workday` as an independent oracle.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.workdays import DueDate, HolidayFileError, WorkCalendar, YearSchedule

CALENDAR = WorkCalendar()
PACKAGE_LAST_YEAR = max(d.year for d in chinese_calendar.holidays)


def oracle_add(start: date, n: int) -> date:
    """The n-th working day after start, counted one day at a time by the package."""
    day = start
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- The package's years ----------------------------------------------------------------


def test_package_range_is_read_from_its_data() -> None:
    assert CALENDAR.knows(2004)
    assert CALENDAR.knows(PACKAGE_LAST_YEAR)
    assert not CALENDAR.knows(2003)
    assert not CALENDAR.knows(PACKAGE_LAST_YEAR + 1)
    assert CALENDAR.known_until() == date(PACKAGE_LAST_YEAR, 12, 31)


def test_every_day_of_the_package_range_agrees_with_the_package() -> None:
    for day in days(date(2004, 1, 1), date(PACKAGE_LAST_YEAR, 12, 31)):
        assert CALENDAR.is_workday(day) == chinese_calendar.is_workday(day), day


def test_spring_festival_2024() -> None:
    for day in days(date(2024, 2, 10), date(2024, 2, 17)):
        assert not CALENDAR.is_workday(day), day
    assert CALENDAR.is_workday(date(2024, 2, 4))  # Sunday, make-up day
    assert CALENDAR.is_workday(date(2024, 2, 18))  # Sunday, make-up day
    assert CALENDAR.is_workday(date(2024, 2, 9))  # New Year's Eve was not a holiday in 2024


def test_twenty_workdays_across_spring_festival_2024() -> None:
    # Received Thu 8 Feb. 1: Fri 9; 10-17 off; 2: Sun 18; 3-7: 19-23 Feb;
    # 8-12: 26 Feb-1 Mar (2024 is a leap year); 13-17: 4-8 Mar; 18-20: 11-13 Mar.
    start = date(2024, 2, 8)
    assert CALENDAR.add_workdays(start, 20) == DueDate(date(2024, 3, 13), provisional=False)
    assert oracle_add(start, 20) == date(2024, 3, 13)


def test_national_day_2025() -> None:
    for day in days(date(2025, 10, 1), date(2025, 10, 8)):
        assert not CALENDAR.is_workday(day), day
    assert CALENDAR.is_workday(date(2025, 9, 28))  # Sunday, make-up day
    assert CALENDAR.is_workday(date(2025, 10, 11))  # Saturday, make-up day


def test_twenty_workdays_across_national_day_2025() -> None:
    # Received Fri 26 Sep. Sat 27 off; 1: Sun 28; 2-3: 29-30 Sep; 1-8 Oct off;
    # 4-5: Thu 9, Fri 10; 6: Sat 11; 7-11: 13-17; 12-16: 20-24; 17-20: 27-30 Oct.
    start = date(2025, 9, 26)
    assert CALENDAR.add_workdays(start, 20) == DueDate(date(2025, 10, 30), provisional=False)
    assert oracle_add(start, 20) == date(2025, 10, 30)


def test_twenty_workdays_across_the_year_end() -> None:
    # Received Sat 20 Dec 2025. 1-5: 22-26 Dec; 6-8: 29-31 Dec; 1-2 Jan off;
    # 9: Sun 4 Jan (make-up); 10-14: 5-9 Jan; 15-19: 12-16 Jan; 20: Mon 19 Jan.
    start = date(2025, 12, 20)
    assert CALENDAR.add_workdays(start, 20) == DueDate(date(2026, 1, 19), provisional=False)
    assert oracle_add(start, 20) == date(2026, 1, 19)


def test_receipt_day_is_not_counted_and_zero_is_the_start() -> None:
    # Art. 33: the limit runs from the day after receipt, even if receipt is a workday.
    assert CALENDAR.add_workdays(date(2025, 6, 3), 1).date == date(2025, 6, 4)
    assert CALENDAR.add_workdays(date(2025, 6, 6), 1).date == date(2025, 6, 9)
    assert CALENDAR.add_workdays(date(2025, 6, 6), 0) == DueDate(date(2025, 6, 6), False)
    with pytest.raises(ValueError):
        CALENDAR.add_workdays(date(2025, 6, 6), -1)


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2004, 1, 1), date(PACKAGE_LAST_YEAR - 1, 10, 31)), st.integers(1, 40))
def test_add_workdays_agrees_with_the_package(start: date, n: int) -> None:
    assert CALENDAR.add_workdays(start, n) == DueDate(oracle_add(start, n), provisional=False)


# --- Beyond the package -----------------------------------------------------------------

MADE_UP_2027 = YearSchedule(
    # A test schedule, not the real one: 1-5 Jan off, Sat 9 Jan worked.
    holidays=frozenset(days(date(2027, 1, 1), date(2027, 1, 5))),
    workdays=frozenset({date(2027, 1, 9)}),
)


def test_unknown_year_counts_statutory_holidays_and_is_provisional() -> None:
    # Received Sun 20 Dec 2026. 1-5: 21-25 Dec; 6-9: 28-31 Dec; 2027 unknown, but New
    # Year's Day is off by fixed rule: 10-14: 4-8 Jan; 15-19: 11-15 Jan; 20: Mon 18 Jan.
    due = CALENDAR.add_workdays(date(2026, 12, 20), 20)
    assert due == DueDate(date(2027, 1, 18), provisional=True)
    assert not CALENDAR.is_workday(date(2027, 1, 1))
    assert not CALENDAR.is_workday(date(2027, 1, 2))
    assert CALENDAR.is_workday(date(2027, 1, 4))


@pytest.mark.parametrize("day", [
    date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 8),  # New Year; lunar eve to 3rd
    date(2027, 4, 5), date(2027, 5, 1), date(2027, 5, 2),  # Qingming; Labour Day
    date(2027, 6, 9), date(2027, 9, 15),  # Dragon Boat 5/5, Mid-Autumn 8/15 (lunar)
    date(2027, 10, 1), date(2027, 10, 3), date(2028, 4, 4), date(2028, 1, 26)])
def test_fixed_rule_holidays_of_an_unpublished_year(day: date) -> None:
    assert not CALENDAR.knows(day.year)
    assert day in CALENDAR.schedule(day.year).holidays


def test_fixed_rules_agree_with_a_published_year() -> None:
    # 2026 is published: every fixed-rule holiday of 2026 is among its days off.
    from bot.statutory_holidays import statutory_holidays

    assert statutory_holidays(2026) <= CALENDAR.schedule(2026).holidays


def test_provisional_only_when_an_unknown_day_is_counted() -> None:
    assert not CALENDAR.add_workdays(date(2026, 12, 1), 10).provisional
    assert CALENDAR.add_workdays(date(2026, 12, 31), 1).provisional
    assert CALENDAR.add_workdays(date(2030, 5, 6), 3) == DueDate(date(2030, 5, 9), True)
    assert CALENDAR.add_workdays(date(2003, 12, 30), 5).provisional


def test_extra_year_is_used_and_not_provisional() -> None:
    calendar = WorkCalendar({2027: MADE_UP_2027})
    assert calendar.knows(2027)
    assert calendar.known_until() == date(2027, 12, 31)
    # As above up to 9: 31 Dec; 1-5 Jan off; 10-12: 6-8 Jan; 13: Sat 9 Jan (make-up);
    # 14-18: 11-15 Jan; 19: Mon 18; 20: Tue 19 Jan.
    due = calendar.add_workdays(date(2026, 12, 20), 20)
    assert due == DueDate(date(2027, 1, 19), provisional=False)


def test_known_until_stops_at_a_gap() -> None:
    calendar = WorkCalendar({2028: MADE_UP_2027})
    assert calendar.knows(2028)
    assert calendar.known_until() == date(PACKAGE_LAST_YEAR, 12, 31)


def test_extra_year_wins_over_the_package() -> None:
    # Pretend a correction: 2025-10-08 worked after all, 2025-10-11 not.
    package_2025 = YearSchedule(
        holidays=frozenset(d for d in chinese_calendar.holidays if d.year == 2025),
        workdays=frozenset(d for d in chinese_calendar.workdays if d.year == 2025),
    )
    corrected = YearSchedule(
        holidays=package_2025.holidays - {date(2025, 10, 8)},
        workdays=package_2025.workdays - {date(2025, 10, 11)},
    )
    calendar = WorkCalendar({2025: corrected})
    assert calendar.is_workday(date(2025, 10, 8))
    assert not calendar.is_workday(date(2025, 10, 11))
    assert calendar.add_workdays(date(2025, 9, 26), 20).date == date(2025, 10, 30)
    assert calendar.add_workdays(date(2025, 9, 26), 4).date == date(2025, 10, 8)


# --- workdays_between -------------------------------------------------------------------


def test_workdays_between() -> None:
    assert CALENDAR.workdays_between(date(2024, 2, 8), date(2024, 3, 13)) == 20
    assert CALENDAR.workdays_between(date(2025, 12, 20), date(2026, 1, 19)) == 20
    assert CALENDAR.workdays_between(date(2025, 10, 1), date(2025, 10, 1)) == 0
    assert CALENDAR.workdays_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert CALENDAR.workdays_between(date(2025, 10, 30), date(2025, 9, 26)) == -20
    # (end, start] when negated: Fri 10 Oct is in it, Thu 9 Oct is not.
    assert CALENDAR.workdays_between(date(2025, 10, 10), date(2025, 10, 9)) == -1
    assert CALENDAR.workdays_between(date(2020, 1, 1), date(2024, 1, 1)) == sum(
        chinese_calendar.is_workday(d) for d in days(date(2020, 1, 2), date(2024, 1, 1))
    )


# --- Never raises, and the two operations agree -----------------------------------------


ANY_DATE = st.dates(date(1900, 1, 1), date(2200, 12, 31))


@settings(max_examples=200, deadline=None)
@given(ANY_DATE, st.integers(0, 60))
def test_any_date_and_count_works(start: date, n: int) -> None:
    due = CALENDAR.add_workdays(start, n)
    assert due.date >= start
    assert CALENDAR.workdays_between(start, due.date) == n
    assert CALENDAR.workdays_between(due.date, start) == -n
    if n:
        assert CALENDAR.is_workday(due.date)
    if n and not CALENDAR.knows(due.date.year):
        assert due.provisional


@settings(max_examples=100, deadline=None)
@given(ANY_DATE, ANY_DATE)
def test_workdays_between_is_antisymmetric(a: date, b: date) -> None:
    assert CALENDAR.workdays_between(a, b) == -CALENDAR.workdays_between(b, a)


def test_queue_sized_workload_is_cheap() -> None:
    calendar = WorkCalendar()
    started = time.perf_counter()
    for offset in range(2000):
        calendar.add_workdays(date(2024, 1, 1) + timedelta(days=offset % 900), 40)
    # Generous bound: the point is no per-call day-by-day walk over the package.
    assert time.perf_counter() - started < 1.0


# --- The office's holiday file ----------------------------------------------------------

VALID_FILE = """\
years:
  2027:
    holidays: [2027-01-01, "2027-01-02 .. 2027-01-05"]
    workdays: [2027-01-09]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_file_valid(tmp_path: Path) -> None:
    calendar = WorkCalendar.from_file(write(tmp_path, VALID_FILE))
    assert calendar.knows(2027)
    assert calendar.add_workdays(date(2026, 12, 20), 20) == DueDate(date(2027, 1, 19), False)
    assert not calendar.is_workday(date(2027, 1, 4))
    assert calendar.is_workday(date(2027, 1, 9))


def test_from_file_missing_or_empty(tmp_path: Path) -> None:
    assert not WorkCalendar.from_file(tmp_path / "absent.yaml").knows(PACKAGE_LAST_YEAR + 1)
    assert not WorkCalendar.from_file(write(tmp_path, "# nothing yet\n")).knows(2027)
    assert not WorkCalendar.from_file(write(tmp_path, "years: {}\n")).knows(2027)


def test_shipped_file_loads() -> None:
    shipped = Path(__file__).resolve().parent.parent / "knowledge" / "holidays.yaml"
    calendar = WorkCalendar.from_file(shipped)
    assert calendar.known_until() >= date(PACKAGE_LAST_YEAR, 12, 31)


@pytest.mark.parametrize(
    ("body", "entry"),
    [
        ("holidays: [2027-02-30]", "2027-02-30"),
        ('holidays: ["2027-02-30"]', "2027-02-30"),
        ("holidays: [next friday]", "next friday"),
        ("holidays: [20270101]", "20270101"),
        ("holidays: [2027-01-01T09:00:00]", "2027-01-01"),
        ("holidays: [2027-01-05..2027-01-01]", "2027-01-05..2027-01-01"),
        ("holidays: [2026-12-31]", "2026-12-31"),
        ("holidays: [2027-12-30..2028-01-02]", "2027-12-30..2028-01-02"),
        ("holidays: [2027-01-01..2027-01-03]\n    workdays: [2027-01-02]", "2027-01-02"),
    ],
)
def test_from_file_bad_entries(tmp_path: Path, body: str, entry: str) -> None:
    path = write(tmp_path, f"years:\n  2027:\n    {body}\n")
    with pytest.raises(HolidayFileError) as caught:
        WorkCalendar.from_file(path)
    message = str(caught.value)
    assert "2027" in message
    assert entry in message
    assert str(path) in message
    assert caught.value.year == 2027


@pytest.mark.parametrize(
    "text",
    [
        "years: [2027]\n",
        "years:\n  2027: [2027-01-01]\n",
        "years:\n  2027:\n    holiday: [2027-01-01]\n",
        "years:\n  2027:\n    holidays: 2027-01-01\n",
        "years:\n  2027:\n    workdays: [2027-01-09]\n",
        "years:\n  next: {holidays: [2027-01-01]}\n",
        "year:\n  2027: {holidays: [2027-01-01]}\n",
        "years: {2027: {holidays: [2027-01-01]\n",
    ],
)
def test_from_file_bad_structure(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(HolidayFileError) as caught:
        WorkCalendar.from_file(path)
    assert str(path) in str(caught.value)


def test_from_file_accepts_quoted_and_explicitly_tagged_dates(tmp_path: Path) -> None:
    text = 'years:\n  2027:\n    holidays: ["2027-01-01", !!timestamp 2027-01-04]\n'
    calendar = WorkCalendar.from_file(write(tmp_path, text))
    assert not calendar.is_workday(date(2027, 1, 1))
    assert not calendar.is_workday(date(2027, 1, 4))
    assert calendar.is_workday(date(2027, 1, 5))


def test_from_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_bytes(b"years: {}\n\xff\xfe")
    with pytest.raises(HolidayFileError):
        WorkCalendar.from_file(path)
