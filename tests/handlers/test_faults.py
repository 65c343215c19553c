"""The Bot API misbehaving: 429 with retry_after, 5xx, time-outs. The bot keeps serving
and a confirmed case is stored once; its receipt arrives when the API recovers."""

from __future__ import annotations

import pytest
from telegram.error import TimedOut

import handlers.delivery
from handlers.jobs import flush_outbox
from tests.handlers.conftest import Harness, application_confirm_button
from tests.offline import Person, server_error, too_many_requests


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handlers.delivery, "SEND_BACKOFF_SECONDS", 0.001)


class _JobContext:
    """What a job callback reads: the bot and the services."""

    def __init__(self, harness: Harness) -> None:
        self.bot = harness.app.bot
        self.bot_data = harness.app.bot_data

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.bot_data["services"]


async def test_429_is_waited_out_and_the_reply_still_arrives(harness: Harness) -> None:
    harness.api.fail_next = [too_many_requests(1)]
    await harness.feed(Person().message(harness.bot, "申请要收费吗"))
    assert any("第四十二条" in t for t in harness.api.texts(42))
    assert harness.services.repo.pending_messages() == []


async def test_5xx_and_timeouts_are_retried(harness: Harness) -> None:
    harness.api.fail_next = [server_error(), TimedOut("slow")]
    await harness.feed(Person().message(harness.bot, "申请要收费吗"))
    assert any("第四十二条" in t for t in harness.api.texts(42))


async def test_bot_keeps_serving_after_an_outage(harness: Harness) -> None:
    person = Person()
    harness.api.fail_next = [server_error()] * 4
    await harness.feed(person.message(harness.bot, "申请要收费吗"))
    assert harness.api.texts(42) == []
    await harness.feed(person.message(harness.bot, "/help"))
    assert "使用方法" in harness.api.texts(42)[-1]


async def test_case_confirmed_during_an_outage_is_stored_once_and_receipt_follows(
        harness: Harness) -> None:
    person = Person()
    confirm = await application_confirm_button(harness, person)
    harness.api.clear()
    harness.api.fail_next = [server_error()] * 8
    await harness.feed(person.press(harness.bot, confirm))
    await harness.feed(person.press(harness.bot, confirm))  # the resident taps again
    assert len(harness.services.repo.list_cases()) == 1
    assert not any("申请已提交" in t for t in harness.api.texts(42))
    harness.api.fail_next = []
    await flush_outbox(_JobContext(harness))  # type: ignore[arg-type]
    receipts = [t for t in harness.api.texts(42) if "申请已提交" in t]
    assert len(receipts) == 1 and "YSQ-2026-000001" in receipts[0]
    assert harness.services.repo.pending_messages() == []


async def test_daily_duties_close_missed_corrections_and_remind_staff(harness: Harness) -> None:
    from handlers.jobs import daily_duties

    person = Person()
    confirm = await application_confirm_button(harness, person)
    await harness.feed(person.press(harness.bot, confirm))
    number = harness.services.repo.list_cases()[-1].number
    harness.services.workflow.request_correction(number, 500, "请写明年份")
    harness.services.clock.advance(days=40)  # type: ignore[attr-defined]
    harness.api.clear()
    await daily_duties(_JobContext(harness))  # type: ignore[arg-type]
    assert any("视为放弃" in t for t in harness.api.texts(42))
    assert harness.services.repo.case_by_number(number).status == "withdrawn"


async def test_daily_reminder_lists_cases_due_soon(harness: Harness) -> None:
    from handlers.jobs import daily_duties

    person = Person()
    confirm = await application_confirm_button(harness, person)
    await harness.feed(person.press(harness.bot, confirm))
    harness.services.clock.advance(days=26)  # type: ignore[attr-defined]
    harness.api.clear()
    await daily_duties(_JobContext(harness))  # type: ignore[arg-type]
    [reminder] = harness.api.texts(-1000)
    assert "每日提醒" in reminder and "YSQ-2026-000001" in reminder


async def test_daily_duties_forget_old_update_ids(harness: Harness) -> None:
    from handlers.jobs import daily_duties

    await harness.feed(Person().message(harness.bot, "/help"))
    repo = harness.services.repo
    assert repo.all("select count(*) as n from processed_updates") == [{"n": 1}]
    harness.services.clock.advance(days=3)  # type: ignore[attr-defined]
    await daily_duties(_JobContext(harness))  # type: ignore[arg-type]
    assert repo.all("select count(*) as n from processed_updates") == [{"n": 0}]
