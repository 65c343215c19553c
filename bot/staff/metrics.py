"""The desk's figures: what is due this week, overdue or paused, how many replies were
on time this year and how many working days they took, and due dates by day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import Clock, to_iso
from bot.filing import CaseRecord
from bot.staff.states import CLOCK_STOPPED, OPEN_STATUSES, status_names
from bot.store import Repository
from bot.store.case_search import CaseQuery
from bot.workdays import WorkCalendar

# Statuses whose answer clock is stopped (the state machine's): waiting for the
# applicant's correction (Art. 30), a consulted party (Art. 32/34) or a fee (Art. 42).
PAUSED_STATUSES = status_names(CLOCK_STOPPED)
RUNNING_STATUSES = status_names(OPEN_STATUSES - CLOCK_STOPPED)
LISTED = 200


@dataclass(frozen=True)
class Summary:
    today: date
    due_this_week: list[CaseRecord]
    overdue: list[CaseRecord]
    paused: list[CaseRecord]
    answered_this_year: int
    on_time_this_year: int
    average_workdays: float | None

    @property
    def on_time_rate(self) -> float | None:
        if not self.answered_this_year:
            return None
        return self.on_time_this_year / self.answered_this_year


def _local_start(day: date, clock: Clock) -> str:
    return to_iso(datetime(day.year, day.month, day.day, tzinfo=clock.zone))


def _cases(repo: Repository, query: CaseQuery) -> list[CaseRecord]:
    cases, _ = repo.search_cases(query, limit=LISTED)
    return cases


def summary(repo: Repository, calendar: WorkCalendar, clock: Clock) -> Summary:
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    due_this_week = _cases(repo, CaseQuery(statuses=RUNNING_STATUSES, due_from=max(
        monday, today).isoformat(), due_to=sunday.isoformat(), sort="due", descending=False))
    overdue = _cases(repo, CaseQuery(statuses=RUNNING_STATUSES,
                                     due_to=(today - timedelta(days=1)).isoformat(),
                                     sort="due", descending=False))
    paused = _cases(repo, CaseQuery(statuses=PAUSED_STATUSES, sort="updated"))
    answered = on_time = 0
    workdays: list[int] = []
    start = _local_start(date(today.year, 1, 1), clock)
    end = _local_start(date(today.year + 1, 1, 1), clock)
    for case in repo.applications_answered_between(start, end):
        if case.answered_at is None:
            continue
        answered_on = clock.local_date(case.answered_at)
        received_on = clock.local_date(case.received_at)
        answered += 1
        on_time += int(case.due_date is None or answered_on <= case.due_date)
        workdays.append(max(0, calendar.workdays_between(received_on, answered_on)))
    average = sum(workdays) / len(workdays) if workdays else None
    return Summary(today, due_this_week, overdue, paused, answered, on_time, average)


def due_by_day(repo: Repository, first: date, last: date) -> Counter[date]:
    """Open cases with a running clock due on each day from first to last."""
    cases, _ = repo.search_cases(CaseQuery(statuses=RUNNING_STATUSES,
                                           due_from=first.isoformat(), due_to=last.isoformat()),
                                 limit=10_000)
    return Counter(case.due_date for case in cases if case.due_date)
