"""Button payloads (Telegram's callback_data): built and read here and nowhere else.

A payload is a short kind tag and its parts joined by ":", within Telegram's 64 bytes.
Every button the bot shows is made by one of the builders below; `decode` turns a
pressed button back into a `Callback`, or None for anything the bot never made (a
forged, truncated or outdated payload), which the one stale-button path then answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64  # Telegram's limit on callback_data


class Kind(StrEnum):
    MENU = "menu"
    CATEGORY = "m"
    TOPIC = "t"
    ACTION = "a"          # start a resident action: apply, complain, status
    LANG = "lang"
    FEEDBACK = "fb"
    NONE_OF_THESE = "none"
    LEAVE = "leave"       # leave the question for staff (the one asked, when known)
    LEAVE_ASKED = "lq"    # send the question asked, as it was, to staff
    CANCEL = "cancel"      # no longer shown; buttons already in chats still work
    STATUS = "st"         # one of the resident's own cases
    STAFF = "s"           # a staff action on a case
    CORRECTION = "corr"   # the resident starts an Art. 30 correction
    FORM = "f"            # a step of a form
    WITHDRAW = "wd"       # the applicant asks to withdraw a case
    WITHDRAW_CONFIRMED = "wdy"  # ... and confirms
    LEARN = "k"           # an admin attaches an unanswered question to a topic
    CHOSEN = "c"          # a topic offered beside the reply to a question, chosen


# How many parts each kind carries at least (more are allowed where the last part is free).
_MIN_PARTS = {Kind.MENU: 0, Kind.CATEGORY: 1, Kind.TOPIC: 1, Kind.ACTION: 1, Kind.LANG: 0,
              Kind.FEEDBACK: 2, Kind.NONE_OF_THESE: 0, Kind.LEAVE: 0, Kind.LEAVE_ASKED: 1,
              Kind.CANCEL: 0, Kind.STATUS: 1, Kind.STAFF: 2, Kind.CORRECTION: 1, Kind.FORM: 2,
              Kind.WITHDRAW: 1, Kind.WITHDRAW_CONFIRMED: 1, Kind.LEARN: 2,
              Kind.CHOSEN: 2}


@dataclass(frozen=True)
class Callback:
    kind: Kind
    parts: tuple[str, ...] = ()

    def part(self, index: int) -> str:
        return self.parts[index] if index < len(self.parts) else ""


def encode(kind: Kind, *parts: str | int) -> str:
    data = ":".join([kind.value, *(str(p) for p in parts)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {kind.value}")
    return data


def decode(data: str) -> Callback | None:
    tag, _, rest = data.partition(":")
    try:
        kind = Kind(tag)
    except ValueError:
        return None
    # A form step's value (its third part) may itself hold ":"; other kinds split fully.
    limit = 2 if kind is Kind.FORM else -1
    parts = tuple(rest.split(":", limit)) if rest else ()
    if len(parts) < _MIN_PARTS[kind] or any(p == "" for p in parts[:_MIN_PARTS[kind]]):
        return None
    return Callback(kind, parts)


# Builders: one per kind of button ---------------------------------------------------
def menu() -> str:
    return encode(Kind.MENU)


def category(name: str) -> str:
    return encode(Kind.CATEGORY, name)


def topic(topic_id: str) -> str:
    return encode(Kind.TOPIC, topic_id)


def action(name: str) -> str:
    return encode(Kind.ACTION, name)


def language(code: str = "") -> str:
    """A language button; without a code, the button that offers the choice."""
    return encode(Kind.LANG, code) if code else encode(Kind.LANG)


def feedback(question_id: int, vote: int) -> str:
    return encode(Kind.FEEDBACK, question_id, vote)


def chosen(question_id: int, topic_id: str) -> str:
    """A topic offered beside the reply to question `question_id` (the answer is shown,
    and the choice kept for the admins)."""
    return encode(Kind.CHOSEN, question_id, topic_id)


def none_of_these(question_id: int | None = None) -> str:
    return encode(Kind.NONE_OF_THESE) if question_id is None else \
        encode(Kind.NONE_OF_THESE, question_id)


def leave_question(question_id: int | None = None) -> str:
    """Leave a question for staff: the one asked (then offered as it was), or one to type."""
    return encode(Kind.LEAVE) if question_id is None else encode(Kind.LEAVE, question_id)


def leave_asked(question_id: int) -> str:
    return encode(Kind.LEAVE_ASKED, question_id)


def case_status(number: str) -> str:
    return encode(Kind.STATUS, number)


def staff(action_name: str, number: str) -> str:
    return encode(Kind.STAFF, action_name, number)


def correction(number: str) -> str:
    return encode(Kind.CORRECTION, number)


def form(form_name: str, step_action: str, *values: str) -> str:
    return encode(Kind.FORM, form_name, step_action, *values)


def withdraw(number: str, *, confirmed: bool = False) -> str:
    return encode(Kind.WITHDRAW_CONFIRMED if confirmed else Kind.WITHDRAW, number)


def learn(question_id: int, target: str) -> str:
    """Attach a stored question to a topic id, or to out of scope ("~")."""
    return encode(Kind.LEARN, question_id, target)
