"""How long a knowledge-base reload after an edit holds the thread that answers residents:
the two-step reload the bot does (`AnswerEngine.prepare` on a thread of its own, then
`reload` swapping the prepared base in) against the one-step reload (all of it on that
thread, as before), on a copy of the shipped base, one new phrasing per edit.

    .venv/bin/python benchmarks/reload.py [--edits 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bot.matching does

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings  # noqa: E402
from bot.kb.editor import add_phrasing  # noqa: E402
from bot.matching.engine import AnswerEngine  # noqa: E402


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=3, help="edits per way of reloading")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "knowledge"
        shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
        # A cache folder of its own: a rerun must not find the edited bases cached.
        engine = AnswerEngine.from_folder(
            folder, MatchingSettings(cache_dir=Path(scratch) / "cache"))
        engine.ask("预热")
        one_step, prepared, swapped = [], [], []
        for edit in range(args.edits):
            # Phrasings no one would write, so that each edit is new to every cache.
            add_phrasing(folder, "apply.fees", "zh", f"基准测试第{edit}号编辑的收费问法甲")
            one_step.append(_seconds(engine.reload))
            add_phrasing(folder, "apply.fees", "zh", f"基准测试第{edit}号编辑的收费问法乙")
            prepared.append(_seconds(engine.prepare))
            swapped.append(_seconds(engine.reload))
    print(f"Reload after an edit, shipped base copy, median of {args.edits} edits:\n")
    print("| reload | on the residents' thread | on a thread of its own |")
    print("|---|---:|---:|")
    print(f"| one step (baseline) | {statistics.median(one_step):.2f} s | - |")
    print(f"| prepared, then swapped (the bot) | {statistics.median(swapped) * 1000:.0f} ms "
          f"| {statistics.median(prepared):.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
