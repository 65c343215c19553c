"""Shared fixtures: the shipped knowledge base loaded once, fresh databases per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.clock import FixedClock
from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings, Settings
from bot.matching.engine import AnswerEngine
from bot.services import Services, build_services
from tests.helpers import cache_holding, words_only_settings

# CI replays a fixed set of generated examples so a run is reproducible; developers'
# runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")



# Most tests exercise what surrounds matching (conversations, forms, commands): they get
# the word ranking alone, which is fast and needs no model; it is also what answers while
# the model loads, or when it cannot run. The shipped decision, with the semantic model,
# is measured in tests/eval and tests/test_calibration.py (`shipped_engine`). Commands run
# in-process or as child processes inherit this too.
os.environ["DISCLOSURE_SEMANTIC"] = "false"


@pytest.fixture(scope="session")
def words_engine() -> AnswerEngine:
    """The word ranking alone (no semantic model)."""
    return AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR, MatchingSettings(semantic=False))


@pytest.fixture(scope="session")
def engine(words_engine: AnswerEngine) -> AnswerEngine:
    return words_engine


@pytest.fixture(scope="session")
def shipped_index(words_engine: AnswerEngine) -> tuple[str, bytes] | None:
    """The shipped base's word index as its cache file holds it (name, content), read
    once; None when the user's cache could not keep it."""
    key = words_engine._index.matcher.cache_key
    path = words_engine._index_cache.file(key)
    try:
        return (path.name, path.read_bytes()) if path is not None else None
    except OSError:
        return None


@pytest.fixture
def warm_cache(tmp_path: Path, shipped_index: tuple[str, bytes] | None) -> Path:
    """A cache folder of the test's own that already holds the shipped base's word index,
    as a restart finds it: an engine built on it indexes only a base that differs (about
    two seconds each otherwise, under the suite's load five)."""
    return cache_holding(tmp_path / "cache", shipped_index)


@pytest.fixture(scope="session")
def shipped_engine() -> AnswerEngine:
    """The engine as shipped: both signals, the calibrated decision."""
    engine = AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR, MatchingSettings())
    assert engine.semantic_ready, "the semantic model did not load"
    return engine


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge base that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


@pytest.fixture
def clock() -> FixedClock:
    # A Thursday morning in Beijing: 2026-11-26 10:00 +08:00.
    return FixedClock(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return words_only_settings(db_path=str(tmp_path / "test.db"),
                               staff_ids="500,501",
                               admin_ids="900", approver_ids="700", staff_chat_id="-1000")


@pytest.fixture
def services(settings: Settings, engine: AnswerEngine, clock: FixedClock) -> Iterator[Services]:
    built = build_services(settings, clock=clock, engine=engine)
    yield built
    built.close()
