"""Train the answer decision (bot/matching/calibration.py) on the development sets.

    .venv/bin/python benchmarks/calibrate.py            # trains, prints, writes the file
    .venv/bin/python benchmarks/calibrate.py --dry-run  # prints only

Training data: tests/eval/questions.yaml, natural.yaml and half A of each halved set
(blind.yaml to blind10.yaml, borders.yaml to borders4.yaml). The thresholds are
chosen on out-of-fold predictions for the halves A (written, like the sealed set, without
seeing the knowledge base): answer
from the probability that maximises right answers minus COST_OF_WRONG times confidently
wrong ones (a wrong answer can send a resident down a remedy that loses their case; an
unanswered question still gets "did you mean" with the topic most of the time); suggest
from the probability that best balances finding the topic and declining the out-of-scope
questions. The halves B are printed for validation, in aggregate only. The
sealed set is never opened here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# As bot.matching does, before numpy loads (imported here first): one BLAS thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings  # noqa: E402
from bot.matching.calibration import (  # noqa: E402
    CALIBRATION_FILE,
    FEATURES,
    Calibration,
    Logistic,
    Signals,
    features,
)
from bot.matching.engine import AnswerEngine  # noqa: E402
from bot.matching.ranker import is_declined, offered  # noqa: E402
from tests.eval.dataset import (  # noqa: E402
    EVAL_FILE,
    HALVED_FILES,
    NATURAL_FILE,
    Case,
    half_of,
    load_set,
)

Matrix = npt.NDArray[np.float64]
COST_OF_WRONG = 4.0
FOLDS = 5
L2 = 1.0  # on the summed log-loss: light, as scikit-learn's default C=1
NEWTON_STEPS = 100
SMOOTHING = 0.03  # a threshold is judged with its neighbours this close: a few questions
# The sets split in halves A and B.
HALVED = tuple(path.stem for path in HALVED_FILES)  # blind, ..., borders4
TUNING = tuple(f"{name}-A" for name in HALVED)  # the thresholds are chosen on these
VALIDATION = tuple(f"{name}-B" for name in HALVED)  # never trained on: aggregates only
GRID = [round(0.30 + 0.01 * i, 2) for i in range(66)]  # 0.30 .. 0.95


@dataclass(frozen=True)
class Example:
    case: Case
    source: str  # questions, natural, blind-A, blind-B, blind2-A, ..., blind3-B
    values: list[float]
    best: str | None  # the blend's best topic
    evidence: bool  # ... has evidence (the engine answers nothing without)
    declined: bool  # the engine declines it before deciding (an out-of-scope group)
    suggested: list[str]


def _example(case: Case, source: str, signals: Signals | None) -> Example:
    if signals is None:  # nothing to rank (punctuation only)
        return Example(case, source, [0.0] * len(FEATURES), None, False, False, [])
    best = signals.best_topic()
    topics = [s.topic_id for s in offered(signals.blended)]
    return Example(case, source, features(signals), best.topic_id if best else None,
                   bool(best and best.evidence), is_declined(signals.blended), topics)


def collect(engine: AnswerEngine) -> list[Example]:
    sources = [("questions", EVAL_FILE), ("natural", NATURAL_FILE),
               *((path.stem, path) for path in HALVED_FILES)]
    examples = []
    for name, path in sources:
        for case in load_set(path).cases:
            source = f"{name}-{half_of(case.question)}" if name in HALVED else name
            examples.append(_example(case, source, engine.signals(case.question)))
    return examples


def fit(x: Matrix, y: Matrix) -> Logistic:
    """L2-regularised logistic regression, solved exactly by Newton's method
    (deterministic: the same data give the same weights)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    penalty = np.r_[np.full(z.shape[1] - 1, L2), 0.0]  # the bias is not shrunk
    w = np.zeros(z.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1 / (1 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return Logistic(tuple(mean.tolist()), tuple(scale.tolist()), tuple(w[:-1].tolist()),
                    float(w[-1]))


def _labels(examples: Sequence[Example]) -> tuple[Matrix, Matrix, Matrix]:
    x = np.array([e.values for e in examples], dtype=np.float64)
    correct = np.array([float(e.best in e.case.accepted) for e in examples])
    in_scope = np.array([float(e.case.topic is not None) for e in examples])
    return x, correct, in_scope


def out_of_fold(examples: Sequence[Example]) -> tuple[list[float], list[float]]:
    """Each example's probabilities from models trained without it (fold by position)."""
    x, correct, in_scope = _labels(examples)
    p_correct, p_scope = [0.0] * len(examples), [0.0] * len(examples)
    for fold in range(FOLDS):
        held = np.arange(len(examples)) % FOLDS == fold
        c, s = fit(x[~held], correct[~held]), fit(x[~held], in_scope[~held])
        for i in np.flatnonzero(held):
            p_correct[i] = c.probability(x[i].tolist())
            p_scope[i] = s.probability(x[i].tolist())
    return p_correct, p_scope


@dataclass(frozen=True)
class Figures:
    right: float
    found: float
    wrong: float
    near_declined: float
    out_declined: float


def judge(examples: Sequence[Example], p_correct: Sequence[float], p_scope: Sequence[float],
          answer_at: float, suggest_at: float) -> Figures:
    """The engine's calibrated decision replayed on stored probabilities."""
    right = found = wrong = near_ok = out_ok = 0
    in_scope = [e for e in examples if e.case.topic]
    out = [e for e in examples if not e.case.topic]
    near = [e for e in out if "near" in e.case.style]
    for e, pc, ps in zip(examples, p_correct, p_scope, strict=True):
        answered = None if e.declined or e.best is None or not e.evidence or pc < answer_at \
            else e.best
        shown = e.suggested if answered is None and not e.declined and ps >= suggest_at else []
        if e.case.topic:
            right += answered in e.case.accepted
            wrong += answered is not None and answered not in e.case.accepted
            found += answered in e.case.accepted or bool(e.case.accepted & set(shown))
        else:
            ok = answered is None and not shown
            out_ok += ok
            near_ok += ok and "near" in e.case.style

    def share(hits: int, total: int) -> float:
        return hits / total if total else float("nan")

    return Figures(share(right, len(in_scope)), share(found, len(in_scope)),
                   share(wrong, len(in_scope)), share(near_ok, len(near)),
                   share(out_ok, len(out)))


def choose(examples: Sequence[Example], p_correct: list[float], p_scope: list[float]
           ) -> tuple[float, float]:
    def worth(t: float) -> float:
        f = judge(examples, p_correct, p_scope, t, 1.0)
        return f.right - COST_OF_WRONG * f.wrong

    # Each question moves the figures by a few tenths of a point: the threshold is
    # chosen on the average over its neighbours, not on one lucky step.
    worths = {t: worth(t) for t in GRID}

    def smoothed(t: float) -> float:
        near = [w for u, w in worths.items() if abs(u - t) <= SMOOTHING + 1e-9]
        return sum(near) / len(near)

    answer_at = max(GRID, key=lambda t: (smoothed(t), t))

    def balance(t: float) -> float:
        f = judge(examples, p_correct, p_scope, answer_at, t)
        return f.found + f.out_declined

    suggest_at = max(GRID, key=lambda t: (balance(t), -t))
    return answer_at, suggest_at


def _line(name: str, f: Figures) -> str:
    return (f"| {name} | {f.right:.1%} | {f.found:.1%} | {f.wrong:.1%} | "
            f"{f.near_declined:.1%} | {f.out_declined:.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--keep-thresholds", action="store_true",
                        help="retrain the weights but keep the shipped calibration's "
                             "thresholds (a change of content, not of the decision: its "
                             "effect is then judged at the same operating point)")
    args = parser.parse_args()
    engine = AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR,
                                      MatchingSettings(semantic=True, calibrated=False))
    if not engine.semantic_ready:
        sys.exit("the semantic model cannot run here: nothing to calibrate")
    examples = collect(engine)
    train = [e for e in examples if e.source not in VALIDATION]
    tuning = [i for i, e in enumerate(train) if e.source in TUNING]
    oof_correct, oof_scope = out_of_fold(train)
    tune = [train[i] for i in tuning]
    shipped = Calibration.load() if args.keep_thresholds else None
    if args.keep_thresholds and shipped is None:
        sys.exit("no usable shipped calibration whose thresholds to keep")
    answer_at, suggest_at = (shipped.answer_at, shipped.suggest_at) if shipped else \
        choose(tune, [oof_correct[i] for i in tuning], [oof_scope[i] for i in tuning])
    x, correct, in_scope = _labels(train)
    calibration = Calibration(fit(x, correct), fit(x, in_scope), answer_at, suggest_at)
    print(f"trained on {len(train)} questions; answer at P(right) >= {answer_at}, "
          f"suggest at P(in scope) >= {suggest_at}\n")
    print("| set | answered right | found | confidently wrong | near-misses declined"
          " | out of scope declined |\n|---|---:|---:|---:|---:|---:|")
    for source in TUNING:
        for lang in ("zh", "en"):
            part = [i for i in tuning
                    if train[i].source == source and train[i].case.lang == lang]
            print(_line(f"{source}, {lang} (out of fold)", judge(
                [train[i] for i in part], [oof_correct[i] for i in part],
                [oof_scope[i] for i in part], answer_at, suggest_at)))
    for source in VALIDATION:
        for lang in ("zh", "en"):
            held = [e for e in examples if e.source == source and e.case.lang == lang]
            print(_line(f"{source}, {lang} (validation)", judge(
                held, [calibration.correct.probability(e.values) for e in held],
                [calibration.in_scope.probability(e.values) for e in held],
                answer_at, suggest_at)))
    if not args.dry_run:
        counts = {source: sum(e.source == source for e in train)
                  for source in ("questions", "natural", *TUNING)}
        calibration.save(CALIBRATION_FILE, {"by": "benchmarks/calibrate.py",
                                            "questions": counts,
                                            "cost_of_wrong": COST_OF_WRONG})
        print(f"\nwritten to {CALIBRATION_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
