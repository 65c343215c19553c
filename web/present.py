"""How cases read on the desk: list rows with personal data masked, the full record
for the case page, the clock, and the history with who and when."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.clock import Clock
from bot.filing import CaseRecord
from bot.staff.outcomes import OUTCOMES, outcome_label
from bot.staff.states import CLOCK_STOPPED, OPEN_STATUSES
from bot.staff.views import StaffViews, form_of
from bot.staff.workflow import Workflow
from bot.store.records import CaseEvent
from web.texts import Texts

NUMBER = re.compile(r"^(YSQ|TS)-\d{4}-\d{6}$")  # a case number, as the store makes them
SUMMARY_CHARS = 60
APPLICANT_KEYS = ("name", "org_name")
CONTENT_KEYS = ("description", "details")


@dataclass(frozen=True)
class Row:
    case: CaseRecord
    kind: str
    status: str
    applicant: str
    summary: str
    due: str
    days_left: int | None
    assignee: str


def applicant_masked(case: CaseRecord, t: Texts) -> str:
    form = form_of(case)
    for spec in form.applicable(case.data):
        if spec.key in APPLICANT_KEYS and case.data.get(spec.key):
            value = case.data[spec.key]
            return spec.masked(value)
    if case.data.get("identity") == "anonymous":
        return t("choice.identity.anonymous")
    return "-"


def summary_of(case: CaseRecord) -> str:
    for key in CONTENT_KEYS:
        text = str(case.data.get(key) or "")
        if text:
            return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "…"
    return ""


def due_text(case: CaseRecord, t: Texts) -> str:
    if case.due_date is None:
        return t("status.no_due")
    return case.due_date.isoformat() + (t("web.provisional_mark") if case.due_provisional
                                        else "")


def staff_label(user_id: int | None, name_of: Callable[[int], str], t: Texts) -> str:
    return name_of(user_id) if user_id else t("staff.unassigned")


def list_row(case: CaseRecord, views: StaffViews, name_of: Callable[[int], str],
             t: Texts) -> Row:
    return Row(case, t(f"kind.{case.kind}"), t(f"status.{case.status}"),
               applicant_masked(case, t), summary_of(case), due_text(case, t),
               views.days_left(case), staff_label(case.assigned_to, name_of, t))


def fields_of(case: CaseRecord, t: Texts) -> list[tuple[str, str]]:
    """Every field the resident gave, personal data included: the case page is for
    staff only."""
    found = []
    for spec in form_of(case).applicable(case.data):
        value = case.data.get(spec.key)
        if value in (None, "") or spec.kind == "evidence":
            continue
        shown = t(f"choice.{spec.key}.{value}") if spec.kind == "choice" else str(value)
        found.append((t(f"label.{spec.key}"), shown))
    return found


def actor_label(actor: str, name_of: Callable[[int], str], t: Texts) -> str:
    kind, _, ident = actor.partition(":")
    if kind == "staff" and ident.isdigit():
        return name_of(int(ident))
    return t(f"web.actor.{actor}") if actor in ("resident", "system", "cli") else actor


def history(events: list[CaseEvent], name_of: Callable[[int], str], t: Texts,
            clock: Clock) -> list[dict[str, str]]:
    return [{
        "at": clock.local(event.at).strftime("%Y-%m-%d %H:%M"),
        "action": event.action,
        "what": t(f"event.{event.action}"),
        "who": actor_label(event.actor, name_of, t),
        "status": t(f"status.{event.status_to}") if event.status_to and
        event.status_to != event.status_from else "",
        "note": outcome_label(event.note, t.lang) if event.action in ("answered", "amended")
        and event.note in OUTCOMES else event.note,
    } for event in events]


def _day(moment: datetime | None, clock: Clock) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def clock_facts(case: CaseRecord, workflow: Workflow, views: StaffViews, t: Texts,
                clock: Clock) -> list[tuple[str, str]]:
    """The answer clock as the rules run it: receipt (never changed) and the restart
    after a correction, pauses, extension, fees, the due date as it stands today with
    its provisional mark, and days left."""
    facts = [(t("web.clock.received"), _day(case.received_at, clock)),
             (t("web.col.channel"), t(f"channel.{case.channel}"))]
    if case.restarted_at:
        facts.append((t("web.clock.restarted"), _day(case.restarted_at, clock)))
    if case.correction_due:
        facts.append((t("web.clock.correction_due"), case.correction_due.isoformat()))
    if case.clock_paused_at:
        facts.append((t("web.clock.paused_since"), t(
            "web.clock.paused_days", since=case.clock_paused_at.isoformat(),
            days=workflow.paused_days(case))))
    if case.consult_party:
        facts.append((t("web.clock.consulted"), f"{case.consult_party} → "
                      f"{case.consult_due.isoformat() if case.consult_due else '-'}"))
    if case.paused_days:
        facts.append((t("web.clock.paused_total"), str(case.paused_days)))
    if case.extension_pending:
        facts.append((t("web.clock.extension_asked"), t(
            "web.clock.extended_days", days=case.extension_requested_days)))
    if case.extended:
        facts.append((t("web.clock.extended"), t("web.clock.extended_days",
                                                  days=case.extension_days)))
    if case.fee_amount is not None:
        facts.append((t("web.clock.fee"), t("web.clock.fee_text", amount=case.fee_amount,
                                             due=case.fee_due or "-",
                                             paid=case.fee_paid_on or "-")))
    due = workflow.effective_due(case)
    facts.append((t("web.clock.due"), (due.date.isoformat() + (
        t("web.provisional_mark") if due.provisional else "")) if due else t("status.no_due")))
    left = views.days_left(case)
    if left is not None and case.status in OPEN_STATUSES and case.status not in CLOCK_STOPPED:
        facts.append((t("web.clock.left"), t("staff.overdue", days=-left) if left < 0
                      else t("staff.days_left", days=left)))
    if case.answered_at:
        facts.append((t("web.clock.answered"), _day(case.answered_at, clock)))
    if case.outcome:
        facts.append((t("staff.outcome"), f"{case.outcome} {outcome_label(case.outcome, t.lang)}"))
    if case.reply:
        facts.append((t("web.clock.reply"), case.reply))
    return facts


def parse_day(text: str | None) -> date | None:
    """A yyyy-mm-dd filter value; None when absent; ValueError when malformed."""
    if not text:
        return None
    return date.fromisoformat(text.strip())
