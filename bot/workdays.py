"""Official working days for statutory time limits.

Time limits in the Regulations on Open Government Information are counted in working
days: public holidays are off and the weekend days the State Council swaps in (调休) are
worked. The `chinese_calendar` package carries the published schedules up to the year
it was released for; the office adds later years in `knowledge/holidays.yaml` as soon
as the State Council announces them. For a later year neither knows, weekends and the
statutory holidays that fixed rules give (bot/statutory_holidays.py) are skipped, and the
result is marked provisional so staff and residents see it may still move.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar
import yaml

from bot.statutory_holidays import statutory_holidays

# The office's own holiday schedules, in the knowledge-base folder (knowledge/holidays.yaml).
HOLIDAYS_FILE = "holidays.yaml"

__all__ = [
    "DueDate",
    "HolidayFileError",
    "WorkCalendar",
    "YearSchedule",
    "parse_holiday_file",
]


@dataclass(frozen=True)
class YearSchedule:
    """One year's departures from Monday-to-Friday: days off and make-up working days."""

    holidays: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class DueDate:
    date: date
    # True when any day counted lies in a year whose schedule is not published yet,
    # so only weekends were skipped there.
    provisional: bool


class HolidayFileError(ValueError):
    """The office's holiday file cannot be used; the message names file, year and entry."""

    def __init__(self, path: Path, year: object, entry: object, problem: str) -> None:
        where = f"{path}" if year is None else f"{path}, year {year}"
        detail = problem if entry is None else f"{problem}: {entry!r}"
        super().__init__(f"{where}: {detail}")
        self.path = path
        self.year = year
        self.entry = entry
        self.problem = problem


@cache
def _package_schedules() -> Mapping[int, YearSchedule]:
    """The package's data regrouped by year, for every year in the range it covers."""
    known = [*chinese_calendar.holidays, *chinese_calendar.workdays]
    first, last = min(d.year for d in known), max(d.year for d in known)
    return {
        year: YearSchedule(
            holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
            workdays=frozenset(d for d in chinese_calendar.workdays if d.year == year),
        )
        for year in range(first, last + 1)
    }


_NO_EXCEPTIONS = YearSchedule(holidays=frozenset(), workdays=frozenset())


class WorkCalendar:
    """Working days from the package's schedules, overridden or extended by `extra`."""

    def __init__(self, extra: Mapping[int, YearSchedule] | None = None) -> None:
        # The office file wins over the package: it is where a correction would go.
        self._schedules: dict[int, YearSchedule] = {**_package_schedules(), **(extra or {})}
        # Per year, the ordinals of its working days in ascending order; built on first
        # use so that counting is a couple of binary searches per year touched.
        self._workday_ordinals: dict[int, tuple[int, ...]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        """The package's years plus those in the office's holiday file, if there is one."""
        try:
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            raise HolidayFileError(path, None, None, f"cannot be read ({exc})") from exc
        return cls(parse_holiday_file(source, path))

    @classmethod
    def for_knowledge(cls, knowledge_dir: Path) -> WorkCalendar:
        """The calendar of a knowledge-base folder: the one place that knows where the
        office's holiday file lives."""
        return cls.from_file(knowledge_dir / HOLIDAYS_FILE)

    def replace_with(self, other: WorkCalendar) -> None:
        """Take another calendar's schedules in place, so every service holding this
        calendar sees a reloaded holiday file at once."""
        self._schedules, self._workday_ordinals = other._schedules, {}

    def copy(self) -> WorkCalendar:
        """The calendar as it is now, kept when it is about to be replaced."""
        kept = WorkCalendar()
        kept._schedules = dict(self._schedules)
        return kept

    def knows(self, year: int) -> bool:
        return year in self._schedules

    def known_until(self) -> date:
        """The last day up to which every year, from the package's first, is known."""
        year = min(_package_schedules())
        while self.knows(year + 1):
            year += 1
        return date(year, 12, 31)

    def schedule(self, year: int) -> YearSchedule:
        """The year's published schedule; for a later year not published yet, the
        holidays fixed rules give (its dates stay provisional: see `knows`)."""
        known = self._schedules.get(year)
        if known is not None:
            return known
        if year > max(_package_schedules()):
            return YearSchedule(holidays=statutory_holidays(year), workdays=frozenset())
        return _NO_EXCEPTIONS

    def is_workday(self, day: date) -> bool:
        schedule = self.schedule(day.year)
        if day in schedule.workdays:
            return True
        return day not in schedule.holidays and day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> DueDate:
        """The n-th working day after `start`; the day of receipt itself is not counted."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        if n == 0:
            return DueDate(start, provisional=False)
        after, year, remaining = start.toordinal(), start.year, n
        while True:
            ordinals = self._ordinals(year)
            index = bisect_right(ordinals, after)
            if remaining <= len(ordinals) - index:
                due = date.fromordinal(ordinals[index + remaining - 1])
                break
            remaining -= len(ordinals) - index
            year += 1
        first_counted = start + timedelta(days=1)
        provisional = not all(self.knows(y) for y in range(first_counted.year, due.year + 1))
        return DueDate(due, provisional)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negated (end, start] when end is earlier."""
        if end < start:
            return -self.workdays_between(end, start)
        # Whole years from start's year up to end's, corrected by where in their own
        # years start and end fall; the sum is empty when both are in the same year.
        whole_years = sum(len(self._ordinals(year)) for year in range(start.year, end.year))
        return whole_years + self._count_through(end) - self._count_through(start)

    def _count_through(self, day: date) -> int:
        """Working days from the first of day's year through day."""
        return bisect_right(self._ordinals(day.year), day.toordinal())

    def _ordinals(self, year: int) -> tuple[int, ...]:
        cached = self._workday_ordinals.get(year)
        if cached is None:
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            cached = tuple(
                o for o in range(first, last + 1) if self.is_workday(date.fromordinal(o))
            )
            self._workday_ordinals[year] = cached
        return cached


# --- The office's holiday file -------------------------------------------------------

_DAY = r"\d{4}-\d{2}-\d{2}"
_SINGLE = re.compile(_DAY)
_RANGE = re.compile(rf"({_DAY})\s*\.\.\s*({_DAY})")
_YEAR_KEYS = frozenset({"holidays", "workdays"})


class _DatesAsText(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so that every entry, quoted or not, goes
    through the same parsing and an impossible date such as 2027-02-30 is reported as
    a bad entry rather than as a crash inside PyYAML."""


_DatesAsText.yaml_implicit_resolvers = {
    first_char: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first_char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_holiday_file(source: str, path: Path) -> dict[int, YearSchedule]:
    """The year schedules in the text of a holiday file; `path` is only for messages."""
    try:
        data = yaml.load(source, Loader=_DatesAsText)  # a SafeLoader: no object tags
    except (yaml.YAMLError, ValueError) as exc:
        # ValueError: an explicitly tagged !!timestamp that is not a real date.
        raise HolidayFileError(path, None, None, f"not valid YAML ({exc})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) - {"years"}:
        raise HolidayFileError(path, None, None, "expected a mapping with the single key 'years'")
    years = data.get("years") or {}
    if not isinstance(years, dict):
        raise HolidayFileError(path, None, years, "'years' must map each year to its schedule")
    schedules: dict[int, YearSchedule] = {}
    for key, body in years.items():
        year = _year_key(path, key)
        schedules[year] = _parse_year(path, year, body)
    return schedules


def _year_key(path: Path, key: object) -> int:
    # bool is an int subclass, and YAML 1.1 reads `yes`/`no` as booleans.
    if isinstance(key, int) and not isinstance(key, bool):
        year = key
    elif isinstance(key, str) and key.strip().isdigit():
        year = int(key)
    else:
        raise HolidayFileError(path, key, None, "a year key must be a year number")
    if not 1900 <= year <= 9998:
        raise HolidayFileError(path, key, None, "year out of range 1900-9998")
    return year


def _parse_year(path: Path, year: int, body: object) -> YearSchedule:
    if not isinstance(body, dict) or set(body) - _YEAR_KEYS:
        raise HolidayFileError(path, year, None, "expected a mapping of 'holidays' and 'workdays'")
    holidays = _parse_days(path, year, body.get("holidays"))
    workdays = _parse_days(path, year, body.get("workdays"))
    # Every year has New Year's Day off, so a year without holidays is a placeholder
    # that would otherwise mark the year as known and hide that its dates are guesses.
    if not holidays:
        raise HolidayFileError(path, year, None, "no holidays listed")
    both = sorted(holidays & workdays)
    if both:
        raise HolidayFileError(
            path, year, both[0].isoformat(), "listed both as holiday and as working day"
        )
    return YearSchedule(holidays=frozenset(holidays), workdays=frozenset(workdays))


def _parse_days(path: Path, year: int, entries: object) -> set[date]:
    if entries is None:
        return set()
    if not isinstance(entries, list):
        raise HolidayFileError(path, year, entries, "expected a list of dates")
    days: set[date] = set()
    for entry in entries:
        first, last = _parse_entry(path, year, entry)
        for day in (first, last):
            if day.year != year:
                raise HolidayFileError(path, year, _show(entry), "date outside its year")
        days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return days


def _parse_entry(path: Path, year: int, entry: object) -> tuple[date, date]:
    """An entry as an inclusive (first, last) pair; a single date is a one-day range."""
    # Only an explicit !!timestamp tag still yields a date object; a datetime is not a day.
    if isinstance(entry, date) and not isinstance(entry, datetime):
        return entry, entry
    if isinstance(entry, str):
        text = entry.strip()
        if _SINGLE.fullmatch(text):
            day = _iso_day(path, year, text)
            return day, day
        matched = _RANGE.fullmatch(text)
        if matched:
            first, last = (_iso_day(path, year, part) for part in matched.groups())
            if last < first:
                raise HolidayFileError(path, year, text, "range ends before it starts")
            return first, last
    raise HolidayFileError(path, year, _show(entry), "expected a date or a range 'A..B'")


def _iso_day(path: Path, year: int, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise HolidayFileError(path, year, text, "not a real date") from exc


def _show(entry: object) -> str:
    return entry.isoformat() if isinstance(entry, date) else str(entry)
