"""Delivery over real HTTP: the bot process against the Bot API double with faults
injected. A stored case gets exactly one receipt and one staff notice whatever fails
(a 429 on the button answer, a kill between the commit and the send), the debug log holds
no personal data, and a button flood never delays anyone else. (Slow answers from the
Bot API: test_timeouts_e2e.py.)"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.e2e.delivery import (
    STAFF_CHAT,
    person_buttons,
    receipts,
    staff_notices,
    stored,
    summary_of,
)
from tests.e2e.harness import BotApiServer, RunningBot, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_receipt_exactly_once_under_429_on_answer_callback_query(delivery_bot: RunningBot) -> None:
    person, confirm, summary = summary_of(delivery_bot, 41001)
    delivery_bot.telegram.fail("flood", 3, method="answerCallbackQuery", retry_after=5)
    person.press(confirm, summary)
    assert wait_until(lambda: receipts(person) >= 1, timeout=20)
    assert wait_until(lambda: staff_notices(delivery_bot) >= 1, timeout=20)
    person.receive(5, timeout=7)  # the outbox's next pass sends nothing more
    assert receipts(person) == 1 and staff_notices(delivery_bot) == 1
    assert stored(delivery_bot.db) == 1


def test_killed_between_commit_and_send_the_restarted_bot_delivers_once(
        delivery_bot: RunningBot) -> None:
    person, confirm, summary = summary_of(delivery_bot, 41002)
    # Every send fails, so the receipt can only be in the outbox when the bot dies.
    delivery_bot.telegram.fail("error", 100_000, method="sendMessage")
    person.press(confirm, summary)
    assert wait_until(lambda: stored(delivery_bot.db) == 1, timeout=15)
    delivery_bot.restart(signal.SIGKILL)
    delivery_bot.telegram.clear_faults()
    assert wait_until(lambda: receipts(person) >= 1, timeout=30)
    assert wait_until(lambda: staff_notices(delivery_bot) >= 1, timeout=30)
    person.receive(5, timeout=7)
    assert receipts(person) == 1 and staff_notices(delivery_bot) == 1
    assert stored(delivery_bot.db) == 1


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


def test_a_button_flood_is_cut_short_and_never_delays_anyone_else(delivery_bot: RunningBot) -> None:
    flooder = delivery_bot.telegram.person(41010, language_code="zh-hans")
    # A related topic's button under an answer: each press sends a new answer (a menu's
    # buttons would edit the menu in place instead).
    [menu] = flooder.say("申请要收费吗")
    target = next(d for d in person_buttons(menu) if d.startswith("t:"))
    for _ in range(300):
        flooder.press(target, menu)
    other = delivery_bot.telegram.person(41011, language_code="zh-hans")
    started = time.monotonic()
    other.say("申请要收费吗", timeout=10)
    assert time.monotonic() - started < 5
    flooder.receive(400, timeout=5)
    assert len(flooder.seen) <= 1 + 40  # the menu, then at most the button limit
