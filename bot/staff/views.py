"""What staff see: the queue, a case in full, the masked notice for the staff chat."""

from __future__ import annotations

from datetime import date

from bot.callbacks import staff as staff_button
from bot.clock import Clock, show
from bot.forms import form_for_case
from bot.forms.spec import FormSpec
from bot.i18n import Catalogue
from bot.messages import Button, Out
from bot.privacy import mask_free_text
from bot.staff.outcomes import outcome_label
from bot.staff.states import CLOCK_STOPPED, OPEN_STATUSES, Action, Actor, allowed_actions
from bot.store import Repository
from bot.store.records import CaseRecord
from bot.textnorm import Lang
from bot.workdays import WorkCalendar

SUMMARY_LIMIT = 80
# One-tap buttons for the actions that need nothing typed; the others are commands.
BUTTON_ACTIONS = (Action.ACCEPT, Action.RESUME, Action.PAY, Action.APPROVE, Action.CLOSE,
                  Action.PROGRESS)


def form_of(case: CaseRecord) -> FormSpec:
    return form_for_case(case.kind)


def personal_values(case: CaseRecord) -> list[str]:
    """What the resident gave in personal fields: masked wherever free text repeats it."""
    form = form_of(case)
    return [str(case.data[spec.key]) for spec in form.fields
            if spec.personal and case.data.get(spec.key)]


class StaffViews:
    def __init__(self, repo: Repository, texts: Catalogue, calendar: WorkCalendar,
                 clock: Clock) -> None:
        self.repo = repo
        self.texts = texts
        self.calendar = calendar
        self.clock = clock

    def days_left(self, case: CaseRecord, today: date | None = None) -> int | None:
        """Working days to the deadline; None while the clock stands still (a paused
        case is never overdue) or when there is no deadline."""
        if case.due_date is None or case.status in CLOCK_STOPPED:
            return None
        return self.calendar.workdays_between(today or self.clock.today(), case.due_date)

    def paused_days(self, case: CaseRecord) -> int:
        if case.clock_paused_at is None:
            return 0
        return max(0, self.calendar.workdays_between(case.clock_paused_at, self.clock.today()))

    def holder(self, case: CaseRecord, lang: Lang) -> str:
        if case.assigned_to is None:
            return self.texts.get(lang, "staff.unassigned")
        return self.repo.staff_name(case.assigned_to) or str(case.assigned_to)

    def open_cases(self) -> list[CaseRecord]:
        return self.repo.list_cases(statuses=OPEN_STATUSES)

    def queue_order(self, cases: list[CaseRecord]) -> list[CaseRecord]:
        """Overdue first, then by due date; cases with a stopped clock last."""
        def key(case: CaseRecord) -> tuple[int, str, str]:
            left = self.days_left(case)
            return (0 if left is not None and left < 0 else 1 if left is not None else 2,
                    case.due_date.isoformat() if case.due_date else "9999",
                    case.number)
        return sorted(cases, key=key)

    def queue(self, lang: Lang) -> Out:
        cases = self.queue_order(self.open_cases())
        if not cases:
            return Out(self.texts.get(lang, "staff.queue_empty"))
        lines = [self.texts.get(lang, "staff.queue_title", count=len(cases))]
        buttons = []
        for case in cases[:30]:
            lines.append(self.queue_line(case, lang))
            buttons.append(Button(case.number, staff_button("view", case.number)))
        keyboard = tuple(tuple(buttons[i:i + 2]) for i in range(0, min(len(buttons), 10), 2))
        return Out("\n".join(lines), keyboard)

    def when(self, case: CaseRecord, lang: Lang) -> str:
        """Where the deadline stands: answered (on time or late), paused since when and
        for how long, or how many working days are left or overdue."""
        if case.answered_at is not None and case.status not in OPEN_STATUSES:
            answered = self.clock.local_date(case.answered_at)
            late = case.due_date is not None and answered > case.due_date
            return self.texts.get(lang, "staff.answered_late" if late else "staff.answered_on",
                                  at=answered.isoformat())
        left = self.days_left(case)
        if case.status in CLOCK_STOPPED and case.clock_paused_at is not None:
            when = self.texts.get(lang, "staff.paused_since",
                                  since=case.clock_paused_at.isoformat(),
                                  days=self.paused_days(case))
        elif left is None:
            when = self.texts.get(lang, "staff.clock_stopped")
        elif left < 0:
            when = self.texts.get(lang, "staff.overdue", days=-left)
        else:
            when = self.texts.get(lang, "staff.days_left", days=left)
        if case.due_provisional:
            when += self.texts.get(lang, "status.provisional")
        return when

    def queue_line(self, case: CaseRecord, lang: Lang) -> str:
        return self.texts.get(lang, "staff.queue_line", number=case.number,
                              kind=self.texts.get(lang, f"kind.{case.kind}"),
                              status=self.texts.get(lang, f"status.{case.status}"),
                              due=case.due_date.isoformat() if case.due_date else "-",
                              when=self.when(case, lang), holder=self.holder(case, lang))

    def detail(self, case: CaseRecord, lang: Lang) -> list[Out]:
        """Everything, personal data included: only ever sent to a staff member's
        private chat."""
        form = form_of(case)
        lines = [self.texts.get(lang, "staff.case_title", number=case.number,
                                kind=self.texts.get(lang, f"kind.{case.kind}"),
                                status=self.texts.get(lang, f"status.{case.status}")),
                 self.queue_line(case, lang),
                 self.texts.get(lang, "staff.received", at=show(case.received_at,
                                                                 self.clock.zone),
                                channel=self.texts.get(lang, f"channel.{case.channel}"))]
        if case.restarted_at is not None:
            lines.append(self.texts.get(lang, "staff.restarted",
                                        at=show(case.restarted_at, self.clock.zone)))
        if case.consult_party:
            lines.append(self.texts.get(lang, "staff.consulting_party",
                                        party=case.consult_party,
                                        due=case.consult_due.isoformat()
                                        if case.consult_due else "-"))
        if case.extension_pending:
            lines.append(self.texts.get(lang, "staff.extension_waiting",
                                        days=case.extension_requested_days,
                                        reason=case.extension_reason or ""))
        if case.fee_amount is not None:
            lines.append(self.texts.get(lang, "staff.fee_line", amount=case.fee_amount,
                                        due=case.fee_due.isoformat() if case.fee_due else "-",
                                        paid=case.fee_paid_on.isoformat()
                                        if case.fee_paid_on else "-"))
        for spec in form.applicable(case.data):
            value = case.data.get(spec.key)
            if value in (None, "") or spec.kind == "evidence":
                continue
            shown = self.texts.get(lang, f"choice.{spec.key}.{value}") if spec.kind == "choice" \
                else str(value)
            lines.append(self.texts.get(lang, "staff.field_line",
                                        label=self.texts.get(lang, f"label.{spec.key}"),
                                        value=shown))
        for correction in case.data.get("corrections", []):
            lines.append(f"• {self.texts.get(lang, 'staff.correction')}: {correction['text']}")
        if case.outcome:
            lines.append(f"• {self.texts.get(lang, 'staff.outcome')}: "
                         f"{outcome_label(case.outcome, lang)}")
        for kept in self.repo.case_files(case.id):
            lines.append(self.texts.get(lang, "staff.kept_file", name=kept.name,
                                        purpose=self.texts.get(lang, f"purpose.{kept.purpose}"),
                                        at=show(kept.uploaded_at, self.clock.zone)))
        lines.append(self.texts.get(lang, "staff.history"))
        for event in self.repo.case_events(case.id):
            note = f" — {event.note}" if event.note else ""
            what = self.texts.get(lang, "event." + event.action)
            at = show(event.at, self.clock.zone)
            lines.append(f"  {at} {what} ({self.actor_name(event.actor)}){note}")
        messages = [Out("\n".join(lines)[:4000], self.actions(case, lang))]
        for item in self.repo.case_evidence(case.id):
            messages.append(Out(item.name or item.kind, file_id=item.file_id,
                                file_kind=item.kind))
        return messages

    def actor_name(self, actor: str) -> str:
        kind, _, ident = actor.partition(":")
        if kind == "staff" and ident.lstrip("-").isdigit():
            return self.repo.staff_name(int(ident)) or ident
        return actor

    def actions(self, case: CaseRecord, lang: Lang) -> tuple[tuple[Button, ...], ...]:
        """Buttons for exactly the one-tap actions the state machine allows now."""
        t = self.texts.get
        allowed = allowed_actions(case)
        rows: list[tuple[Button, ...]] = []
        if Action.ASSIGN in allowed:
            rows.append((Button(t(lang, "staff.btn.take"), staff_button("take", case.number)),))
        rows += [(Button(t(lang, f"staff.btn.{action.value}"),
                         staff_button(action.value, case.number)),)
                 for action in BUTTON_ACTIONS if action in allowed
                 and action not in allowed_actions(case, Actor.RESIDENT)]
        return tuple(rows)

    def _button(self, lang: Lang, action: str, number: str) -> Button:
        return Button(self.texts.get(lang, f"staff.btn.{action}"), staff_button(action, number))
    def new_case_notice(self, case: CaseRecord) -> Out:
        """For the staff chat, which may have many members: personal data masked, in the
        personal fields and wherever it appears in free text; the full record goes only
        to a staff member's private chat (the "view" button, /case)."""
        form = form_of(case)
        known = personal_values(case)
        parts = []
        for spec in form.applicable(case.data):
            value = case.data.get(spec.key)
            if value in (None, "") or spec.kind == "evidence":
                continue
            if spec.personal:
                shown = spec.masked(value)
            elif spec.kind == "choice":
                shown = self.texts.staff(f"choice.{spec.key}.{value}")
            else:
                text = mask_free_text(str(value), known)
                shown = text if len(text) <= SUMMARY_LIMIT else text[:SUMMARY_LIMIT] + "…"
            parts.append(self.texts.staff("staff.field_line",
                                          label=self.texts.staff(f"label.{spec.key}"),
                                          value=shown))
        evidence = len(self.repo.case_evidence(case.id))
        if evidence:
            parts.append(self.texts.staff("staff.field_line",
                                          label=self.texts.staff("label.evidence"),
                                          value=evidence))
        text = self.texts.staff("staff.new_case", number=case.number,
                              kind=self.texts.staff(f"kind.{case.kind}"),
                              received=show(case.received_at, self.clock.zone),
                              due=case.due_date.isoformat() if case.due_date else "-",
                              summary="\n".join(parts))
        if case.due_provisional:
            text += "\n" + self.texts.staff("status.provisional")
        lang = self.texts.staff_lang
        buttons = ((self._button(lang, "view", case.number),
                    self._button(lang, "take", case.number)),)
        return Out(text, buttons)

    def reminder(self, within: int = 3) -> Out | None:
        """Cases due within `within` working days, and overdue ones: None if none."""
        today = self.clock.today()
        lines, consultations = [], []
        for case in self.queue_order(self.open_cases()):
            left = self.days_left(case)
            if left is not None and left <= within:
                lines.append(self.queue_line(case, self.texts.staff_lang))
            if case.status == "consulting" and case.consult_due is not None and \
                    self.calendar.workdays_between(today, case.consult_due) <= within:
                consultations.append(self.texts.staff(
                    "staff.consult_reminder_line", number=case.number,
                    party=case.consult_party or "-", due=case.consult_due.isoformat()))
        if not lines and not consultations:
            return None
        parts = []
        if lines:
            parts += [self.texts.staff("staff.reminder", count=len(lines)), *lines]
        if consultations:
            parts += [self.texts.staff("staff.consult_reminder", count=len(consultations)),
                      *consultations]
        return Out("\n".join(parts))
