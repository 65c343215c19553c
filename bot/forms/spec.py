"""How a form is described: its fields, in order, with their rules.

A form is data, not code paths: the runner walks any form the same way (ask, validate,
go back, edit from the summary), so the application and the complaint behave alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot import validators
from bot.validators import InvalidField

Answers = Mapping[str, Any]
FieldKind = Literal["text", "choice", "evidence"]


def always(_: Answers) -> bool:
    return True


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: FieldKind = "text"
    choices: tuple[str, ...] = ()  # stored values; labels are `choice.<key>.<value>`
    parse: Callable[[str, Answers], Any] | None = None  # raises InvalidField
    optional: bool = False  # offers a "skip" button
    optional_when: Callable[[Answers], bool] | None = None  # optional only in these cases
    when: Callable[[Answers], bool] = always
    personal: bool = False  # masked in notices and exports
    columns: int = 1  # buttons per row for choices

    def applies(self, answers: Answers) -> bool:
        return self.when(answers)

    def is_optional(self, answers: Answers) -> bool:
        if self.optional_when is not None:
            return self.optional_when(answers)
        return self.optional

    def read(self, raw: str, answers: Answers) -> Any:
        if self.parse is None:
            return validators.clean_text(raw)
        return self.parse(raw, answers)


@dataclass(frozen=True)
class FormSpec:
    name: str  # "apply" or "complain"
    case_kind: str  # "application" or "complaint"
    fields: tuple[FieldSpec, ...]
    consent_key: str = "consent"
    hints: Mapping[str, Callable[[Answers], str | None]] = field(default_factory=dict)

    def field(self, key: str) -> FieldSpec:
        return next(f for f in self.fields if f.key == key)

    def applicable(self, answers: Answers) -> list[FieldSpec]:
        return [f for f in self.fields if f.applies(answers)]

    def next_field(self, after: str | None, answers: Answers) -> FieldSpec | None:
        """The first applicable field after `after` that has no answer yet or comes
        straight after it in order (None from the start)."""
        keys = [f.key for f in self.fields]
        start = keys.index(after) + 1 if after in keys else 0
        for spec in self.fields[start:]:
            if spec.applies(answers):
                return spec
        return None

    def previous_field(self, current: str, answers: Answers) -> FieldSpec | None:
        keys = [f.key for f in self.fields]
        index = keys.index(current) if current in keys else len(keys)
        for spec in reversed(self.fields[:index]):
            if spec.applies(answers):
                return spec
        return None

    def missing(self, answers: Answers) -> list[FieldSpec]:
        """Applicable required fields without an answer (after an edit changed a choice
        that brings new fields into play)."""
        return [f for f in self.applicable(answers) if not f.is_optional(answers)
                and f.kind != "evidence" and answers.get(f.key) in (None, "")]


def text_between(min_len: int, max_len: int) -> Callable[[str, Answers], str]:
    def parse(raw: str, _: Answers) -> str:
        return validators.text(raw, min_len=min_len, max_len=max_len)

    return parse


def person_name(raw: str, _: Answers) -> str:
    return validators.name(raw)


def mobile(raw: str, _: Answers) -> str:
    return validators.mobile(raw)


def email(raw: str, _: Answers) -> str:
    return validators.email(raw)


def postcode(raw: str, _: Answers) -> str:
    return validators.postcode(raw)


def credit_code(raw: str, _: Answers) -> str:
    return validators.credit_code(raw)


def identity_number(raw: str, answers: Answers) -> str:
    """A mainland resident ID is checked to the digit; other documents loosely."""
    if answers.get("id_type") == "resident_id":
        return validators.resident_id(raw)
    value = "".join(validators.clean_text(raw).split()).upper()
    if not 5 <= len(value) <= 30 or not value.isalnum() or not value.isascii():
        raise InvalidField("idnumber.format")
    return value
