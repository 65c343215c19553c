"""200 residents talking at once, questions and forms mixed, against the real bot."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import AsyncTTClient, Process, new_token, start_bot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
RESIDENTS, FILERS = 200, 40


@pytest.fixture(scope="module")
def load_bot(emulator: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[str, Path, Process]]:
    token = new_token()
    db = tmp_path_factory.mktemp("load") / "load.db"
    process = start_bot(emulator, token, db, DISCLOSURE_RATE_LIMIT="100")
    yield token, db, process
    process.stop()


async def _turn(client: AsyncTTClient, action: Any) -> list[dict[str, Any]]:
    await action
    replies: list[dict[str, Any]] = await client.wait_updates(1, timeout=60)
    assert replies, f"user {client.user_id} got no reply"
    return replies


async def _press(client: AsyncTTClient, replies: list[dict[str, Any]], part: str) -> list[
        dict[str, Any]]:
    for item in reversed(replies):
        for label, data in client.buttons(item):
            if part in (label or ""):
                return await _turn(client, client.press(item, data))
    raise AssertionError(f"no {part!r} button for user {client.user_id}")


async def _resident(emulator: str, token: str, index: int) -> int:
    client = AsyncTTClient(emulator, token=token, user_id=50_000 + index)
    try:
        await _turn(client, client.send_message("申请政府信息要收费吗"))
        if index >= FILERS:
            return 0
        replies = await _turn(client, client.send_command("/apply"))
        replies = await _press(client, replies, "同意")
        replies = await _press(client, replies, "公民")
        replies = await _turn(client, client.send_message("张三"))
        replies = await _press(client, replies, "居民身份证")
        for text in ("11010519491231002X", "13812348000"):
            replies = await _turn(client, client.send_message(text))
        replies = await _press(client, replies, "跳过")
        replies = await _turn(client, client.send_message("2025年新城区征收补偿方案全文"))
        replies = await _press(client, replies, "跳过")
        replies = await _press(client, replies, "电子版")
        replies = await _press(client, replies, "网上")
        replies = await _press(client, replies, "确认提交")
        assert any("申请已提交" in (r["message"].get("text") or "") for r in replies)
        return 1
    finally:
        await client.aclose()


def test_two_hundred_residents_at_once(emulator: str, load_bot: tuple[str, Path, Process]
                                       ) -> None:
    token, db, process = load_bot

    async def everyone() -> list[int]:
        return await asyncio.gather(*(_resident(emulator, token, i) for i in range(RESIDENTS)))

    filed = sum(asyncio.run(everyone()))
    assert filed == FILERS
    with sqlite3.connect(db) as conn:
        numbers = [row[0] for row in conn.execute("select number from cases")]
        questions = conn.execute("select count(*) from questions").fetchone()[0]
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    assert len(numbers) == len(set(numbers)) == FILERS
    assert questions >= RESIDENTS
    assert "database is locked" not in process.output
    assert "update failed" not in process.output
