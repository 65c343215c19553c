"""The accuracy floors hold for both decisions the engine can make: the shipped one (both
signals, calibrated; `test_accuracy.py`) and the word ranking alone, which answers while
the model loads or when it cannot run (`test_accuracy_words.py`, the same tests). Two
files, so that the test runners share them out."""

from __future__ import annotations

import pytest

from bot.kb.model import KnowledgeBase
from bot.matching.engine import AnswerEngine, Reply


class RememberingEngine:
    """An engine answering each question once per session: several tests read the same
    sets, and the semantic model costs tens of milliseconds a question."""

    def __init__(self, engine: AnswerEngine) -> None:
        self._engine = engine
        self._replies: dict[str, Reply] = {}

    @property
    def kb(self) -> KnowledgeBase:
        return self._engine.kb

    def ask(self, question: str) -> Reply:
        if question not in self._replies:
            self._replies[question] = self._engine.ask(question)
        return self._replies[question]


@pytest.fixture(scope="session")
def engine(shipped_engine: AnswerEngine) -> RememberingEngine:
    return RememberingEngine(shipped_engine)
