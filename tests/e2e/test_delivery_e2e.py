"""Delivery over real HTTP: the bot process against the Bot API double with faults
injected. A stored case gets exactly one receipt and one staff notice whatever fails
(a 429 on the button answer, a kill between the commit and the send, a slow answer),
and a send whose outcome is unknown is repeated at most once."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    BotApiServer,
    Person,
    RunningBot,
    finish_application,
    start_application,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
STAFF_CHAT = -950
RECEIPT = "申请已提交"
STAFF_NOTICE = "🆕"
READ_TIMEOUT = 2.0


@pytest.fixture
def bot(botapi: BotApiServer, tmp_path: Path) -> Iterator[RunningBot]:
    running = RunningBot(botapi, tmp_path / "delivery.db", groups=(STAFF_CHAT,),
                         DISCLOSURE_STAFF_IDS="700", DISCLOSURE_STAFF_CHAT_ID=str(STAFF_CHAT),
                         DISCLOSURE_RATE_LIMIT="100",
                         DISCLOSURE_API_READ_TIMEOUT=str(READ_TIMEOUT))
    yield running
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


def test_receipt_exactly_once_under_429_on_answer_callback_query(bot: RunningBot) -> None:
    person, confirm, summary = summary_of(bot, 41001)
    bot.telegram.fail("flood", 3, method="answerCallbackQuery", retry_after=5)
    person.press(confirm, summary)
    assert wait_until(lambda: receipts(person) >= 1, timeout=20)
    assert wait_until(lambda: staff_notices(bot) >= 1, timeout=20)
    person.receive(5, timeout=7)  # the outbox's next pass sends nothing more
    assert receipts(person) == 1 and staff_notices(bot) == 1 and stored(bot.db) == 1


def test_killed_between_commit_and_send_the_restarted_bot_delivers_once(
        bot: RunningBot) -> None:
    person, confirm, summary = summary_of(bot, 41002)
    # Every send fails, so the receipt can only be in the outbox when the bot dies.
    bot.telegram.fail("error", 100_000, method="sendMessage")
    person.press(confirm, summary)
    assert wait_until(lambda: stored(bot.db) == 1, timeout=15)
    bot.restart(signal.SIGKILL)
    bot.telegram.clear_faults()
    assert wait_until(lambda: receipts(person) >= 1, timeout=30)
    assert wait_until(lambda: staff_notices(bot) >= 1, timeout=30)
    person.receive(5, timeout=7)
    assert receipts(person) == 1 and staff_notices(bot) == 1 and stored(bot.db) == 1


def test_a_slow_send_past_the_read_timeout_is_repeated_at_most_once(bot: RunningBot) -> None:
    person, confirm, summary = summary_of(bot, 41003)
    sends = bot.telegram.calls().get("sendMessage", 0)
    # Every sendMessage is done but answered after the bot's read timeout.
    bot.telegram.fail("slow", 20, method="sendMessage", delay=READ_TIMEOUT + 1)
    person.press(confirm, summary)
    assert wait_until(lambda: receipts(person) >= 1, timeout=30)
    person.receive(10, timeout=READ_TIMEOUT * 4 + 7)
    assert 1 <= receipts(person) <= 2  # at most one duplicate
    assert 1 <= staff_notices(bot) <= 2
    # Three messages (the receipt, the staff notice, and the alert that the receipt's
    # delivery could not be confirmed), each sent at most twice.
    assert bot.telegram.calls()["sendMessage"] - sends <= 3 * 2
    assert stored(bot.db) == 1


def test_a_send_answered_within_the_read_timeout_is_not_repeated(bot: RunningBot) -> None:
    person, confirm, summary = summary_of(bot, 41004)
    bot.telegram.fail("slow", 2, method="sendMessage", delay=READ_TIMEOUT / 2)
    person.press(confirm, summary)
    assert wait_until(lambda: receipts(person) >= 1, timeout=20)
    person.receive(5, timeout=7)
    assert receipts(person) == 1 and staff_notices(bot) == 1


def test_debug_logs_of_the_bot_process_hold_no_personal_data(botapi: BotApiServer,
                                                              tmp_path: Path) -> None:
    bot = RunningBot(botapi, tmp_path / "debug.db", groups=(STAFF_CHAT,),
                     DISCLOSURE_STAFF_CHAT_ID=str(STAFF_CHAT), DISCLOSURE_LOG_LEVEL="DEBUG")
    try:
        person, confirm, summary = summary_of(bot, 41005)
        person.press(confirm, summary)
        assert wait_until(lambda: receipts(person) >= 1, timeout=20)
        output = bot.process.output
        assert "DEBUG" in output and "sendMessage" in output
        for secret in ("张三", "11010519491231002X", "13812348000", "征收补偿方案", bot.token):
            assert secret not in output, secret
    finally:
        bot.stop()


def test_a_button_flood_is_cut_short_and_never_delays_anyone_else(bot: RunningBot) -> None:
    flooder = bot.telegram.person(41010, language_code="zh-hans")
    # A related topic's button under an answer: each press sends a new answer (a menu's
    # buttons would edit the menu in place instead).
    [menu] = flooder.say("申请要收费吗")
    target = next(d for d in person_buttons(menu) if d.startswith("t:"))
    for _ in range(300):
        flooder.press(target, menu)
    other = bot.telegram.person(41011, language_code="zh-hans")
    started = time.monotonic()
    other.say("申请要收费吗", timeout=10)
    assert time.monotonic() - started < 5
    flooder.receive(400, timeout=5)
    assert len(flooder.seen) <= 1 + 40  # the menu, then at most the button limit


def person_buttons(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", [])  # type: ignore[union-attr]
            for b in row if b.get("callback_data")]
