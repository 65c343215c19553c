"""The accuracy floors (tests/eval/floors.py) for the word ranking alone: what answers while the
semantic model loads, or when it cannot run (DISCLOSURE_SEMANTIC=false)."""

from __future__ import annotations

import pytest

from bot.matching.engine import AnswerEngine
from tests.eval.conftest import RememberingEngine

# Every check of floors.py (a new one there runs here too), with this module's engine.
from tests.eval.floors import *  # noqa: F403


@pytest.fixture(scope="module")
def engine(words_engine: AnswerEngine) -> RememberingEngine:
    return RememberingEngine(words_engine)
