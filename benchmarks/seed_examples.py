"""Write the probe's examples (bot/matching/examples.py): the in-scope questions of the
halves A of the development sets, as vectors with their topic ids, into the package.
`make seed` runs it before the probe is trained.

    .venv/bin/python benchmarks/seed_examples.py

Only the halves A: the halves B stay unseen for validation. The sealed set is read for one
thing: a question it also holds, word for word (a few short ones, written independently),
is left out, so that the probe never learns a sealed question.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bot.matching does

import numpy as np  # noqa: E402

from bot.matching.examples import Examples, examples_file  # noqa: E402
from bot.matching.semantic import SEED_DIR, load_embedder, text_key  # noqa: E402
from tests.eval.dataset import (  # noqa: E402
    BLIND2_FILE,
    BLIND3_FILE,
    BLIND_FILE,
    SEALED_FILE,
    Case,
    load_set,
    split_halves,
)

SOURCES = (BLIND_FILE, BLIND2_FILE, BLIND3_FILE)
BATCH = 64


def half_a_questions() -> list[Case]:
    """Each in-scope question of the halves A once, in a fixed order, but none that the
    sealed set also holds."""
    seen = {case.question for case in load_set(SEALED_FILE).cases}
    cases = []
    for path in SOURCES:
        for case in split_halves(load_set(path))["A"].cases:
            if case.topic is not None and case.question not in seen:
                seen.add(case.question)
                cases.append(case)
    return cases


def main() -> int:
    embedder = load_embedder()
    if embedder is None:
        print("the semantic model cannot run here", file=sys.stderr)
        return 1
    cases = half_a_questions()
    questions = [case.question for case in cases]
    vectors = np.concatenate([embedder.embed(questions[start:start + BATCH])
                              for start in range(0, len(questions), BATCH)])
    # Rounded as the shipped file keeps them: the probe learns from what a start reads.
    examples = Examples(tuple(text_key(q) for q in questions),
                        vectors.astype(np.float16).astype(np.float32),
                        tuple(str(case.topic) for case in cases))
    path = SEED_DIR / examples_file(embedder.name)
    examples.write(path)
    print(f"{len(cases)} examples written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
