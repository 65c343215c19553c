"""Running the real bot process against the Bot API double (tests/botapi)."""

from __future__ import annotations

import itertools
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.botapi import AsyncTelegram, BotApiServer, Person, Telegram
from tests.helpers import wait_until

__all__ = [
    "VALID_ID",
    "AsyncTelegram",
    "BotApiServer",
    "Person",
    "Process",
    "Telegram",
    "bot_env",
    "cases",
    "cli",
    "finish_application",
    "free_port",
    "new_token",
    "start_application",
    "start_bot",
    "wait_until",
]

ROOT = Path(__file__).resolve().parents[2]
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


def bot_env(api: str, token: str, db: Path, **extra: str) -> dict[str, str]:
    """The bot's environment: the token, the double's URL (`api`), a database."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TELEGRAM_", "DISCLOSURE_"))}
    env.update({"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_BASE_URL": f"{api}/bot",
                "DISCLOSURE_DB": str(db), "PYTHONUNBUFFERED": "1",
                # The bot answers with the word ranking until the model has embedded
                # the phrasings in the background: pinned here, so a reply never depends
                # on how far that got (the model's decision is tested in tests/eval).
                "DISCLOSURE_SEMANTIC": "false"})
    env.update(extra)
    return env


def start_bot(api: str, token: str, db: Path, *args: str, **extra: str) -> Process:
    process = Process([sys.executable, "-m", "cli", "run", *args],
                      bot_env(api, token, db, **extra))
    if not process.wait_for(lambda line: "Bot started" in line, timeout=60):
        process.stop()
        raise RuntimeError(f"the bot did not start:\n{process.output}")
    return process


# The steps of an application, shared by the modules that need a filed case ---------
VALID_ID = "11010519491231002X"


def cases(db: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select number, user_id, status from cases order by id").fetchall()


def start_application(person: Person) -> None:
    person.say("/apply")
    person.tap("同意")
    person.tap("公民")
    person.say("张三")
    person.tap("居民身份证")


def finish_application(person: Person) -> None:
    person.say(VALID_ID)
    person.say("13812348000")
    person.tap("跳过")
    person.say("2025年新城区城中村改造项目的征收补偿方案")
    person.tap("跳过")
    person.tap("电子版")
    person.tap("网上")
    assert "请核对您的申请" in person.text


class RunningBot:
    """A bot process, its token's handle on the double, and its database."""

    def __init__(self, server: BotApiServer, db: Path, *args: str, groups: tuple[int, ...] = (),
                 **env: str) -> None:
        self.server, self.db, self.args, self.env = server, db, args, env
        self.telegram = Telegram(server.url, new_token())
        for group in groups:  # the bot was added to these groups (the staff group, say)
            self.telegram.chat(group, "group", f"group {group}")
        self.processes: list[Process] = []
        self.start()

    @property
    def token(self) -> str:
        return self.telegram.token

    @property
    def process(self) -> Process:
        return self.processes[-1]

    def start(self) -> Process:
        self.processes.append(start_bot(self.server.url, self.token, self.db, *self.args,
                                        **self.env))
        return self.process

    def restart(self, sig: int = signal.SIGTERM) -> Process:
        self.process.stop(sig)
        return self.start()

    def stop(self) -> None:
        for process in self.processes:
            process.stop()
        self.telegram.close()


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The `disclosure-bot` command line on a bot's database."""
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "DISCLOSURE_DB": str(db),
                               "DISCLOSURE_SEMANTIC": "false"})
