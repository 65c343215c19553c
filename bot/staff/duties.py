"""The workflow's daily and occasional duties: deadlines that lapse (Art. 30, 42), the
resident told when the reply period passed (Art. 33, 47), and provisional deadlines
counted again when a year's holidays are published."""

from __future__ import annotations

from datetime import date

from bot.messages import Out
from bot.remedies import no_reply_remedy
from bot.staff.outcomes import CORRECTION_MISSED_OUTCOME, FEE_UNPAID_OUTCOME
from bot.staff.states import OPEN_STATUSES, CaseStatus
from bot.staff.workflow_base import WorkflowBase
from bot.workdays import WorkCalendar

# The clock stops at these events and runs again at the next of the others (Art. 33:
# consultations; fees, from the notice to the payment). Both are dated "today" when
# recorded, as the pause itself is.
PAUSE_STARTS = frozenset({"consultation", "fee_charged"})
PAUSE_ENDS = frozenset({"consultation_done", "fee_paid"})


class Duties(WorkflowBase):
    def _past_pauses(self, case_id: int, since: date) -> list[tuple[date, date]]:
        """The pauses that ended, as (first day, last day), from the clock's start on."""
        pauses: list[tuple[date, date]] = []
        began: date | None = None
        for event in self.repo.case_events(case_id):
            day = self.clock.local_date(event.at)
            if event.action in PAUSE_STARTS:
                began = day
            elif event.action in PAUSE_ENDS and began is not None:
                if began >= since:
                    pauses.append((began, day))
                began = None
        return pauses

    def expire_deadlines(self) -> list[Out]:
        """Art. 30 and 42: a correction or a fee not made by its deadline counts as a
        withdrawal."""
        today = self._today()
        messages: list[Out] = []
        for case in self.repo.list_cases(
            kind="application", statuses=(CaseStatus.CORRECTION, CaseStatus.FEE_DUE)
        ):
            if (
                case.status == CaseStatus.CORRECTION
                and case.correction_due
                and case.correction_due < today
            ):
                messages += self.repo.withdraw_case(
                    case.id,
                    "system",
                    "withdrawn",
                    CORRECTION_MISSED_OUTCOME,
                    self._now(),
                    notices=self.notices.to_resident(
                        case,
                        "notify.withdrawn",
                        remedy=self.remedy(case, CORRECTION_MISSED_OUTCOME),
                    ),
                )
            elif case.status == CaseStatus.FEE_DUE and case.fee_due and case.fee_due < today:
                messages += self.repo.withdraw_case(
                    case.id,
                    "system",
                    "fee_lapsed",
                    FEE_UNPAID_OUTCOME,
                    self._now(),
                    notices=self.notices.to_resident(
                        case, "notify.fee_lapsed", remedy=self.remedy(case, FEE_UNPAID_OUTCOME)
                    ),
                )
        return messages

    expire_corrections = expire_deadlines

    def overdue_notices(self) -> list[Out]:
        """Art. 33/47: once a reply period passes without a reply (the clock running), the
        resident is told, once, with what they can do."""
        today = self._today()
        notices: list[Out] = []
        for case in self.repo.list_cases(
            kind="application", statuses=(CaseStatus.RECEIVED, CaseStatus.ACCEPTED)
        ):
            if case.due_date is None or case.due_date >= today or case.overdue_told:
                continue
            lang = self.notices.lang_of(case)
            remedy = no_reply_remedy(case.due_date, self.agency_facts())
            notices += self.repo.mark_overdue_told(
                case.id,
                case.due_date,
                self.notices.to_resident(
                    case,
                    "notify.overdue",
                    due=case.due_date.isoformat(),
                    remedy=remedy.render(self.texts, lang),
                ),
            )
        return notices

    def recount_provisional(self, before: WorkCalendar) -> list[Out]:
        """After a year's holiday schedule was added: every open application whose date
        was provisional is counted again; its resident is told only when the date moved.
        The working days from the clock's start to the old date, counted by the calendar
        that gave it, are counted again by the new one; the days the clock stood still in
        past pauses are counted again too, as new holidays may fall within them."""
        notices: list[Out] = []
        for case in self.repo.list_cases(kind="application", statuses=OPEN_STATUSES):
            if case.due_date is None or not case.due_provisional:
                continue
            start = self.clock.local_date(case.clock_start)
            days = before.workdays_between(start, case.due_date)
            if days <= 0:
                continue
            paused = self._past_pauses(case.id, start)
            days += sum(self.calendar.workdays_between(a, b) - before.workdays_between(a, b)
                        for a, b in paused)
            due = self.calendar.add_workdays(start, max(days, 1))
            if due.date == case.due_date and due.provisional:
                continue
            told: list[Out] = []
            if due.date != case.due_date:
                lang = self.notices.lang_of(case)
                told = self.notices.to_resident(
                    case,
                    "notify.due_changed",
                    due=self.notices.day(lang, due.date, due.provisional),
                )
            notices += self.repo.move_due_date(case.id, due, f"{case.due_date} → {due.date}", told)
        return notices
