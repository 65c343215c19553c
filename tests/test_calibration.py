"""The calibrated decision: answering only when both signals make the best topic likely
right, "did you mean" when the question is likely in scope, and the word ranking's own
thresholds whenever no usable calibration is at hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.kb.loader import load_knowledge_base
from bot.matching.calibration import (
    CALIBRATION_FILE,
    FEATURES,
    Calibration,
    Logistic,
    Signals,
    features,
)
from bot.matching.engine import AnswerEngine, Outcome
from bot.matching.ranker import Scored


def _flat(bias: float) -> Logistic:
    """A model answering `bias` whatever the question says."""
    zeros = tuple(0.0 for _ in FEATURES)
    return Logistic(zeros, tuple(1.0 for _ in FEATURES), zeros, bias)


def test_the_shipped_calibration_is_usable_and_made_for_these_features() -> None:
    calibration = Calibration.load()
    assert calibration is not None, "rerun benchmarks/calibrate.py"
    assert 0.5 <= calibration.answer_at < 1 and 0 < calibration.suggest_at < 1
    trained = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["trained"]
    assert "sealed" not in json.dumps(trained)  # trained on the development sets only


def test_a_missing_or_stale_calibration_is_refused(tmp_path: Path) -> None:
    assert Calibration.load(tmp_path / "missing.json") is None
    stale = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    stale["features"] = [*stale["features"], "a feature no longer computed"]
    (tmp_path / "stale.json").write_text(json.dumps(stale), encoding="utf-8")
    assert Calibration.load(tmp_path / "stale.json") is None
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert Calibration.load(tmp_path / "broken.json") is None


def test_the_logistic_model_standardises_then_squashes() -> None:
    model = Logistic((1.0, 0.0), (2.0, 1.0), (3.0, -1.0), 0.5)
    z = 0.5 + 3.0 * (5.0 - 1.0) / 2.0 - 1.0 * 2.0
    assert model.probability([5.0, 2.0]) == pytest.approx(1 / (1 + math.exp(-z)))
    assert Logistic.from_dict(model.as_dict()) == model
    assert model.probability([1e9, 0.0]) == pytest.approx(1.0)  # no overflow


def test_features_say_whether_the_two_rankings_agree() -> None:
    ids = ["a", "b", "~other"]
    lexical = [Scored("a", 0.9, True), Scored("b", 0.5, True)]
    blended = [Scored("a", 1.5, True), Scored("b", 0.7, False)]
    agreeing = dict(zip(FEATURES, features(Signals(
        lexical, blended, [0.95, 0.90, 0.80], ids, 1.0, False, "a", False)), strict=True))
    assert agreeing["agree_lexical_meaning"] == 1.0
    assert agreeing["lexical_answers_it"] == 1.0
    assert agreeing["blend_margin"] == pytest.approx(0.8)
    assert agreeing["meaning_top"] == pytest.approx(0.95)
    assert agreeing["decline_meaning"] == pytest.approx(0.80)
    assert agreeing["meaning_rank"] == 0.0
    split = dict(zip(FEATURES, features(Signals(
        lexical, blended, [0.85, 0.93, 0.96], ids, 1.0, True, "b", False)), strict=True))
    assert split["agree_lexical_meaning"] == 0.0  # words say a, meaning says b
    assert split["lexical_answers_other"] == 1.0
    assert split["meaning_rank"] == 1.0
    assert split["decline_meaning"] == pytest.approx(0.96)
    assert split["english"] == 1.0


@pytest.mark.parametrize(("words", "meaning", "foreign", "doubted"), [
    # A question with a word of another service (foreign < 1): both signals must doubt.
    ((0.9, 0.4), (0.93, 0.92), 0.8, True),  # both signals put topic a clearly first
    ((0.9, 0.7), (0.93, 0.92), 0.8, False),  # the words: a only a little above the group
    ((0.9, 0.4), (0.92, 0.918), 0.8, False),  # the meaning: a hardly nearer than the group
    ((0.9, 0.4), (0.90, 0.92), 0.8, False),  # the meaning: the group nearer
    ((0.0, 0.0), (0.93, 0.92), 0.8, False),  # no word of any topic
    # A question naming no other service: the words level with the group are enough.
    ((0.9, 0.7), (0.90, 0.92), 1.0, True),
    ((0.7, 0.7), (0.90, 0.92), 1.0, True),
    ((0.6, 0.7), (0.90, 0.92), 1.0, False),  # the words favour the group
    ((0.0, 0.0), (0.93, 0.92), 1.0, False),  # no word of any topic
])
def test_a_decline_is_doubted_only_when_the_direct_signals_favour_a_topic(
        words: tuple[float, float], meaning: tuple[float, float], foreign: float,
        doubted: bool) -> None:
    ids = ["a", "b", "~other"]
    lexical = sorted([Scored("a", words[0], True), Scored("~other", words[1], True)],
                     key=lambda s: -s.score)
    blended = [Scored("~other", 2.0, True), Scored("a", 1.5, True)]
    signals = Signals(lexical, blended, [meaning[0], 0.80, meaning[1]], ids, foreign, False)
    assert signals.doubts_decline() is doubted
    topic_first = Signals(lexical, blended[::-1], [meaning[0], 0.80, meaning[1]], ids,
                          foreign, False)
    assert not topic_first.doubts_decline()  # nothing declined, nothing to doubt


class _ConstantEmbedder:
    """Every text the same vector: the meaning says nothing, the decision still runs."""

    name = "constant"

    def embed(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def _engine(cache: Path, calibration: Calibration) -> AnswerEngine:
    return AnswerEngine(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR),
                        MatchingSettings(cache_dir=cache), embedder=_ConstantEmbedder(),
                        calibration=calibration)


def test_the_decision_follows_the_calibrated_probabilities(warm_cache: Path) -> None:
    sure = _engine(warm_cache, Calibration(_flat(10.0), _flat(10.0), 0.9, 0.5))
    assert sure.ask("申请信息公开要交钱吗").outcome is Outcome.ANSWER
    doubtful = _engine(warm_cache, Calibration(_flat(-10.0), _flat(10.0), 0.9, 0.5))
    reply = doubtful.ask("申请信息公开要交钱吗")
    assert reply.outcome is Outcome.SUGGEST and reply.suggestions
    assert "apply.fees" in {s.topic for s in reply.suggestions}
    out_of_scope = _engine(warm_cache, Calibration(_flat(-10.0), _flat(-10.0), 0.9, 0.5))
    assert out_of_scope.ask("申请信息公开要交钱吗").outcome is Outcome.FALLBACK


def test_an_out_of_scope_group_still_declines_before_the_calibration(warm_cache: Path) -> None:
    sure = _engine(warm_cache, Calibration(_flat(10.0), _flat(10.0), 0.5, 0.5))
    reply = sure.ask("护照过期了去哪里换新的")
    assert reply.outcome is Outcome.FALLBACK and reply.declined


@pytest.mark.parametrize(("question", "topic"), [
    ("how do i apply for government information", "apply.how"),
    ("公开的东西在哪儿看", "scope.channels"),
    ("他们让我改申请表是怎么回事", "apply.correction"),
])
def test_the_shipped_engine_answers_what_words_alone_do_not(
        shipped_engine: AnswerEngine, engine: AnswerEngine, question: str, topic: str) -> None:
    assert engine.ask(question).topic != topic
    assert shipped_engine.ask(question).topic == topic


@pytest.mark.parametrize(("question", "topic"), [
    ("Can I apply for my company?", "apply.who"),
    ("个人能申请吗", "apply.who"),
    ("申請政府資訊公開要怎麼辦理", "apply.how"),
])
def test_the_shipped_engine_does_not_repeat_the_words_wrong_answer(
        shipped_engine: AnswerEngine, engine: AnswerEngine, question: str, topic: str) -> None:
    words = engine.ask(question)
    assert words.outcome is Outcome.ANSWER and words.topic != topic
    reply = shipped_engine.ask(question)
    assert reply.outcome is not Outcome.ANSWER or reply.topic == topic
    assert topic == reply.topic or topic in {s.topic for s in reply.suggestions}
