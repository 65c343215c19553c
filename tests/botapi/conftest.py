from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot

from tests.botapi import BotApiServer, Telegram

_bot_ids = itertools.count(7_000_001)


@pytest.fixture(scope="module")
def server() -> Iterator[BotApiServer]:
    with BotApiServer() as running:
        yield running


@pytest.fixture
def token() -> str:
    """A fresh bot for each test: nothing leaks between tests."""
    return f"{next(_bot_ids)}:AAE-double-test_token"


@pytest.fixture
def telegram(server: BotApiServer, token: str) -> Iterator[Telegram]:
    client = Telegram(server.url, token)
    yield client
    client.close()


@pytest.fixture
async def bot(server: BotApiServer, token: str) -> AsyncIterator[Bot]:
    """python-telegram-bot's own client, pointed at the double."""
    async with Bot(token, base_url=f"{server.url}/bot",
                   base_file_url=f"{server.url}/file/bot") as client:
        yield client
