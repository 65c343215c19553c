"""The desk's figures: what is due this week, overdue or paused, how many replies were
on time this year and how many working days they took, and due dates by day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import Clock, from_iso, to_iso
from bot.filing import OPEN_STATUSES, CaseRecord
from bot.store import Repository
from bot.store.case_search import CaseQuery
from bot.workdays import WorkCalendar

# Statuses whose answer clock is stopped: waiting for the applicant's correction
# (Art. 30) or for a third party or another agency (Art. 32/34).
PAUSED_STATUSES = ("correction", "consulting")
RUNNING_STATUSES = tuple(s for s in OPEN_STATUSES if s not in PAUSED_STATUSES)
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
    rows, _ = repo.search_cases(query, limit=LISTED)
    return [CaseRecord.from_row(row) for row in rows]


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
    for row in repo.applications_answered_between(start, end):
        answered_on = clock.local_date(from_iso(row["answered_at"]))
        received_on = clock.local_date(from_iso(row["received_at"]))
        answered += 1
        due = date.fromisoformat(row["due_date"]) if row["due_date"] else None
        on_time += int(due is None or answered_on <= due)
        workdays.append(max(0, calendar.workdays_between(received_on, answered_on)))
    average = sum(workdays) / len(workdays) if workdays else None
    return Summary(today, due_this_week, overdue, paused, answered, on_time, average)


def due_by_day(repo: Repository, first: date, last: date) -> Counter[date]:
    """Open cases with a running clock due on each day from first to last."""
    rows, _ = repo.search_cases(CaseQuery(statuses=RUNNING_STATUSES, due_from=first.isoformat(),
                                          due_to=last.isoformat()), limit=10_000)
    return Counter(date.fromisoformat(row["due_date"]) for row in rows if row["due_date"])
