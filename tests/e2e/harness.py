"""Running the real bot process against the Telegram emulator (../shared/telegram-emulator)."""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EMULATOR_DIR = Path(os.environ.get("TELEGRAM_EMULATOR_DIR",
                                   ROOT.parent / "shared" / "telegram-emulator"))
sys.path.insert(0, str(EMULATOR_DIR))

from ttclient import AsyncTTClient as AsyncTTClient  # type: ignore[import-not-found]  # noqa: E402
from ttclient import TTClient  # type: ignore[import-not-found]  # noqa: E402

_tokens = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_token() -> str:
    return f"{100000 + os.getpid() % 1000 * 100 + next(_tokens)}:E2E-{os.getpid()}-token"


class Process:
    """A child process whose output is collected in the background."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path = ROOT) -> None:
        self.command = command
        self.lines: list[str] = []
        self.popen = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, bufsize=1,
                                      start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(predicate(line) for line in list(self.lines)):
                return True
            if self.popen.poll() is not None:
                time.sleep(0.1)
                return any(predicate(line) for line in list(self.lines))
            time.sleep(0.05)
        return False

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)


def start_emulator() -> tuple[Process, str]:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1"}
    process = Process([str(EMULATOR_DIR / "start")], env)
    if not process.wait_for(lambda line: line.startswith("listening"), timeout=180):
        process.stop()
        raise RuntimeError(f"the Telegram emulator did not start:\n{process.output}")
    return process, f"http://127.0.0.1:{port}"


def bot_env(emulator: str, token: str, db: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TELEGRAM_", "DISCLOSURE_"))}
    env.update({"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_BASE_URL": f"{emulator}/bot",
                "DISCLOSURE_DB": str(db), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def start_bot(emulator: str, token: str, db: Path, *args: str, **extra: str) -> Process:
    process = Process([sys.executable, "-m", "cli", "run", *args],
                      bot_env(emulator, token, db, **extra))
    if not process.wait_for(lambda line: "Bot started" in line, timeout=60):
        process.stop()
        raise RuntimeError(f"the bot did not start:\n{process.output}")
    return process


class Person(TTClient):  # type: ignore[misc]
    """A resident (or staff member) chatting through the emulator."""

    def __init__(self, emulator: str, token: str, user_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("first_name", "Tester")
        super().__init__(emulator, token=token, user_id=user_id, **kwargs)
        self.last: list[dict[str, Any]] = []

    def expect(self, n: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        self.last = self.wait_updates(n, timeout=timeout)
        assert len(self.last) >= n, f"expected {n} message(s), got {self.last}"
        return self.last

    def say(self, text: str, n: int = 1) -> list[dict[str, Any]]:
        if text.startswith("/"):
            self.send_command(text)
        else:
            self.send_message(text)
        return self.expect(n)

    def tap(self, label_part: str, n: int = 1) -> list[dict[str, Any]]:
        for item in reversed(self.last):
            for label, data in self.buttons(item):
                if label_part in (label or "") and data and not data.startswith("http"):
                    self.press(item, data)
                    return self.expect(n)
        raise AssertionError(f"no button with {label_part!r} in {self.last}")

    @property
    def text(self) -> str:
        return "\n".join(item["message"].get("text") or "" for item in self.last)


def wait_until(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll until `check()` returns something truthy; that value, or None on timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    return None
