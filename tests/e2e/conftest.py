from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.delivery import start_delivery_bot
from tests.e2e.harness import BotApiServer, Person, RunningBot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def botapi() -> Iterator[BotApiServer]:
    """The Bot API double, on a free port of 127.0.0.1, for the whole session."""
    with BotApiServer() as server:
        yield server


@pytest.fixture(scope="module")
def running_bot(botapi: BotApiServer, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[RunningBot]:
    """One bot process per test module, with staff ids and a staff chat configured."""
    bot = RunningBot(botapi, tmp_path_factory.mktemp("bot") / "e2e.db", groups=(-700,),
                     DISCLOSURE_STAFF_IDS="700", DISCLOSURE_ADMIN_IDS="900",
                     DISCLOSURE_STAFF_CHAT_ID="-700", DISCLOSURE_RATE_LIMIT="8")
    yield bot
    bot.stop()


@pytest.fixture
def delivery_bot(botapi: BotApiServer, tmp_path: Path) -> Iterator[RunningBot]:
    """A bot process of its own per test, for the delivery tests (test_delivery_e2e.py,
    test_timeouts_e2e.py): they inject faults and kill it."""
    with start_delivery_bot(botapi, tmp_path) as running:
        yield running


@pytest.fixture
def person(running_bot: RunningBot) -> Callable[..., Person]:
    return running_bot.telegram.person
