"""The decision on a ranked question: an answer, "did you mean", or a decline or the
fallback. With the semantic signal a calibrated model decides (bot/matching/calibration.py);
without it, the blended score's thresholds (MatchingSettings)."""

from __future__ import annotations

from dataclasses import replace

from bot.config import MatchingSettings
from bot.matching.calibration import Calibration, Signals, features
from bot.matching.indexed import IndexedBase
from bot.matching.ranker import DECLINED_PREFIX, Scored, is_declined, offered
from bot.matching.replies import Outcome, Reply, Suggestion
from bot.textnorm import Lang, detect_language

# Without the semantic signal, scores lack on average this share of its weight, so the
# thresholds come down by as much (calibrated on the development sets).
LEXICAL_ONLY_SHIFT = 0.09
RUNNER_UP_RATIO = 0.9  # calibrated on the development sets
# An answer the decision is less sure of than this also offers the nearest other topics
# (at most MAX_ALTERNATIVES): chosen on the halves A, where it puts the right topic under
# 23 of 48 wrong answers and adds buttons under 17% of the right ones.
ALTERNATIVES_BELOW = 0.95
MAX_ALTERNATIVES = 2
CONTESTED_WAIVER = 15.0  # points above the answer threshold (calibrated on blind half A)
ENGLISH_SUGGEST_SHIFT = 7.0  # calibrated on half A of the blind development set


def out_of_100(score: float) -> float:
    """A blended score as replies show it (blends can pass 1)."""
    return round(min(score, 1.0) * 100, 1)


def as_suggestions(index: IndexedBase, ranked: list[Scored], lang: Lang) -> list[Suggestion]:
    """Topics offered as "did you mean", with their scores out of 100."""
    return [Suggestion(s.topic_id, index.kb.title(s.topic_id, lang), out_of_100(s.score))
            for s in ranked]


class Decision:
    """What a ranked question gets. `calibration`: the decision with both signals (None:
    the score thresholds decide, as they do whenever the meaning is missing)."""

    def __init__(self, settings: MatchingSettings, calibration: Calibration | None) -> None:
        self.settings = settings
        self.calibration = calibration

    def weigh(self, index: IndexedBase, question: str, text: str, lang: Lang,
              ranked: list[Scored], signals: Signals | None) -> Reply:
        """The reply to `question` (`text`: as ranked) from its ranking, topics and
        out-of-scope groups best first, and what both signals said (None: words only)."""
        semantic = signals is not None
        declined = self.declined(index, question, lang, ranked[0]) \
            if is_declined(ranked) else None
        calibrated = signals if self.calibration is not None else None
        # A decline the words and the meaning both doubt is weighed like any question,
        # but never answered: its topics are offered beside where else to go.
        doubted = declined is not None and calibrated is not None and \
            calibrated.doubts_decline()
        if declined is not None and not doubted:
            return declined
        ranked = offered(ranked)
        suggestions = as_suggestions(index, ranked, lang)
        top = ranked[0] if ranked else None
        score = out_of_100(top.score) if top else 0.0
        if calibrated is not None:
            reply = self._decide_calibrated(index, question, lang, calibrated, suggestions,
                                            score, may_answer=not doubted)
            if declined is None:
                return reply
            return replace(reply, hint=declined.hint) \
                if reply.outcome is Outcome.SUGGEST else declined
        if top is not None and self.threshold_answer(ranked, semantic) is not None:
            return Reply(question, lang, Outcome.ANSWER, top.topic_id, score,
                         index.kb.answer(top.topic_id, lang), suggestions)
        # English questions share fewer features with a phrasing (no character or
        # pinyin bigrams), so their scores run lower: "did you mean" starts lower too.
        english = detect_language(text) == "en"  # the question's, not the reply's
        floor = self.settings.suggest - self._shift(semantic) - \
            (ENGLISH_SUGGEST_SHIFT if english else 0)
        shown = [s for s in suggestions if s.score >= floor]
        if shown and top is not None and top.evidence:
            return Reply(question, lang, Outcome.SUGGEST, None, score, None, shown)
        return Reply(question, lang, Outcome.FALLBACK, None, score, None, [])

    @staticmethod
    def declined(index: IndexedBase, question: str, lang: Lang, group: Scored) -> Reply:
        """The polite decline of a question about another service, with where to go."""
        # A group's part (objections to other bodies' decisions) has its own hint.
        part = index.matcher.part_of(question, group.topic_id)
        decline = index.kb.decline(part[len(DECLINED_PREFIX):])
        hint = decline.hint[lang] if decline and decline.hint else None
        return Reply(question, lang, Outcome.FALLBACK, None,
                     out_of_100(group.score), None, [],
                     hint=index.kb.render(hint, lang) if hint else None, declined=True,
                     related=decline.related if decline else ())

    def _shift(self, semantic: bool) -> float:
        """How far the thresholds come down for the words alone (LEXICAL_ONLY_SHIFT)."""
        return 0.0 if semantic else 100 * self.settings.semantic_weight * LEXICAL_ONLY_SHIFT

    def threshold_answer(self, ranked: list[Scored], semantic: bool) -> Scored | None:
        """The best topic when the blended score's thresholds call it confident (the
        decision without a calibration); `ranked`: topics only, best first."""
        top = ranked[0] if ranked else None
        if top is None:
            return None
        score = out_of_100(top.score)
        margin = (top.score - ranked[1].score) * 100 if len(ranked) > 1 else 100.0
        shift = self._shift(semantic)
        # Meaning makes many topics look alike ("材料" is in several): with it, the
        # runner-up must also fall clearly short of the best, relatively.
        close = semantic and len(ranked) > 1 and ranked[1].score > RUNNER_UP_RATIO * top.score
        # A contested best topic is answered only when its score leaves no doubt.
        contested = top.contested and score < self.settings.confident - shift + CONTESTED_WAIVER
        confident = (top.evidence and not close and not contested
                     and score >= self.settings.confident - shift
                     and margin >= self.settings.margin)
        return top if confident else None

    def _decide_calibrated(self, index: IndexedBase, question: str, lang: Lang, signals: Signals,
                           suggestions: list[Suggestion], score: float,
                           may_answer: bool = True) -> Reply:
        """Answer only when the calibrated probability that the best topic is right is
        high enough; else "did you mean" when the question is likely in scope at all."""
        calibration = self.calibration
        assert calibration is not None
        values = features(signals)
        best = signals.best_topic()
        # Without evidence (a distinctive word, or a meaning close enough for a question
        # made of generic words only: "怎么查询办理") the best topic is never answered.
        sure = calibration.correct.probability(values)
        if may_answer and best is not None and best.evidence and sure >= calibration.answer_at:
            # A close call: a resident it got wrong still finds the right topic a tap away.
            alternatives = [s for s in suggestions if s.topic != best.topic_id
                            ][:MAX_ALTERNATIVES] if sure < ALTERNATIVES_BELOW else []
            return Reply(question, lang, Outcome.ANSWER, best.topic_id, score,
                         index.kb.answer(best.topic_id, lang), suggestions,
                         alternatives=alternatives)
        if suggestions and calibration.in_scope.probability(values) >= calibration.suggest_at:
            return Reply(question, lang, Outcome.SUGGEST, None, score, None, suggestions)
        return Reply(question, lang, Outcome.FALLBACK, None, score, None, [])
