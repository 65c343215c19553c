"""The sealed evaluation set (issue 10): written by someone who never saw the knowledge
base, never tuned on, reported only in aggregate by benchmarks/matching.py. The rules
checked here keep it honest: no sealed question may become a phrasing, nor a question of
a development set (the decision is trained on those)."""

from __future__ import annotations

import pytest

from bot.matching.engine import AnswerEngine
from bot.textnorm import compact
from tests.eval.dataset import DEVELOPMENT_FILES, SEALED_FILE, EvalSet, load_set

pytestmark = pytest.mark.skipif(not SEALED_FILE.exists(), reason="no sealed set yet")


def _phrasings(engine: AnswerEngine) -> set[str]:
    kb = engine.kb
    # Phrasings, what matching is trained on (titles are the answers' headings).
    texts = {compact(p) for t in kb.topics for lang in ("zh", "en") for p in t.phrasings[lang]}
    return texts | {compact(p) for d in kb.declines for lang in ("zh", "en")
                    for p in d.phrasings[lang]}


def _questions(data: EvalSet) -> list[str]:
    """Every question of a set, small talk included, as `compact` makes it."""
    return [compact(item.question) for item in (*data.cases, *data.smalltalk)]


def test_no_sealed_question_is_a_knowledge_base_phrasing(words_engine: AnswerEngine) -> None:
    phrasings = _phrasings(words_engine)
    copied = sum(1 for question in _questions(load_set(SEALED_FILE)) if question in phrasings)
    # Only a count: the sealed questions are never printed.
    assert copied == 0, f"{copied} sealed questions are knowledge-base phrasings"


def test_sealed_topics_exist(words_engine: AnswerEngine) -> None:
    sealed = load_set(SEALED_FILE)
    unknown = {t for case in sealed.cases for t in case.accepted} - set(words_engine.kb.by_id)
    assert not unknown, f"{len(unknown)} topic ids in the sealed set are not in the base"


def test_no_sealed_question_is_in_a_development_set() -> None:
    held_out = set(_questions(load_set(SEALED_FILE)))
    shared = sum(1 for path in DEVELOPMENT_FILES for question in _questions(load_set(path))
                 if question in held_out)
    # Only a count: the sealed questions are never printed.
    assert shared == 0, f"{shared} development questions are also sealed questions"
