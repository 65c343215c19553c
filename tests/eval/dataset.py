"""The evaluation set: questions as residents type them, with the topic a clerk would
pick (None: outside what the office answers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

EVAL_FILE = Path(__file__).parent / "questions.yaml"


@dataclass(frozen=True)
class Case:
    question: str
    topic: str | None


def load_cases(path: Path = EVAL_FILE) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(str(item["q"]), item["topic"]) for item in data["questions"]]
