"""The checked base kept between starts: read back only for the very files (and code) it
was checked from; an edit, a broken file or a damaged cache file is never served stale."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.kb import loader
from bot.kb.editor import add_phrasing
from bot.kb.loader import KnowledgeBaseError, load_knowledge_base
from bot.kb.snapshot import base_from_state, base_state
from bot.matching import indexed
from bot.matching.indexcache import IndexCache
from bot.matching.indexed import load_checked


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders actually read and checked (not taken from the cache)."""
    seen: list[Path] = []

    def counting(folder: Path) -> loader.KnowledgeBase:
        seen.append(folder)
        return load_knowledge_base(folder)

    monkeypatch.setattr(indexed, "load_knowledge_base", counting)
    return seen


def test_the_plain_values_give_back_the_same_base() -> None:
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    again = base_from_state(base_state(kb))
    assert again == kb
    assert again.by_id.keys() == kb.by_id.keys()
    assert again.answer("apply.fees", "zh") == kb.answer("apply.fees", "zh")
    assert again.unconfirmed() == kb.unconfirmed()
    with pytest.raises(ValueError):
        base_from_state((0, (), {}, {}, (), {}))  # another format
    with pytest.raises(ValueError):
        base_from_state(("not", "a", "base"))


def test_a_second_load_of_the_same_files_is_read_back(
        knowledge_copy: Path, tmp_path: Path, loads: list[Path]) -> None:
    cache = IndexCache(tmp_path / "cache", "base")
    first = load_checked(knowledge_copy, cache)
    second = load_checked(knowledge_copy, cache)
    assert loads == [knowledge_copy] and second == first


def test_an_edit_is_read_and_a_broken_file_refused_despite_the_cache(
        knowledge_copy: Path, tmp_path: Path, loads: list[Path]) -> None:
    cache = IndexCache(tmp_path / "cache", "base")
    load_checked(knowledge_copy, cache)
    add_phrasing(knowledge_copy, "apply.fees", "zh", "办这个要掏钱不")
    edited = load_checked(knowledge_copy, cache)
    assert "办这个要掏钱不" in edited.by_id["apply.fees"].phrasings["zh"]
    topics = knowledge_copy / "topics" / "apply.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n  - [broken", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError):
        load_checked(knowledge_copy, cache)
    assert len(loads) == 3


def test_a_damaged_or_unwritable_cache_only_costs_the_reading(
        tmp_path: Path, loads: list[Path], caplog: pytest.LogCaptureFixture) -> None:
    cache = IndexCache(tmp_path / "cache", "base")
    kb = load_checked(DEFAULT_KNOWLEDGE_DIR, cache)
    (kept,) = (tmp_path / "cache").glob("base-*.marshal")
    kept.write_bytes(b"\x00not marshal")
    with caplog.at_level(logging.WARNING):
        assert load_checked(DEFAULT_KNOWLEDGE_DIR, cache) == kb
    assert "base cache unreadable" in caplog.text
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert load_checked(DEFAULT_KNOWLEDGE_DIR, IndexCache(blocker / "cache", "base")) == kb
    assert len(loads) == 3


def test_another_zhconv_is_a_miss(tmp_path: Path, loads: list[Path],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # zhconv's tables decide which phrasings fold to the same text (duplicates).
    cache = IndexCache(tmp_path / "cache", "base")
    load_checked(DEFAULT_KNOWLEDGE_DIR, cache)
    load_checked(DEFAULT_KNOWLEDGE_DIR, cache)
    monkeypatch.setattr(indexed, "conversion_tables_mark", lambda: "zhcdict.json:1:2")
    load_checked(DEFAULT_KNOWLEDGE_DIR, cache)
    assert len(loads) == 2
