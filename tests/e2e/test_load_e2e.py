"""200 residents talking at once, questions and forms mixed, against the real bot."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator

import pytest

from tests.e2e.harness import AsyncTelegram, BotApiServer, RunningBot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
RESIDENTS, FILERS = 200, 40


@pytest.fixture(scope="module")
def load_bot(botapi: BotApiServer, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[RunningBot]:
    bot = RunningBot(botapi, tmp_path_factory.mktemp("load") / "load.db",
                     DISCLOSURE_RATE_LIMIT="100")
    yield bot
    bot.stop()


async def _resident(telegram: AsyncTelegram, index: int) -> int:
    person = telegram.person(50_000 + index)
    await person.say("申请政府信息要收费吗", timeout=60)
    if index >= FILERS:
        return 0
    await person.say("/apply", timeout=60)
    for action, value in (("tap", "同意"), ("tap", "公民"), ("say", "张三"),
                          ("tap", "居民身份证"), ("say", "11010519491231002X"),
                          ("say", "13812348000"), ("tap", "跳过"),
                          ("say", "2025年新城区征收补偿方案全文"), ("tap", "跳过"),
                          ("tap", "电子版"), ("tap", "网上"), ("tap", "确认提交")):
        await (person.tap if action == "tap" else person.say)(value, timeout=60)
    assert "申请已提交" in person.text, f"user {person.user_id}: {person.last}"
    return 1


def test_two_hundred_residents_at_once(load_bot: RunningBot) -> None:
    async def everyone() -> list[int]:
        telegram = AsyncTelegram(load_bot.server.url, load_bot.token)
        try:
            return await asyncio.gather(*(_resident(telegram, i) for i in range(RESIDENTS)))
        finally:
            await telegram.aclose()

    filed = sum(asyncio.run(everyone()))
    assert filed == FILERS
    with sqlite3.connect(load_bot.db) as conn:
        numbers = [row[0] for row in conn.execute("select number from cases")]
        questions = conn.execute("select count(*) from questions").fetchone()[0]
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    assert len(numbers) == len(set(numbers)) == FILERS
    assert questions >= RESIDENTS
    assert "database is locked" not in load_bot.process.output
    assert "update failed" not in load_bot.process.output
