"""A form being filled in: which form, the step it is at, and the answers so far (with
the runner's own marks, all starting with "_": the submission token, consent given,
paused, editing, carried over from another form)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.forms.spec import FieldSpec, FormSpec

CONSENT = "_consent"
SUMMARY = "_summary"
EDIT_MENU = "_edit"
BUTTON_STEPS = (CONSENT, SUMMARY, EDIT_MENU)


@dataclass
class Draft:
    form: FormSpec
    step: str
    answers: dict[str, Any]

    @property
    def token(self) -> str:
        return str(self.answers.get("_token", ""))

    @property
    def paused(self) -> bool:
        return bool(self.answers.get("_paused"))

    @property
    def filled(self) -> bool:
        """Something the resident typed or chose, which discarding would lose."""
        return any(not key.startswith("_") and value not in (None, "", [])
                   for key, value in self.answers.items())

    @property
    def evidence(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.answers.setdefault("evidence", [])
        return items

    def field(self) -> FieldSpec | None:
        """The field this step asks for; None at consent, summary and the edit menu."""
        return None if self.step in BUTTON_STEPS else self.form.field(self.step)
