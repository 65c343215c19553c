"""`kb audit`: words of other services that topic phrasings use in passing (a word only
out-of-scope phrasings used counts against every topic until one topic text uses it)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.config import MatchingSettings
from bot.matching.audit import words_in_passing
from bot.matching.engine import AnswerEngine
from cli import cli

PASSPORT_PHRASING = "外国朋友想申请政府信息，用护照证明身份行不行"


def _engine(folder: Path) -> AnswerEngine:
    return AnswerEngine.from_folder(folder, MatchingSettings(semantic=False))


def _passing(folder: Path) -> dict[str, tuple[int, tuple[tuple[str, str], ...]]]:
    return {p.word: (p.other_uses, p.topic_texts)
            for p in _engine(folder).words_in_passing()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_word_one_topic_phrasing_takes_from_other_services_is_listed(
        knowledge_copy: Path) -> None:
    passing = _passing(knowledge_copy)
    uses, texts = passing["护照"]
    assert texts == (("apply.who", PASSPORT_PHRASING),)
    assert uses >= 4
    # Reworded, the word is other services' alone again: nothing to list, and the
    # matcher counts it against the topics once more.
    _edit(knowledge_copy / "topics" / "apply.yaml", PASSPORT_PHRASING,
          "外国朋友想申请政府信息，用本国证件证明身份行不行")
    engine = _engine(knowledge_copy)
    assert "护照" not in {p.word for p in engine.words_in_passing()}
    assert engine.other_services_words("护照办理进度怎么查") == ["护照"]


def test_a_topic_keyword_is_meant_and_never_listed(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "topics" / "apply.yaml", "zh: [谁可以申请, ",
          "zh: [谁可以申请, 护照, ")
    assert "护照" not in _passing(knowledge_copy)


def test_words_many_topic_texts_use_are_the_topics_own(knowledge_copy: Path) -> None:
    engine = _engine(knowledge_copy)
    loose = {p.word for p in words_in_passing(engine._index.matcher, most_topic_uses=50)}
    strict = {p.word for p in engine.words_in_passing()}
    assert strict < loose  # more topic uses allowed, more words listed
    assert "申请" not in loose  # generic words are never other services'


def test_kb_audit_on_the_command_line(knowledge_copy: Path, tmp_path: Path) -> None:
    env = {"DISCLOSURE_DB": str(tmp_path / "t.db"), "DISCLOSURE_KNOWLEDGE_DIR":
           str(knowledge_copy), "DISCLOSURE_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(cli, ["kb", "audit"], env=env)
    assert result.exit_code == 0, result.output
    assert "  护照: " in result.output
    assert f"      apply.who: {PASSPORT_PHRASING}" in result.output
