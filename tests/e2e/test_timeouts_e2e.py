"""Slow answers from the Bot API over real HTTP: a send whose answer comes after the
bot's read timeout (its outcome unknown) is repeated at most once; one answered within
it is not repeated."""

from __future__ import annotations

import pytest

from tests.e2e.delivery import (
    READ_TIMEOUT,
    receipts,
    staff_notices,
    stored,
    summary_of,
)
from tests.e2e.harness import RunningBot, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_slow_send_past_the_read_timeout_is_repeated_at_most_once(
        delivery_bot: RunningBot) -> None:
    person, confirm, summary = summary_of(delivery_bot, 41003)
    sends = delivery_bot.telegram.calls().get("sendMessage", 0)
    # Every sendMessage is done but answered after the bot's read timeout.
    delivery_bot.telegram.fail("slow", 20, method="sendMessage", delay=READ_TIMEOUT + 1)
    person.press(confirm, summary)
    assert wait_until(lambda: receipts(person) >= 1, timeout=30)
    person.receive(10, timeout=READ_TIMEOUT * 4 + 7)
    assert 1 <= receipts(person) <= 2  # at most one duplicate
    assert 1 <= staff_notices(delivery_bot) <= 2
    # Three messages (the receipt, the staff notice, and the alert that the receipt's
    # delivery could not be confirmed), each sent at most twice.
    assert delivery_bot.telegram.calls()["sendMessage"] - sends <= 3 * 2
    assert stored(delivery_bot.db) == 1


def test_a_send_answered_within_the_read_timeout_is_not_repeated(delivery_bot: RunningBot) -> None:
    person, confirm, summary = summary_of(delivery_bot, 41004)
    delivery_bot.telegram.fail("slow", 2, method="sendMessage", delay=READ_TIMEOUT / 2)
    person.press(confirm, summary)
    assert wait_until(lambda: receipts(person) >= 1, timeout=20)
    person.receive(5, timeout=7)
    assert receipts(person) == 1 and staff_notices(delivery_bot) == 1
