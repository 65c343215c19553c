"""The accuracy floors (tests/eval/floors.py) for the word ranking alone: what answers while the
semantic model loads, or when it cannot run (DISCLOSURE_SEMANTIC=false)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.matching.engine import AnswerEngine
from tests.eval.conftest import RememberingEngine

# Every check of floors.py (a new one there runs here too), with this module's engine.
from tests.eval.floors import *  # noqa: F403
from tests.eval.floors import HALF_A_FLOORS, check_half_a_floors


@pytest.fixture(scope="module")
def engine(words_engine: AnswerEngine) -> RememberingEngine:
    return RememberingEngine(words_engine)


@pytest.mark.parametrize("path", list(HALF_A_FLOORS), ids=lambda p: p.stem)
def test_blind_half_a_floors(engine: AnswerEngine, path: Path) -> None:
    check_half_a_floors(engine, path)
