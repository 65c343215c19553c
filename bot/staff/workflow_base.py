"""What every part of the workflow shares: its services, looking a case up, the state
machine's check, the clock and the deadline as it stands today. The moves themselves
are in bot/staff/workflow.py (`Workflow`), the daily duties in bot/staff/duties.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from bot.auth import STAFF, Authorizer
from bot.clock import Clock, to_iso
from bot.i18n import Catalogue
from bot.remedies import AgencyFacts, remedy_for
from bot.staff.notices import Notices
from bot.staff.states import (
    Action,
    allowed_actions,
)
from bot.store import Repository
from bot.store.records import CaseRecord
from bot.textnorm import Lang
from bot.workdays import DueDate, WorkCalendar

MAX_EXTENSION_DAYS = 20  # Art. 33: one extension of at most 20 working days
CORRECTION_NOTICE_DAYS = 7  # Art. 30: the correction notice goes out within 7 working days
CONSULTATION_DAYS = 15  # Art. 32/34: the consulted party answers within 15 working days
REOPEN_GROUNDS = ("reconsideration", "judgment")
REMEDY_RESULTS = ("upheld", "corrected", "other", "pending")
MIN_REASON = 10  # characters of a reason given to a resident


class WorkflowError(Exception):
    """A move the rules do not allow; `key` names the message that explains it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def actor_label(actor: int) -> str:
    return f"staff:{actor}"


def _real_reason(text: str, minimum: int) -> bool:
    """Long enough, and not a key held down ("xxxxxxxxxx")."""
    stripped = "".join(text.split())
    return len(stripped) >= minimum and (minimum == 0 or len(set(stripped)) >= 3)


def _no_facts() -> AgencyFacts:
    empty: Mapping[str, Mapping[Lang, str]] = {}
    return empty


class WorkflowBase:
    def __init__(self, repo: Repository, calendar: WorkCalendar, clock: Clock,
                 texts: Catalogue, correction_days: int, application_days: int,
                 authorizer: Authorizer | None = None,
                 agency_facts: Callable[[], AgencyFacts] = _no_facts) -> None:
        self.repo = repo
        self.calendar = calendar
        self.clock = clock
        self.texts = texts
        self.correction_days = correction_days
        self.application_days = application_days
        self.auth = authorizer or Authorizer(frozenset(), frozenset())
        self.notices = Notices(repo, texts)
        # The confirmed agency facts of the base in use now (it may be reloaded).
        self.agency_facts = agency_facts

    # looking up --------------------------------------------------------------------
    def get(self, number: str) -> CaseRecord:
        case = self.repo.case_by_number(number)
        if case is None:
            raise WorkflowError("staff.no_case", number=number.strip()[:40])
        return case

    def allowed(self, number: str) -> tuple[Action, ...]:
        return allowed_actions(self.get(number))

    def _check(self, case: CaseRecord, action: Action, actor: int | None = None) -> None:
        if actor is not None:
            self._require_staff(actor)
        if action in allowed_actions(case):
            return
        status = self.texts.staff(f"status.{case.status}")
        if action in (Action.ACCEPT, Action.ANSWER, Action.CORRECT) and \
                case.kind != "application":
            raise WorkflowError("staff.wrong_kind", number=case.number)
        if action in (Action.PROGRESS, Action.RESOLVE) and case.kind != "complaint":
            raise WorkflowError("staff.wrong_kind", number=case.number)
        if action is Action.CORRECT and case.correction_requested:
            raise WorkflowError("staff.correction_once", number=case.number)
        if action is Action.EXTEND and case.extended:
            raise WorkflowError("staff.already_extended", number=case.number)
        if action is Action.EXTEND and case.extension_pending:
            raise WorkflowError("staff.extension_pending", number=case.number)
        if action in (Action.APPROVE, Action.REJECT) and not case.extension_pending:
            raise WorkflowError("staff.no_extension_request", number=case.number)
        raise WorkflowError("staff.wrong_status", number=case.number, status=status)

    def _require_staff(self, actor: int) -> None:
        if STAFF not in self.auth.roles(actor):
            raise WorkflowError("staff.not_staff", who=actor)

    def _today(self) -> date:
        return self.clock.today()

    def remedy(self, case: CaseRecord, outcome: str, refer_to: str = "") -> str:
        """The remedy against this outcome, in the resident's language, its last days
        counted from today (bot/remedies.py)."""
        found = remedy_for(outcome, self._today(), self.agency_facts(), refer_to=refer_to)
        return found.render(self.texts, self.notices.lang_of(case))

    def _now(self) -> str:
        return to_iso(self.clock.now())

    def _add(self, start: date, days: int, provisional: bool = False) -> DueDate:
        due = self.calendar.add_workdays(start, days)
        return DueDate(due.date, due.provisional or provisional)

    def paused_days(self, case: CaseRecord) -> int:
        """Working days the clock has stood still in the current pause."""
        if case.clock_paused_at is None:
            return 0
        return max(0, self.calendar.workdays_between(case.clock_paused_at, self._today()))

    def effective_due(self, case: CaseRecord) -> DueDate | None:
        """The reply deadline as it stands today: while paused, the stored date plus
        the working days paused so far (the period has not run meanwhile)."""
        if case.due_date is None:
            return None
        if case.clock_paused_at is None:
            return DueDate(case.due_date, case.due_provisional)
        return self._add(case.due_date, self.paused_days(case), case.due_provisional)

