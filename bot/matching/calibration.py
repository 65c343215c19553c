"""When to answer: a calibrated confidence over both signals, lexical and semantic.

The blended score alone answered too readily: a question unlike any phrasing could get
a high score from one signal while the other pointed elsewhere, and that confident wrong
answer is what costs a resident their case. Here a logistic model turns what the two
signals say about the best topic (its scores, its lead over the runner-up, whether the
word ranking and the meaning ranking agree on it, the pull of out-of-scope groups) into
the probability that it is the right topic, and a second one into the probability that
the question is in scope at all. Both are trained by `benchmarks/calibrate.py` on the
development sets only (never the sealed set); its thresholds are chosen there too, on
out-of-fold predictions, and stored with the weights in `calibration.json`.

Pure Python: sixteen multiplications a question need no numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.matching.ranker import DECLINED_PREFIX, Scored, topics_only

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
MEANING_RANK_CAP = 10
# A decline is doubted when the words and the nearest meaning each put a topic clearly
# above the out-of-scope group the blend ranked first (chosen on the tuned-on sets).
DOUBT_WORDS_RATIO = 1.5
DOUBT_MEANING_MARGIN = 0.005
# ...or when the question has no word of another service at all and the words put a
# topic at least level with the group (no tuned-on near-miss came above 0.86).
DOUBT_PLAIN_WORDS_RATIO = 1.0

FEATURES = (
    "blend_top", "blend_margin", "lexical_top", "lexical_margin", "meaning_top",
    "meaning_max", "meaning_margin", "meaning_rank", "agree_lexical_meaning",
    "agree_blend_lexical", "evidence", "contested", "foreign", "english",
    "decline_meaning", "decline_first", "lexical_answers_it", "lexical_answers_other",
    "lexical_declines",
)


@dataclass(frozen=True)
class Signals:
    """What both rankings say about one question."""

    lexical: Sequence[Scored]  # best first, topics and out-of-scope groups
    blended: Sequence[Scored]  # best first, topics and out-of-scope groups
    meaning: Sequence[float]  # cosine per group, in the matcher's group order
    group_ids: Sequence[str]  # the matcher's topic_ids
    foreign: float  # what out-of-scope vocabulary leaves of a topic's score (1: none)
    english: bool  # the question (not the reply) is in English
    lexical_answer: str | None = None  # the word ranking's own confident answer
    lexical_declines: bool = False  # the word ranking alone would decline the question

    def best_topic(self) -> Scored | None:
        topics = topics_only(self.blended)
        return topics[0] if topics else None

    def doubts_decline(self) -> bool:
        """Whether the blend's out-of-scope group stands first against both direct
        signals (the words and the nearest phrasing's meaning each put a topic clearly
        above it), or against the words in a question naming no other service. Its lead
        then comes from the probe, which learnt the out-of-scope groups' many "how do I
        apply for…" phrasings: "How do I apply, and how long will it take?" was declined
        as another service's question."""
        if not self.blended or not self.blended[0].topic_id.startswith(DECLINED_PREFIX):
            return False
        group = self.blended[0].topic_id
        words = {s.topic_id: s.score for s in self.lexical}
        topic_words = max((s.score for s in topics_only(self.lexical)), default=0.0)
        meaning = dict(zip(self.group_ids, self.meaning, strict=True))
        topic_meaning = max((m for g, m in meaning.items()
                             if not g.startswith(DECLINED_PREFIX)), default=0.0)
        group_words = words.get(group, 0.0)
        both = topic_words >= DOUBT_WORDS_RATIO * group_words and \
            topic_meaning >= meaning[group] + DOUBT_MEANING_MARGIN
        # "how can i chek my aplication progres" names no other service: only the
        # probe's pull towards the groups' "check my … application" phrasings declined it.
        plain = self.foreign >= 1.0 and topic_words >= DOUBT_PLAIN_WORDS_RATIO * group_words
        return topic_words > 0 and (both or plain)


def features(signals: Signals) -> list[float]:
    """The values of FEATURES, in order, for the blend's best topic."""
    topics = topics_only(signals.blended)
    best = topics[0] if topics else None
    second = topics[1].score if len(topics) > 1 else 0.0
    lexical = {s.topic_id: s for s in signals.lexical}
    lexical_topics = topics_only(signals.lexical)
    meaning = list(signals.meaning)
    ids = signals.group_ids
    by_meaning = sorted(range(len(meaning)), key=lambda i: -meaning[i])
    meaning_topics = [ids[i] for i in by_meaning if not ids[i].startswith(DECLINED_PREFIX)]
    declines = [m for m, g in zip(meaning, ids, strict=True) if g.startswith(DECLINED_PREFIX)]
    best_id = best.topic_id if best else None
    found = lexical.get(best_id) if best_id else None
    lexical_first = lexical_topics[0].topic_id if lexical_topics else None
    meaning_first = meaning_topics[0] if meaning_topics else None
    values = {
        "blend_top": best.score if best else 0.0,
        "blend_margin": (best.score - second) if best else 0.0,
        "lexical_top": found.score if found else 0.0,
        "lexical_margin": (signals.lexical[0].score - signals.lexical[1].score)
        if len(signals.lexical) > 1 else (signals.lexical[0].score if signals.lexical else 0.0),
        "meaning_top": meaning[ids.index(best_id)] if best_id else 0.0,
        "meaning_max": meaning[by_meaning[0]] if meaning else 0.0,
        "meaning_margin": (meaning[by_meaning[0]] - meaning[by_meaning[1]])
        if len(meaning) > 1 else 0.0,
        "meaning_rank": float(meaning_topics.index(best_id)
                              if best_id in meaning_topics[:MEANING_RANK_CAP]
                              else MEANING_RANK_CAP),
        "agree_lexical_meaning": float(lexical_first is not None
                                       and lexical_first == meaning_first),
        "agree_blend_lexical": float(best_id is not None and best_id == lexical_first),
        "evidence": float(bool(best and best.evidence)),
        "contested": float(bool(found and found.contested)),
        "foreign": signals.foreign,
        "english": float(signals.english),
        "decline_meaning": max(declines) if declines else 0.0,
        "decline_first": float(bool(signals.blended)
                               and signals.blended[0].topic_id.startswith(DECLINED_PREFIX)),
        "lexical_answers_it": float(best_id is not None and signals.lexical_answer == best_id),
        "lexical_answers_other": float(signals.lexical_answer is not None
                                       and signals.lexical_answer != best_id),
        "lexical_declines": float(signals.lexical_declines),
    }
    return [float(values[name]) for name in FEATURES]


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over standardised features."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, values: Sequence[float]) -> float:
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in
                            zip(self.weights, values, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def as_dict(self) -> dict[str, object]:
        return {"mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias}

    @classmethod
    def from_dict(cls, data: dict[str, list[float] | float]) -> Logistic:
        def floats(key: str) -> tuple[float, ...]:
            value = data[key]
            assert isinstance(value, list)
            return tuple(float(v) for v in value)

        bias = data["bias"]
        assert isinstance(bias, float | int)
        return cls(floats("mean"), floats("scale"), floats("weights"), float(bias))


@dataclass(frozen=True)
class Calibration:
    correct: Logistic  # P(the blend's best topic is the right one)
    in_scope: Logistic  # P(the question is something the office answers)
    answer_at: float  # answer when P(correct) reaches this
    suggest_at: float  # otherwise offer "did you mean" when P(in scope) reaches this

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration | None:
        """The stored calibration, or None when it is missing or made for other features
        (the engine then decides on the blended score's thresholds, as without it)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if tuple(data["features"]) != FEATURES:
                return None
            return cls(Logistic.from_dict(data["correct"]), Logistic.from_dict(data["in_scope"]),
                       float(data["answer_at"]), float(data["suggest_at"]))
        except (OSError, ValueError, KeyError, TypeError, AssertionError):
            return None

    def save(self, path: Path, provenance: dict[str, object]) -> None:
        data = {"features": list(FEATURES), "answer_at": self.answer_at,
                "suggest_at": self.suggest_at, "correct": self.correct.as_dict(),
                "in_scope": self.in_scope.as_dict(), "trained": provenance}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
