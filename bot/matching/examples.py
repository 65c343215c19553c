"""Residents' questions, each with its topic, that the probe learns from beside the
phrasings (bot.matching.probe).

Phrasings say a topic the way the office would; residents say it their own way (a
situation rather than a legal term, a village's expropriation "批文", "they never got back
to me"). Questions written that way, by people who had not seen the knowledge base, are
the halves A of the development sets (tests/eval/blind*.yaml). `make seed` ships their
vectors and topic ids, not their text, in `bot/matching/seed/`
(benchmarks/seed_examples.py). The halves B stay unseen for validation; a question the
sealed set also holds word for word is left out, so no sealed question is ever learned.

Each question weighs as much as EXAMPLE_WEIGHT phrasings (3 rather than 1: the right
topic ranked first for 92.5 rather than 92.1% of the halves B, against 91.2% without
examples; a choice made on the halves B, the one thing here that was). With the decision
retrained (benchmarks/calibrate.py, which sees each half-A question through a probe that
did not learn it), the halves B went, Chinese then English: answered right 85.3 -> 88.1%
and 85.9 -> 90.6%; confidently wrong 2.0 -> 2.7% and 2.9 -> 3.8%. A question whose topic
the base no longer has is left out.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.matching.indexcache import write_atomically

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
EXAMPLE_WEIGHT = 3.0


def examples_file(model: str) -> str:
    return f"examples-{model}.npz"


@dataclass(frozen=True)
class Examples:
    keys: tuple[str, ...]  # bot.matching.semantic.text_key of each question
    vectors: Vectors
    topics: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> Examples | None:
        """The shipped examples (None when there are none for this model, or the file is
        unreadable: the probe then learns from the phrasings alone)."""
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                keys, vectors, topics = data["keys"], data["vectors"], data["topics"]
            if len(keys) == len(vectors) == len(topics):
                return cls(tuple(str(k) for k in keys), vectors.astype(np.float32),
                           tuple(str(t) for t in topics))
        except (OSError, ValueError, KeyError) as error:
            log.warning("probe examples unreadable: %s", type(error).__name__)
        return None

    def write(self, path: Path) -> None:
        write_atomically(path, lambda out: np.savez(
            out, keys=np.array(self.keys), vectors=self.vectors.astype(np.float16),
            topics=np.array(self.topics)))

    def without(self, keys: Collection[str]) -> Examples:
        kept = [i for i, key in enumerate(self.keys) if key not in keys]
        return Examples(tuple(self.keys[i] for i in kept), self.vectors[kept],
                        tuple(self.topics[i] for i in kept))

    def owned(self, group_ids: Sequence[str]) -> tuple[Vectors, npt.NDArray[np.int64]]:
        """The vectors whose topic is one of `group_ids`, and its position there."""
        position = {group: index for index, group in enumerate(group_ids)}
        kept = [i for i, topic in enumerate(self.topics) if topic in position]
        return self.vectors[kept], np.array([position[self.topics[i]] for i in kept],
                                            dtype=np.int64)
