"""Where a running bot announces itself, so `kb reload` can find and signal it."""

from __future__ import annotations

import os
from pathlib import Path


def pid_file(db_path: Path) -> Path:
    return Path(db_path).parent / "disclosure-bot.pid"


def write_pid(db_path: Path) -> Path:
    path = pid_file(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(os.getpid()), encoding="utf-8")
    return path


def remove_pid(db_path: Path) -> None:
    path = pid_file(db_path)
    try:
        if path.read_text(encoding="utf-8").strip() == str(os.getpid()):
            path.unlink()
    except OSError:
        pass


def running_bot_pid(db_path: Path) -> int | None:
    try:
        pid = int(pid_file(db_path).read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid
