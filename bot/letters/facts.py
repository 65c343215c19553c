"""What letters read from the knowledge folder, on their own: the office's facts
(agency.yaml) and the letter templates. A broken FAQ file never stops a letter; a
missing fact is printed as a blank to fill in by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

LETTERS_DIR = "letters"
BLANK = "＿＿＿＿"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class LetterTemplateError(Exception):
    """A letter template is missing or unreadable; the message names the file."""


class AgencyFacts:
    def __init__(self, facts: dict[str, Any]) -> None:
        self._facts = facts

    @classmethod
    def load(cls, knowledge_dir: Path) -> AgencyFacts:
        try:
            data = yaml.safe_load((knowledge_dir / "agency.yaml").read_text(encoding="utf-8"))
            facts = data.get("agency", {}) if isinstance(data, dict) else {}
        except (OSError, yaml.YAMLError):
            facts = {}
        return cls(facts if isinstance(facts, dict) else {})

    def get(self, key: str) -> str:
        value = self._facts.get(key)
        if isinstance(value, dict):
            value = value.get("zh")
        return str(value) if value not in (None, "") else BLANK


class Templates:
    def __init__(self, knowledge_dir: Path) -> None:
        self.folder = knowledge_dir / LETTERS_DIR

    def load(self, kind: str) -> dict[str, Any]:
        path = self.folder / f"{kind}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LetterTemplateError(f"{path}: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("paragraphs"), list):
            raise LetterTemplateError(f"{path}: expected 'title' and a list of 'paragraphs'")
        return data

    def remedy(self, key: str) -> str:
        return str(self.load_plain("remedy")[key])

    def load_plain(self, name: str) -> dict[str, Any]:
        path = self.folder / f"{name}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LetterTemplateError(f"{path}: {exc}") from None
        if not isinstance(data, dict):
            raise LetterTemplateError(f"{path}: expected a mapping")
        return data
