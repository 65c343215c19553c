"""The evaluation sets: questions as residents type them, with the topic a clerk would
pick (None: outside what the office answers), and small talk with its kind.

- `questions.yaml`: the development set (tuned on).
- `natural.yaml`: more development questions in the styles of issue 10 (tuned on).
- `sealed.yaml`: written by someone who never saw the knowledge base; never tuned on,
  only reported in aggregate (benchmarks/matching.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.textnorm import Lang, detect_language

EVAL_DIR = Path(__file__).parent
EVAL_FILE = EVAL_DIR / "questions.yaml"
NATURAL_FILE = EVAL_DIR / "natural.yaml"
SEALED_FILE = EVAL_DIR / "sealed.yaml"


@dataclass(frozen=True)
class Case:
    question: str
    topic: str | None
    also: tuple[str, ...] = ()  # other topics that answer the question as well
    lang: Lang = "zh"
    style: str = ""

    @property
    def accepted(self) -> frozenset[str]:
        return frozenset({self.topic, *self.also} - {None})  # type: ignore[arg-type]


@dataclass(frozen=True)
class SmallTalk:
    question: str
    kind: str
    lang: Lang = "zh"


@dataclass(frozen=True)
class EvalSet:
    cases: list[Case] = field(default_factory=list)
    smalltalk: list[SmallTalk] = field(default_factory=list)


def _lang(value: object, text: str) -> Lang:
    return "en" if value == "en" else "zh" if value == "zh" else detect_language(text)


def load_set(path: Path) -> EvalSet:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cases = [Case(str(item["q"]), item.get("topic"), tuple(item.get("also") or ()),
                  _lang(item.get("lang"), str(item["q"])), str(item.get("style") or ""))
             for item in data.get("questions") or ()]
    talk = [SmallTalk(str(item["q"]), str(item["kind"]), _lang(item.get("lang"), str(item["q"])))
            for item in data.get("smalltalk") or ()]
    return EvalSet(cases, talk)


def load_cases(path: Path = EVAL_FILE) -> list[Case]:
    return load_set(path).cases
