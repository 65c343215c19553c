"""Delivery under faults: residents each file an application through the real bot process
and the Bot API double (tests/botapi) while one kind of fault is injected at the moment
they confirm. For each fault it prints how many cases were stored, how many receipts and
staff notices arrived, the duplicates, and the time from the confirm to the receipt.

    .venv/bin/python benchmarks/faults.py               # 8 residents per fault
    .venv/bin/python benchmarks/faults.py --residents 20 --only outage

What "right" looks like: as many receipts and staff notices as cases stored, every
resident's case stored once, and duplicates only where the outcome of a send is unknown
(at most one per such send). The table is kept in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.harness import (
    BotApiServer,
    Person,
    RunningBot,
    Telegram,
    finish_application,
    start_application,
)

RECEIPT = "申请已提交"
STAFF_NOTICE = "🆕"
STAFF_CHAT = -900
SETTLE_SECONDS = 45.0  # how long to wait for late receipts (the outbox runs every 5 s)
READ_TIMEOUT = 2.0  # the bot's read timeout in the "slow" scenario, to keep it short


@dataclass(frozen=True)
class Scenario:
    name: str
    inject: Callable[[Telegram, int], None]
    env: tuple[tuple[str, str], ...] = ()
    during: Callable[[RunningBot], None] | None = None  # after the confirms were pressed


def _outage(bot: RunningBot) -> None:
    time.sleep(10)
    bot.telegram.clear_faults()


def _kill(bot: RunningBot) -> None:
    time.sleep(0.3)  # some confirms committed, some receipts maybe sent
    bot.restart(signal.SIGKILL)


SCENARIOS = [
    Scenario("none", lambda t, n: None),
    Scenario("429 on answerCallbackQuery",
             lambda t, n: t.fail("flood", n, method="answerCallbackQuery", retry_after=2)),
    Scenario("5xx on sendMessage", lambda t, n: t.fail("error", n, method="sendMessage",
                                                       status=502)),
    Scenario("dropped connections", lambda t, n: t.fail("drop", n, method="sendMessage")),
    Scenario("slow sendMessage (past the read timeout)",
             lambda t, n: t.fail("slow", n, method="sendMessage", delay=READ_TIMEOUT + 1),
             env=(("DISCLOSURE_API_READ_TIMEOUT", str(READ_TIMEOUT)),)),
    Scenario("outage of 10 s", lambda t, n: t.fail("error", 100_000, method="sendMessage"),
             during=_outage),
    Scenario("SIGKILL after the confirms", lambda t, n: None, during=_kill),
]


@dataclass
class Outcome:
    stored: int
    receipts: int
    notices: int
    duplicates: int
    latencies: list[float]


def _confirm_of(person: Person) -> tuple[str, dict[str, object]]:
    summary = person.last[-1]
    for row in summary.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if "确认提交" in button.get("text", ""):
                return button["callback_data"], summary
    raise AssertionError("no confirm button on the summary")


def run_scenario(server: BotApiServer, scenario: Scenario, residents: int,
                 folder: Path) -> Outcome:
    db = folder / f"{abs(hash(scenario.name))}.db"
    bot = RunningBot(server, db, groups=(STAFF_CHAT,), DISCLOSURE_STAFF_IDS="700",
                     DISCLOSURE_STAFF_CHAT_ID=str(STAFF_CHAT), DISCLOSURE_RATE_LIMIT="100",
                     **dict(scenario.env))
    try:
        people = [bot.telegram.person(30_000 + i, language_code="zh-hans")
                  for i in range(residents)]
        confirms = []
        for person in people:
            start_application(person)
            finish_application(person)
            confirms.append(_confirm_of(person))
        staff = bot.telegram.watch(STAFF_CHAT)
        scenario.inject(bot.telegram, residents)
        pressed = {}
        for person, (data, summary) in zip(people, confirms, strict=True):
            pressed[person.chat_id] = time.monotonic()
            person.press(data, summary)
        if scenario.during is not None:
            scenario.during(bot)
        latencies = []
        end = time.monotonic() + SETTLE_SECONDS
        for person in people:
            while time.monotonic() < end and not any(RECEIPT in m.get("text", "")
                                                     for m in person.seen):
                person.receive(1, timeout=min(2.0, max(0.1, end - time.monotonic())))
            if any(RECEIPT in m.get("text", "") for m in person.seen):
                latencies.append(time.monotonic() - pressed[person.chat_id])
        time.sleep(6)  # anything still on its way (a retry, the outbox's next pass)
        for person in people:
            person.receive(10, timeout=0.5)
        staff.receive(100, timeout=2)
        receipts = [sum(RECEIPT in m.get("text", "") for m in p.seen) for p in people]
        notices = sum(m.get("text", "").count(STAFF_NOTICE) for m in staff.seen)
        with sqlite3.connect(db) as conn:
            stored = int(conn.execute("select count(*) from cases").fetchone()[0])
        duplicates = sum(max(0, n - 1) for n in receipts) + max(0, notices - stored)
        return Outcome(stored, sum(receipts), notices, duplicates, latencies)
    finally:
        bot.telegram.clear_faults()
        bot.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=8)
    parser.add_argument("--only", default="", help="run the scenarios whose name has this")
    args = parser.parse_args()
    print(f"{args.residents} residents confirm an application each, under each fault\n")
    print("| fault | cases stored | receipts | staff notices | duplicates | "
          "latency median / max (s) |")
    print("|---|---|---|---|---|---|")
    with BotApiServer() as server, tempfile.TemporaryDirectory() as tmp:
        for scenario in SCENARIOS:
            if args.only and args.only not in scenario.name:
                continue
            outcome = run_scenario(server, scenario, args.residents, Path(tmp))
            late = outcome.latencies
            latency = (f"{statistics.median(late):.1f} / {max(late):.1f}" if late else "-")
            print(f"| {scenario.name} | {outcome.stored} | {outcome.receipts} | "
                  f"{outcome.notices} | {outcome.duplicates} | {latency} |", flush=True)


if __name__ == "__main__":
    main()
