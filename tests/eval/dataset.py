"""The evaluation sets: questions as residents type them, with the topic a clerk would
pick (None: outside what the office answers), and small talk with its kind.

- `questions.yaml`: the development set (tuned on).
- `natural.yaml`: more development questions in the styles of issue 10 (tuned on).
- `blind.yaml`: a blind development set, written like the sealed one by someone who had
  not seen the knowledge base; split in two halves by a digest of each question: half A
  is tuned on, half B only validates (its aggregate figures, never its questions).
- `blind2.yaml`: a second blind development set ("blind C"), by two other writers in the
  same way; split and used like `blind.yaml` (half A tuned on, half B only validates).
- `blind3.yaml`: a third blind development set ("blind D"), by two more writers asked for
  other residents and habits (voice dictation, chat fragments, named documents); split and
  used like `blind.yaml`.
- `blind4.yaml`: a fourth blind development set ("blind E"), by a Chinese and an English
  writer asked for yet other residents; split and used like `blind.yaml`.
- `blind5.yaml`: a fifth blind development set ("blind F"), by a Chinese and an English
  writer asked for residents the earlier sets had less of; split and used like `blind.yaml`.
- `blind6.yaml`: a sixth blind development set ("blind G"), by a Chinese and an English
  writer asked for every style of issue 10; split and used like `blind.yaml`.
- `blind7.yaml`: a seventh blind development set ("blind H"), English-heavy (foreign residents,
  translation apps, mixed pinyin), by one more writer; split and used like `blind.yaml`.
- `blind8.yaml`: an eighth blind development set ("blind I"), Chinese-heavy (voice
  dictation, dialect, keywords, long stories, slang), by one more writer; split and used
  like `blind.yaml`.
- `blind9.yaml`: a ninth blind development set ("blind J"), written to issue 10's
  description of the sealed set (every style, English with FOI words, a quarter out of
  scope), by a Chinese and an English writer; split and used like `blind.yaml`.
- `blind10.yaml`: a tenth blind development set ("blind K"): residents' situations only,
  told in everyday words instead of the legal terms, by a Chinese and an English writer;
  split and used like `blind.yaml`.
- `borders.yaml`: pairs on the border with other services (a policy document about a
  service, in scope; the service itself, out of scope), by another writer; split and used
  like `blind.yaml`.
- `borders2.yaml`: more pairs on the border with other services (one per service), by a
  Chinese and an English writer; split and used like `blind.yaml`.
- `borders3.yaml`: pairs sharing one situation, mostly on topics other than publication
  (replies, refusals, remedies), by two more writers; split and used like `blind.yaml`.
- `borders4.yaml`: pairs on one situation each, a document or disclosure reply against the
  service itself, by one more writer; split and used like `blind.yaml`.
- `nearmiss.yaml`: other services' questions in disclosure words, by another writer; half A
  became out-of-scope phrasings, half B only validates.
- `nearmiss2.yaml`: more near-misses (appeals against other authorities, complaints about
  businesses, other services' progress and papers, "公开" in other senses), by one more
  writer; half A became out-of-scope phrasings, half B only validates.
- `nearmiss3.yaml`: more near-misses in nine kinds (other services' progress, appeals,
  own records, "公开" in other senses, courts and police, complaints about others, services
  dressed as disclosure requests, other places, general law), by two more writers; half A
  became out-of-scope phrasings, half B only validates.
- `nearmiss4.yaml`: near-misses in ten kinds (adding private companies and platforms and
  the office asked for something else), by two more writers; half A became out-of-scope
  phrasings, half B only validates.
- `nearmiss5.yaml`: the hardest Chinese near-misses one more writer could find (two or
  three disclosure words at once); half A became out-of-scope phrasings, half B only
  validates.
- `smalltalk.yaml`: small talk only, by a third writer in many registers (tuned on: the
  lexicon's MORE_TEXT came from it).
- `sealed.yaml`: written by someone who never saw the knowledge base; never tuned on,
  only reported in aggregate (benchmarks/matching.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from bot.textnorm import Lang, detect_language

EVAL_DIR = Path(__file__).parent
EVAL_FILE = EVAL_DIR / "questions.yaml"
NATURAL_FILE = EVAL_DIR / "natural.yaml"
SEALED_FILE = EVAL_DIR / "sealed.yaml"
BLIND_FILE = EVAL_DIR / "blind.yaml"
BLIND2_FILE = EVAL_DIR / "blind2.yaml"
BLIND3_FILE = EVAL_DIR / "blind3.yaml"
BLIND4_FILE = EVAL_DIR / "blind4.yaml"
BLIND5_FILE = EVAL_DIR / "blind5.yaml"
BLIND6_FILE = EVAL_DIR / "blind6.yaml"
BLIND7_FILE = EVAL_DIR / "blind7.yaml"
BLIND8_FILE = EVAL_DIR / "blind8.yaml"
BLIND9_FILE = EVAL_DIR / "blind9.yaml"
BLIND10_FILE = EVAL_DIR / "blind10.yaml"
BORDERS_FILE = EVAL_DIR / "borders.yaml"
BORDERS2_FILE = EVAL_DIR / "borders2.yaml"
BORDERS3_FILE = EVAL_DIR / "borders3.yaml"
BORDERS4_FILE = EVAL_DIR / "borders4.yaml"
SMALLTALK_FILE = EVAL_DIR / "smalltalk.yaml"
NEARMISS_FILE = EVAL_DIR / "nearmiss.yaml"
NEARMISS2_FILE = EVAL_DIR / "nearmiss2.yaml"
NEARMISS3_FILE = EVAL_DIR / "nearmiss3.yaml"
NEARMISS4_FILE = EVAL_DIR / "nearmiss4.yaml"
NEARMISS5_FILE = EVAL_DIR / "nearmiss5.yaml"
# Every set tuned on or validated with: none may hold a sealed question.
DEVELOPMENT_FILES = (EVAL_FILE, NATURAL_FILE, BLIND_FILE, BLIND2_FILE, BLIND3_FILE,
                     BLIND4_FILE, BLIND5_FILE, BLIND6_FILE, BLIND7_FILE, BLIND8_FILE,
                     BLIND9_FILE, BLIND10_FILE, BORDERS_FILE, BORDERS2_FILE, BORDERS3_FILE,
                     BORDERS4_FILE, SMALLTALK_FILE, NEARMISS_FILE, NEARMISS2_FILE, NEARMISS3_FILE,
                     NEARMISS4_FILE, NEARMISS5_FILE)

# The halved sets written like the sealed one, whose halves A the decision is trained on
# (benchmarks/calibrate.py; the near-miss sets only add out-of-scope phrasings).
HALVED_FILES = (BLIND_FILE, BLIND2_FILE, BLIND3_FILE, BLIND4_FILE, BLIND5_FILE, BLIND6_FILE,
                BLIND7_FILE, BLIND8_FILE, BLIND9_FILE, BLIND10_FILE, BORDERS_FILE,
                BORDERS2_FILE, BORDERS3_FILE, BORDERS4_FILE)

Half = Literal["A", "B"]
# libyaml's loader when PyYAML has it: the sets hold thousands of questions, which the
# pure-Python loader reads in seconds (several test modules load them).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    cases = [Case(str(item["q"]), item.get("topic"), tuple(item.get("also") or ()),
                  _lang(item.get("lang"), str(item["q"])), str(item.get("style") or ""))
             for item in data.get("questions") or ()]
    talk = [SmallTalk(str(item["q"]), str(item["kind"]), _lang(item.get("lang"), str(item["q"])))
            for item in data.get("smalltalk") or ()]
    return EvalSet(cases, talk)


def load_cases(path: Path = EVAL_FILE) -> list[Case]:
    return load_set(path).cases


def half_of(question: str) -> Half:
    """The half of the blind set a question belongs to: fixed by its text alone, so the
    split never changes when questions are added or reordered."""
    return "A" if hashlib.sha256(question.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def split_halves(data: EvalSet) -> dict[Half, EvalSet]:
    """Half A (tuned on) and half B (validation only) of a development set."""
    return {half: EvalSet([c for c in data.cases if half_of(c.question) == half],
                          [t for t in data.smalltalk if half_of(t.question) == half])
            for half in ("A", "B")}
