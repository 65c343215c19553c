"""The thin adapter between the desk and the core's workflow: which actions a case
allows and what each asks for, and running one. Every rule is the core's
(bot/staff/workflow.py); this module only describes forms and dispatches, so moving to
the state machine of bot/staff/states.py is a change here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.filing import OPEN_STATUSES, CaseRecord
from bot.messages import Out
from bot.staff.outcomes import OUTCOMES
from bot.staff.workflow import (
    ALLOWED,
    COMPLAINT_RESULTS,
    MAX_EXTENSION_DAYS,
    Workflow,
    WorkflowError,
)

InputKind = Literal["text", "textarea", "number", "select"]


@dataclass(frozen=True)
class ActionInput:
    name: str
    kind: InputKind
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 0


@dataclass(frozen=True)
class ActionSpec:
    """One button on the case page; its label is `web.action.<name>`."""

    name: str
    inputs: tuple[ActionInput, ...] = ()
    primary: bool = False


ACTIONS: dict[str, ActionSpec] = {spec.name: spec for spec in (
    ActionSpec("accept", primary=True),
    ActionSpec("correct", (ActionInput("what", "textarea"),)),
    ActionSpec("consult", (ActionInput("note", "textarea"),)),
    ActionSpec("resume", primary=True),
    ActionSpec("extend", (ActionInput("days", "number", minimum=1, maximum=MAX_EXTENSION_DAYS),
                          ActionInput("reason", "textarea"))),
    ActionSpec("answer", (ActionInput("code", "select", tuple(OUTCOMES)),
                          ActionInput("reply", "textarea")), primary=True),
    ActionSpec("close", primary=True),
    ActionSpec("progress", primary=True),
    ActionSpec("resolve", (ActionInput("result", "select", COMPLAINT_RESULTS),
                           ActionInput("reply", "textarea")), primary=True),
)}
# Always there while a case is open, as in the Telegram desk.
ASSIGN = ActionSpec("assign", (ActionInput("assignee", "select"),))
NOTE = ActionSpec("note", (ActionInput("text", "textarea"),))


def allowed_actions(case: CaseRecord) -> list[ActionSpec]:
    """Exactly the moves the workflow's table allows from the case's kind and status."""
    found = []
    for name, spec in ACTIONS.items():
        kind, statuses = ALLOWED[name]
        if case.kind != kind or case.status not in statuses:
            continue
        if name == "extend" and case.extended:
            continue  # Art. 33: once only; the workflow refuses a second one too
        found.append(spec)
    if case.status in OPEN_STATUSES:
        found.append(ASSIGN)
    found.append(NOTE)
    return found


def _days(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise WorkflowError("staff.extension_days", max=MAX_EXTENSION_DAYS) from None


def run_action(workflow: Workflow, case: CaseRecord, name: str, actor: str,
               form: Mapping[str, str], assignee_label: Callable[[int], str]) -> list[Out]:
    """Run one move through the core; returns the notices for residents. Raises
    WorkflowError when the rules refuse, KeyError for an action the case does not offer."""
    offered = {spec.name for spec in allowed_actions(case)}
    if name not in offered:
        raise KeyError(name)
    number = case.number
    value = form.get
    moves: dict[str, Callable[[], list[Out]]] = {
        "accept": lambda: workflow.accept(number, actor),
        "correct": lambda: workflow.request_correction(number, actor, value("what", "")),
        "consult": lambda: workflow.consult(number, actor, value("note", "")),
        "resume": lambda: workflow.resume(number, actor),
        "extend": lambda: workflow.extend(number, actor, _days(value("days", "")),
                                          value("reason", "")),
        "answer": lambda: workflow.answer(number, actor, value("code", ""),
                                          value("reply", "")),
        "close": lambda: workflow.close(number, actor),
        "progress": lambda: workflow.start_complaint(number, actor),
        "resolve": lambda: workflow.finish_complaint(number, actor, value("result", ""),
                                                     value("reply", "")),
        "note": lambda: workflow.note(number, actor, value("text", "")),
    }
    if name == "assign":
        raw = value("assignee", "").strip()
        if not raw.isdigit():
            raise WorkflowError("staff.unknown_user", who=raw[:40])
        assignee = int(raw)
        return workflow.assign(number, actor, assignee, assignee_label(assignee))
    return moves[name]()
