"""The process killed (SIGKILL) in the middle of filing a case: nothing half-written,
the draft still there, the next confirm files the case with the first number."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from bot.clock import FixedClock, to_iso
from bot.services import Services
from tests.helpers import Resident, fill_application

ROOT = Path(__file__).resolve().parent.parent

CRASHING_CONFIRM = textwrap.dedent("""
    import os, signal, sys
    from bot.config import load_settings
    from bot.messages import Event
    from bot.clock import FixedClock, from_iso
    from bot.services import build_services

    clock = FixedClock(from_iso(sys.argv[3]))
    services = build_services(load_settings({}, matching__semantic=False,
                                            db_path=sys.argv[1]), clock=clock)
    db = services.repo.db
    real_execute = db.execute

    def execute(sql, *args, **kwargs):
        # Die inside the transaction, after the case row and before its first event.
        if sql.startswith("insert into case_events"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_execute(sql, *args, **kwargs)

    db.execute = execute
    services.assistant.handle(Event(user_id=42, chat_id=42, kind="button", data=sys.argv[2]))
    print("survived")
""")


def test_sigkill_during_case_creation_leaves_no_partial_case(services: Services,
                                                              clock: FixedClock) -> None:
    person = Resident(services.assistant, 42)
    fill_application(person)
    confirm = person.button("确认提交")
    process = subprocess.run([sys.executable, "-c", CRASHING_CONFIRM,
                              str(services.settings.db_path), confirm, to_iso(clock.now())],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert process.returncode == -signal.SIGKILL, process.stderr
    assert "survived" not in process.stdout
    repo = services.repo
    assert repo.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert repo.list_cases() == []
    assert repo.all("select * from counters") in ([], [{"kind": "application", "year": 2026,
                                                        "last": 0}])
    assert repo.draft(42, "apply") is not None  # the resident can still confirm
    person.press(confirm)
    assert "YSQ-2026-000001" in person.text
    assert len(repo.list_cases()) == 1
