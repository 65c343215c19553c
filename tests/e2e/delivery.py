"""What the delivery tests over real HTTP share (test_delivery_e2e.py and
test_timeouts_e2e.py, two modules so that the test runners share out their waiting): the
bot process they start, and how they count what reached a resident and the staff."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.harness import (
    BotApiServer,
    Person,
    RunningBot,
    finish_application,
    start_application,
)

STAFF_CHAT = -950
RECEIPT = "申请已提交"
STAFF_NOTICE = "🆕"
READ_TIMEOUT = 2.0


@contextmanager
def start_delivery_bot(botapi: BotApiServer, tmp_path: Path) -> Iterator[RunningBot]:
    """The bot process with a staff group, no rate limit in the way, and a short read
    timeout; its injected faults cleared when it stops."""
    running = RunningBot(botapi, tmp_path / "delivery.db", groups=(STAFF_CHAT,),
                         DISCLOSURE_STAFF_IDS="700", DISCLOSURE_STAFF_CHAT_ID=str(STAFF_CHAT),
                         DISCLOSURE_RATE_LIMIT="100",
                         DISCLOSURE_API_READ_TIMEOUT=str(READ_TIMEOUT))
    try:
        yield running
    finally:
        running.telegram.clear_faults()
        running.stop()


def summary_of(bot: RunningBot, user_id: int) -> tuple[Person, str, dict[str, object]]:
    person = bot.telegram.person(user_id, language_code="zh-hans")
    start_application(person)
    finish_application(person)
    summary = person.last[-1]
    confirm = next(d for label, d in person.buttons(summary) if "确认提交" in label)
    return person, confirm, summary


def receipts(person: Person) -> int:
    person.receive(10, timeout=1)
    return sum(RECEIPT in m.get("text", "") for m in person.seen)


_watchers: dict[str, Person] = {}


def staff_notices(bot: RunningBot) -> int:
    """Case notices the staff group has received so far (one reader per bot: what the
    bot sent to a chat is read once)."""
    if bot.token not in _watchers:
        _watchers[bot.token] = bot.telegram.watch(STAFF_CHAT)
    staff = _watchers[bot.token]
    staff.receive(20, timeout=1)
    return sum(m.get("text", "").count(STAFF_NOTICE) for m in staff.seen)


def stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("select count(*) from cases").fetchone()[0])


def person_buttons(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", [])  # type: ignore[union-attr]
            for b in row if b.get("callback_data")]
