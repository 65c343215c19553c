"""A multinomial naive Bayes classifier over the same features matching uses.

Trained on every phrasing of every topic (and of the out-of-scope groups), it scores a
question against the whole topic rather than its single closest phrasing; blended with
the similarity ranking it settles the close calls between neighbouring topics. Sparse
throughout, so a base of thousands of topics still answers in milliseconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

SMOOTHING = 0.1


class NaiveBayes:
    def __init__(self, examples: Iterable[tuple[int, Mapping[str, float]]], classes: int,
                 smoothing: float = SMOOTHING) -> None:
        counts: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        totals = [0.0] * classes
        for label, features in examples:
            for feature, weight in features.items():
                counts[feature][label] += weight
                totals[label] += weight
        vocabulary = len(counts)
        self._log_smoothing = math.log(smoothing)
        # log P(f|c) = log(count + a) - log(total_c + a*V), split into a per-class base and
        # a per-feature correction for the classes that have seen the feature.
        self._base = [-math.log(total + smoothing * vocabulary) for total in totals]
        self._postings = {
            feature: [(label, math.log1p(count / smoothing)) for label, count in seen.items()]
            for feature, seen in counts.items()
        }

    def state(self) -> tuple[float, list[float], dict[str, list[tuple[int, float]]]]:
        """The trained model as plain values, for the index cache."""
        return self._log_smoothing, self._base, self._postings

    @classmethod
    def from_state(cls, state: tuple[float, list[float], dict[str, list[tuple[int, float]]]]
                   ) -> NaiveBayes:
        model = cls.__new__(cls)
        model._log_smoothing, model._base, model._postings = state
        model._base = list(model._base)
        return model

    def posterior(self, features: Mapping[str, float]) -> list[float]:
        """P(class | features) for every class; uniform when nothing is known."""
        known = {f: w for f, w in features.items() if f in self._postings}
        mass = sum(known.values())
        scores = [mass * (self._log_smoothing + base) for base in self._base]
        for feature, weight in known.items():
            for label, gain in self._postings[feature]:
                scores[label] += weight * gain
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return [value / total for value in exps]
