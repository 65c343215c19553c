"""The accuracy floors (tests/eval/floors.py) for the engine as shipped: both signals and
the calibrated decision (`engine` in tests/eval/conftest.py)."""

from __future__ import annotations

# Every check of floors.py (a new one there runs here too), with this module's engine.
from tests.eval.floors import *  # noqa: F403
