"""The accuracy floors hold for both decisions the engine can make: the shipped one (both
signals, calibrated) and the word ranking alone, which answers while the model loads or
when it cannot run."""

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


_REMEMBERED: dict[str, RememberingEngine] = {}


@pytest.fixture(scope="session", params=["shipped", "words-only"])
def engine(request: pytest.FixtureRequest) -> RememberingEngine:
    name = request.param
    if name not in _REMEMBERED:
        inner = request.getfixturevalue("shipped_engine" if name == "shipped" else
                                        "words_engine")
        _REMEMBERED[name] = RememberingEngine(inner)
    return _REMEMBERED[name]
