"""The accuracy floors (tests/eval/floors.py) for the engine as shipped: both signals and
the calibrated decision (`engine` in tests/eval/conftest.py). Halves A of blind2.yaml and
blind3.yaml are checked in modules of their own, so the test runners share them out."""

from __future__ import annotations

from bot.matching.engine import AnswerEngine
from tests.eval.dataset import BLIND_FILE

# Every check of floors.py (a new one there runs here too), with this module's engine.
from tests.eval.floors import *  # noqa: F403
from tests.eval.floors import check_half_a_floors


def test_blind_half_a_floors(engine: AnswerEngine) -> None:
    check_half_a_floors(engine, BLIND_FILE)
