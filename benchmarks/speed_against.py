"""Speed of this tree against an earlier revision, measured in the same run.

    .venv/bin/python benchmarks/speed_against.py a3bd184 [--rounds 2]

The machine's speed varies from one session to the next (the model's call alone took
7 ms a question at one stop and 11 ms at the next), so a latency or start-up figure says
little about a change unless the code before it is measured beside it. This checks the
revision out in a temporary git worktree and measures both trees in turn, `--rounds`
times each, with benchmarks/matching.py's own functions: p50 and p99 per question of the
shipped default at the shipped size, after a pass over other questions, and process
start to first answer (warm caches); and a reload after one new phrasing, on a copy of
the base with a cache folder of its own. Each measurement runs in a fresh process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter with the measured tree first on the path (its own bot
# package, knowledge base and benchmarks), printing "p50 p99 start peak reload".
_MEASURE = """
import sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/benchmarks"]
sys.argv = ["matching"]
import matching as m
from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.kb.loader import load_knowledge_base
from bot.matching.engine import AnswerEngine
from bot.matching.semantic import load_embedder
from tests.eval.dataset import EVAL_FILE, NATURAL_FILE, load_set
kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
engine = AnswerEngine(kb, MatchingSettings(), embedder=load_embedder(), cache_index=False)
p50, p99 = m.steady_latency(engine, load_set(NATURAL_FILE).cases,
                            load_set(EVAL_FILE).cases[:300])
start, peak = m.start_to_first_answer()
# A reload after an admin's edit (one new phrasing) on a copy of the base, with a cache
# folder of its own, so that no earlier run has seen the edited base.
import shutil, tempfile, time, uuid
from pathlib import Path
from bot.kb.editor import add_phrasing
with tempfile.TemporaryDirectory() as scratch:
    folder = Path(scratch) / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    reloading = AnswerEngine.from_folder(folder,
                                         MatchingSettings(cache_dir=Path(scratch) / "cache"))
    add_phrasing(folder, "apply.fees", "zh", f"基准测试的收费问法{uuid.uuid4().hex[:8]}")
    began = time.perf_counter()
    reloading.reload()
    reload_s = time.perf_counter() - began
print(f"{p50:.1f} {p99:.1f} {start:.2f} {peak:.0f} {reload_s:.2f}")
"""


def measure(tree: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(tree)], cwd=tree, check=True,
                          capture_output=True, text=True)
    return done.stdout.split()[-5:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the earlier revision, e.g. a3bd184")
    parser.add_argument("--rounds", type=int, default=2, help="measurements of each tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        earlier = Path(scratch) / "earlier"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(earlier),
                        args.revision], cwd=ROOT, check=True)
        try:
            print("| tree | round | p50 ms | p99 ms | start to first answer s | peak MB "
                  "| reload after an edit s |\n|---|---:|---:|---:|---:|---:|---:|")
            for round_ in range(1, args.rounds + 1):
                for name, tree in ((args.revision, earlier), ("this tree", ROOT)):
                    print(f"| {name} | {round_} | " + " | ".join(measure(tree)) + " |",
                          flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(earlier)], cwd=ROOT,
                           check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
