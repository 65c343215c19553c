"""What letters read from the knowledge folder, on their own: the office's facts
(agency.yaml) and the letter templates. A broken FAQ file never stops a letter; a
missing fact is printed as a blank to fill in by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.textnorm import Lang

LETTERS_DIR = "letters"
BLANK = "＿＿＿＿"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class LetterTemplateError(Exception):
    """A letter template is missing or unreadable; the message names the file."""


class AgencyFacts:
    """The office's facts from agency.yaml; only confirmed ones are printed as fact."""

    def __init__(self, confirmed: dict[str, dict[Lang, str]]) -> None:
        self._confirmed = confirmed

    @classmethod
    def load(cls, knowledge_dir: Path) -> AgencyFacts:
        return cls(read_confirmed_facts(knowledge_dir))

    def confirmed(self) -> dict[str, dict[Lang, str]]:
        return self._confirmed

    def get(self, key: str, blank: str = BLANK) -> str:
        """The fact in Chinese; a blank to fill in by hand when it is not confirmed."""
        return self._confirmed.get(key, {}).get("zh") or blank


def read_confirmed_facts(knowledge_dir: Path) -> dict[str, dict[Lang, str]]:
    """The confirmed facts of agency.yaml, read on their own (a broken FAQ elsewhere in
    the folder does not matter); none when the file cannot be read."""
    try:
        data = yaml.safe_load((knowledge_dir / "agency.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    entries = data.get("agency") if isinstance(data, dict) else None
    facts: dict[str, dict[Lang, str]] = {}
    for key, entry in (entries or {}).items() if isinstance(entries, dict) else ():
        if not isinstance(entry, dict) or not entry.get("confirmed"):
            continue
        if entry.get("value") is not None:
            facts[str(key)] = {"zh": str(entry["value"]), "en": str(entry["value"])}
        elif entry.get("zh") is not None and entry.get("en") is not None:
            facts[str(key)] = {"zh": str(entry["zh"]), "en": str(entry["en"])}
    return facts


def confirmed_facts_reader(knowledge_dir: Path) -> Callable[[], dict[str, dict[Lang, str]]]:
    """For a desk without the knowledge base: the confirmed facts, read when asked."""
    return lambda: read_confirmed_facts(knowledge_dir)


class Templates:
    def __init__(self, knowledge_dir: Path) -> None:
        self.folder = knowledge_dir / LETTERS_DIR

    def load(self, kind: str) -> dict[str, Any]:
        path, data = self._read(kind)
        if not isinstance(data, dict) or not isinstance(data.get("paragraphs"), list):
            raise LetterTemplateError(f"{path}: expected 'title' and a list of 'paragraphs'")
        return data

    def remedy(self, key: str) -> str:
        return str(self.load_plain("remedy")[key])

    def load_plain(self, name: str) -> dict[str, Any]:
        path, data = self._read(name)
        if not isinstance(data, dict):
            raise LetterTemplateError(f"{path}: expected a mapping")
        return data

    def _read(self, name: str) -> tuple[Path, Any]:
        path = self.folder / f"{name}.yaml"
        try:
            return path, yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LetterTemplateError(f"{path}: {exc}") from None
