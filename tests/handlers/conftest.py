from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.services import Services
from handlers.app import build_application
from tests.offline import OfflineRequest


@dataclass
class Harness:
    app: Application  # type: ignore[type-arg]
    api: OfflineRequest
    services: Services

    @property
    def bot(self) -> Any:
        return self.app.bot

    async def feed(self, update: Update) -> None:
        await self.app.process_update(update)


@pytest.fixture
async def harness(services: Services) -> AsyncIterator[Harness]:
    api = OfflineRequest()
    app = build_application(services, "123456:TEST-TOKEN", request=api, get_updates_request=api,
                            rate_limit=False, concurrent=False)
    await app.initialize()
    services.assistant.bot_username = app.bot.username or ""
    yield Harness(app, api, services)
    await app.shutdown()
