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
Mask = Callable[[str], str]


def always(_: Answers) -> bool:
    return True


def hidden(_: str) -> str:
    """Personal data with no recognisable part worth showing (an address, a postcode)."""
    return "***"


@dataclass(frozen=True)
class EvidenceLimits:
    """What a piece of evidence may be: how many, how large, of which kinds."""

    max_items: int
    max_bytes: int
    kinds: tuple[str, ...]  # Telegram message kinds: photo, document, video, voice...
    refused_extensions: frozenset[str] = frozenset()  # documents that are programs

    def refuses(self, kind: str, name: str, mime: str) -> bool:
        if kind not in self.kinds:
            return True
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return extension in self.refused_extensions or mime in EXECUTABLE_MIMES


EXECUTABLE_MIMES = frozenset({
    "application/x-msdownload", "application/x-msdos-program", "application/x-executable",
    "application/x-sh", "application/x-bat", "application/vnd.android.package-archive",
    "application/x-msi", "application/java-archive",
})


@dataclass(frozen=True)
class FieldSpec:
    """One question of a form, and what the data it collects is.

    `mask` marks personal data: staff notices and masked exports show it through the
    mask. `free_text` marks the resident's own words (a description, what happened),
    where a typed question may also be meant as the answer. `evidence` sets the limits of
    an evidence field. The retention purge removes everything typed and keeps what was
    chosen from a list (`purged`).
    """

    key: str
    kind: FieldKind = "text"
    choices: tuple[str, ...] = ()  # stored values; labels are `choice.<key>.<value>`
    parse: Callable[[str, Answers], Any] | None = None  # raises InvalidField
    optional: bool = False  # offers a "skip" button
    optional_when: Callable[[Answers], bool] | None = None  # optional only in these cases
    when: Callable[[Answers], bool] = always
    mask: Mask | None = None
    free_text: bool = False
    evidence: EvidenceLimits | None = None
    columns: int = 1  # buttons per row for choices
    # The choices that make sense given earlier answers (None: all of them).
    choices_when: Callable[[Answers], tuple[str, ...]] | None = None
    # The prompt given earlier answers: `ask.<form>.<key>.<variant>`, one of `variants`.
    prompt_variant: Callable[[Answers], str] | None = None
    variants: tuple[str, ...] = ()

    @property
    def personal(self) -> bool:
        return self.mask is not None

    @property
    def purged(self) -> bool:
        """Removed when a closed case is anonymised after the retention period: all that
        was typed. A choice from a list is never personal, and the annual report breaks
        its figures down by it."""
        return self.kind != "choice"

    def masked(self, value: Any) -> str:
        """The value as staff notices and masked exports show it."""
        return self.mask(str(value)) if self.mask is not None else str(value)

    def prompt_keys(self, form: str) -> tuple[str, ...]:
        """Every text key this field's question may be asked with."""
        base = f"ask.{form}.{self.key}"
        return tuple(f"{base}.{v}" for v in self.variants) if self.variants else (base,)

    def options(self, answers: Answers) -> tuple[str, ...]:
        return self.choices_when(answers) if self.choices_when is not None else self.choices

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
        that brings new fields into play), and choices an edit made impossible (paper
        cannot be e-mailed)."""
        return [f for f in self.applicable(answers)
                if f.kind != "evidence" and (
                    (not f.is_optional(answers) and answers.get(f.key) in (None, ""))
                    or (f.kind == "choice" and answers.get(f.key) not in (None, "")
                        and answers.get(f.key) not in f.options(answers)))]

    def position(self, key: str, answers: Answers) -> tuple[int, int]:
        """(step number, total steps) as the resident sees them now."""
        keys = [f.key for f in self.applicable(answers)]
        return (keys.index(key) + 1 if key in keys else len(keys), len(keys))

    @property
    def evidence_field(self) -> FieldSpec | None:
        return next((f for f in self.fields if f.evidence is not None), None)


def text_between(min_len: int, max_len: int) -> Callable[[str, Answers], str]:
    def parse(raw: str, _: Answers) -> str:
        return validators.text(raw, min_len=min_len, max_len=max_len)

    return parse


def person_name(raw: str, _: Answers) -> str:
    return validators.person_name(raw)


def organisation_name(raw: str, _: Answers) -> str:
    return validators.name(raw)


def contact_phone(raw: str, _: Answers) -> str:
    return validators.phone(raw)


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
