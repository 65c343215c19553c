"""Half A of blind10.yaml reaches its floors (tests/eval/floors.py) with the engine as
shipped; a module of its own, so that the test runners share the semantic model's work."""

from __future__ import annotations

from bot.matching.engine import AnswerEngine
from tests.eval.dataset import BLIND10_FILE
from tests.eval.floors import check_half_a_floors


def test_half_a_floors(engine: AnswerEngine) -> None:
    check_half_a_floors(engine, BLIND10_FILE)
