"""How cases read on the desk: list rows with personal data masked, the full record
for the case page, the clock, and the history with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.clock import Clock, from_iso
from bot.filing import CaseRecord
from bot.forms.runner import masked
from bot.staff.outcomes import outcome_label
from bot.staff.views import StaffViews, form_of
from web.texts import Texts

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
            return masked(spec, value) if spec.personal else str(value)
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


def staff_label(user_id: int | None, names: dict[int, str], t: Texts) -> str:
    if not user_id:
        return t("staff.unassigned")
    name = names.get(user_id)
    return f"@{name}" if name else str(user_id)


def list_row(case: CaseRecord, views: StaffViews, names: dict[int, str], t: Texts) -> Row:
    return Row(case, t(f"kind.{case.kind}"), t(f"status.{case.status}"),
               applicant_masked(case, t), summary_of(case), due_text(case, t),
               views.days_left(case), staff_label(case.assigned_to, names, t))


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


def actor_label(actor: str, names: dict[int, str], t: Texts) -> str:
    kind, _, ident = actor.partition(":")
    if kind == "staff" and ident.isdigit():
        return staff_label(int(ident), names, t)
    return t(f"web.actor.{actor}") if actor in ("resident", "system", "cli") else actor


def history(events: list[dict[str, Any]], names: dict[int, str], t: Texts,
            clock: Clock) -> list[dict[str, str]]:
    rows = []
    for event in events:
        rows.append({
            "at": from_iso(event["at"]).astimezone(clock.zone).strftime("%Y-%m-%d %H:%M"),
            "what": t(f"event.{event['action']}"),
            "who": actor_label(str(event["actor"] or ""), names, t),
            "status": t(f"status.{event['status_to']}") if event["status_to"] and
            event["status_to"] != event["status_from"] else "",
            "note": outcome_label(event["note"], t.lang) if event["action"] == "answered"
            else str(event["note"] or ""),
        })
    return rows


def staff_ids_in(events: list[dict[str, Any]], case: CaseRecord) -> list[int]:
    ids = {int(e["actor"].split(":")[1]) for e in events
           if str(e["actor"] or "").startswith("staff:") and e["actor"].split(":")[1].isdigit()}
    if case.assigned_to:
        ids.add(case.assigned_to)
    return sorted(ids)


def clock_facts(row: dict[str, Any], case: CaseRecord, views: StaffViews, t: Texts,
                clock: Clock) -> list[tuple[str, str]]:
    """The answer clock as the rules run it: receipt (and restart after correction),
    pauses, extension, due date with its provisional mark, and days left."""
    facts = [(t("web.clock.received"), clock.local(case.received_at).strftime("%Y-%m-%d %H:%M"))]
    corrections = case.data.get("corrections") or []
    if corrections:
        facts.append((t("web.clock.restarted"), str(len(corrections))))
    if row.get("correction_due"):
        facts.append((t("web.clock.correction_due"), str(row["correction_due"])))
    if case.clock_paused_at:
        facts.append((t("web.clock.paused_since"), case.clock_paused_at.isoformat()))
    if case.extended:
        facts.append((t("web.clock.extended"), t("web.clock.extended_days",
                                                  days=row.get("extension_days") or 0)))
    facts.append((t("web.clock.due"), due_text(case, t)))
    left = views.days_left(case)
    if left is not None and case.status in ("received", "accepted", "in_progress"):
        facts.append((t("web.clock.left"), t("staff.overdue", days=-left) if left < 0
                      else t("staff.days_left", days=left)))
    if row.get("answered_at"):
        facts.append((t("web.clock.answered"), clock.local(from_iso(row["answered_at"]))
                      .strftime("%Y-%m-%d %H:%M")))
    if case.outcome:
        facts.append((t("staff.outcome"), f"{case.outcome} {outcome_label(case.outcome, t.lang)}"))
    if row.get("reply"):
        facts.append((t("web.clock.reply"), str(row["reply"])))
    return facts


def parse_day(text: str | None) -> date | None:
    """A yyyy-mm-dd filter value; None when absent; ValueError when malformed."""
    if not text:
        return None
    return date.fromisoformat(text.strip())
