from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from tests.e2e.harness import EMULATOR_DIR, Person, Process, new_token, start_bot, start_emulator

pytestmark = pytest.mark.e2e
_users = itertools.count(10_000)


@pytest.fixture(scope="session")
def emulator() -> Iterator[str]:
    if not (EMULATOR_DIR / "start").exists():
        pytest.fail(f"the Telegram emulator is not at {EMULATOR_DIR}; set TELEGRAM_EMULATOR_DIR")
    process, url = start_emulator()
    yield url
    process.stop()


@pytest.fixture(scope="module")
def running_bot(emulator: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[str, Process]]:
    """One bot process per test module, with staff ids and a staff chat configured."""
    token = new_token()
    db = tmp_path_factory.mktemp("bot") / "e2e.db"
    process = start_bot(emulator, token, db, DISCLOSURE_STAFF_IDS="700",
                        DISCLOSURE_ADMIN_IDS="900", DISCLOSURE_STAFF_CHAT_ID="-700",
                        DISCLOSURE_RATE_LIMIT="8")
    yield token, process
    process.stop()


@pytest.fixture
def person(emulator: str, running_bot: tuple[str, Process]) -> Callable[..., Person]:
    token, _ = running_bot

    def make(user_id: int | None = None, **kwargs: object) -> Person:
        return Person(emulator, token, user_id or next(_users), **kwargs)

    return make
