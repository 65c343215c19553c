"""Where a running bot announces itself, so `kb reload` can find and signal it.

A pid alone is not proof: after a crash or a reboot the number may belong to an unrelated
process, which `kb reload` would then send SIGHUP. The file also holds the process's
start time (from /proc), and a pid is trusted only if the process with that pid started
at that time.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

PROC = Path("/proc")
MARKS = (b"disclosure-bot", b"cli")


def pid_file(db_path: Path) -> Path:
    return Path(db_path).parent / "disclosure-bot.pid"


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat);
    None where /proc is not available."""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _looks_like_the_bot(pid: int) -> bool:
    try:
        cmdline = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return not PROC.is_dir()  # no /proc: the start time check could not run either
    return any(mark in cmdline for mark in MARKS)


def write_pid(db_path: Path) -> Path:
    path = pid_file(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pid = os.getpid()
    path.write_text(f"{pid} {_start_time(pid) or ''}".strip(), encoding="utf-8")
    return path


def remove_pid(db_path: Path) -> None:
    path = pid_file(db_path)
    try:
        if path.read_text(encoding="utf-8").split()[0] == str(os.getpid()):
            path.unlink()
    except (OSError, IndexError):
        pass


def running_bot_pid(db_path: Path) -> int | None:
    """The running bot's pid, or None when there is none or the file is stale. With the
    start time recorded, pid and start time together name one process: the one that
    wrote the file. Without it (a file from an older version), the command line must be
    the bot's."""
    try:
        recorded = pid_file(db_path).read_text(encoding="utf-8").split()
        pid = int(recorded[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    started = _start_time(pid)
    if len(recorded) > 1 and started is not None:
        return pid if started == recorded[1] else None
    return pid if _looks_like_the_bot(pid) else None


def tell_running_bot_to_reload(db_path: Path, unless: int | None = None) -> int | None:
    """Send SIGHUP to the bot serving this database, unless its pid is `unless` (a desk
    running inside the bot shares its base and has reloaded it already). Returns the
    pid signalled, or None."""
    pid = running_bot_pid(db_path)
    if pid is None or pid == unless:
        return None
    os.kill(pid, signal.SIGHUP)
    return pid
