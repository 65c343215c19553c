"""SIGKILL at every step of filing a case, the commit and the send included: afterwards
the case is either not stored (and the resident can confirm again) or stored with its
receipt and staff notice on the way, and the restarted bot delivers each exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FixedClock, to_iso
from bot.config import Settings
from bot.matching.engine import AnswerEngine
from bot.services import Services, build_services
from handlers.app import build_application
from handlers.jobs import flush_outbox
from handlers.lifecycle import on_startup
from tests.handlers.conftest import Harness
from tests.helpers import Resident, fill_application
from tests.offline import OfflineRequest, Person

ROOT = Path(__file__).resolve().parent.parent.parent
RECEIPT = "申请已提交"
STAFF_NOTICE = "🆕 新"

# Files the case through the core and dies at the STEP-th database statement; step 0 is
# "after the commit, before anything was sent".
KILLED_CONFIRM = textwrap.dedent("""
    import os, signal, sys, types
    from bot.config import load_settings
    from bot.messages import Event
    from bot.clock import FixedClock, from_iso
    from bot.services import build_services

    db_path, confirm, moment, step = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    settings = load_settings({}, db_path=db_path, staff_ids="500", staff_chat_id="-1000")
    # Filing needs no matcher: a stand-in keeps the process quick to start.
    services = build_services(settings, clock=FixedClock(from_iso(moment)),
                              engine=types.SimpleNamespace(kb=None))
    db = services.repo.db
    real_execute = db.execute
    seen = 0

    def execute(sql, *args, **kwargs):
        global seen
        if sql.startswith(("BEGIN", "insert", "update", "delete", "select", "COMMIT")):
            seen += 1
            if seen == step:
                os.kill(os.getpid(), signal.SIGKILL)
        return real_execute(sql, *args, **kwargs)

    db.execute = execute
    services.assistant.handle(Event(user_id=42, chat_id=42, kind="button", data=confirm))
    print("statements", seen, file=sys.stderr)
    if step == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    print("survived")
""")


class JobContext:
    def __init__(self, harness: Harness) -> None:
        self.bot = harness.app.bot
        self.bot_data = harness.app.bot_data

    @property
    def services(self) -> Services:
        services: Services = self.bot_data["services"]
        return services


@pytest.fixture
async def restarted(settings: Settings, engine: AnswerEngine, clock: FixedClock
                    ) -> AsyncIterator[Harness]:
    """A bot started afresh on the same database (built lazily by `start`)."""
    started: list[Harness] = []

    async def start() -> Harness:
        services = build_services(settings, clock=clock, engine=engine)
        api = OfflineRequest()
        app = build_application(services, "123456:TEST-TOKEN", request=api,
                                get_updates_request=api, rate_limit=False, concurrent=False)
        await app.initialize()
        await on_startup(app)
        started.append(Harness(app, api, services))
        return started[-1]

    yield start  # type: ignore[misc]
    for harness in started:
        await harness.app.shutdown()
        harness.services.close()


# The confirm makes 16 statements: 1-3 read (language, draft, earlier submission);
# 4 BEGIN; 5-7 the number; 8 the case; 9 its event; 10 the draft; 11-12 the notices'
# reads; 13-14 the receipt and staff notice into the outbox; 15 COMMIT; 16 the read
# after it. 0 is after the core returned, before anything was sent. One step of each.
STEPS = {"before the transaction": 3, "at BEGIN": 4, "after the case row": 9,
         "composing the notices": 11, "between the two notices": 14, "at COMMIT": 15,
         "right after COMMIT": 16, "before sending": 0}


@pytest.mark.parametrize("step", list(STEPS.values()), ids=list(STEPS))
async def test_killed_at_any_step_every_stored_case_gets_one_receipt(
        step: int, services: Services, clock: FixedClock, restarted) -> None:  # type: ignore[no-untyped-def]
    person = Resident(services.assistant, 42)
    fill_application(person)
    confirm = person.button("确认提交")
    db_path = services.settings.db_path
    services.close()
    process = subprocess.run([sys.executable, "-c", KILLED_CONFIRM, str(db_path), confirm,
                              to_iso(clock.now()), str(step)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "survived" not in process.stdout, "the kill came after the filing"
    assert process.returncode == -signal.SIGKILL, process.stderr

    harness = await restarted()
    repo = harness.services.repo
    assert repo.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    cases = repo.list_cases()
    if cases:
        assert len(repo.pending_messages()) == 2  # receipt and staff notice, with the case
    else:
        assert repo.pending_messages() == [] and repo.draft(42, "apply") is not None
        await harness.feed(Person().press(harness.bot, confirm))  # the resident taps again
    await flush_outbox(JobContext(harness))  # type: ignore[arg-type]
    await flush_outbox(JobContext(harness))  # type: ignore[arg-type]
    assert len(repo.list_cases()) == 1
    receipts = [t for t in harness.api.texts(42) if RECEIPT in t]
    notices = [t for t in harness.api.texts(-1000) if STAFF_NOTICE in t]
    assert len(receipts) == 1 and "YSQ-2026-000001" in receipts[0]
    assert len(notices) == 1
    assert repo.pending_messages() == []
