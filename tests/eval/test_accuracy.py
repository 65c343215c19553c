"""The accuracy floors (tests/eval/floors.py) for the engine as shipped: both signals and
the calibrated decision (`engine` in tests/eval/conftest.py). The halves A of the blind
sets are checked in modules of their own (test_accuracy_blind*.py), so the test runners
share them out."""

from __future__ import annotations

# Every check of floors.py (a new one there runs here too), with this module's engine.
from tests.eval.floors import *  # noqa: F403
