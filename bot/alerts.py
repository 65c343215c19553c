"""Telling staff about trouble once, not once per symptom: an outage of the Bot API (or
of anything the bot polls) is one alert when it starts and one when it ends, with the
reason; many staff notices at once become a digest."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

DIGEST_AFTER = 5  # more pending staff-chat notices than this go out as one digest


@dataclass(frozen=True)
class Recovery:
    reason: str
    seconds: float


class OutageMonitor:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._since: float | None = None
        self.reason = ""
        self.source = ""  # "polling" or "sending": what must work again to end it
        self.failures = 0

    @property
    def down(self) -> bool:
        return self._since is not None

    @property
    def since(self) -> float | None:
        return self._since

    def failed(self, reason: str, source: str = "sending") -> bool:
        """Record a failure; True only for the first one of an outage."""
        self.failures += 1
        if self._since is not None:
            return False
        self._since, self.reason, self.source = self._monotonic(), reason, source
        return True

    def recovered(self, source: str | None = None) -> Recovery | None:
        """Record a success (of `source`, or of anything); the outage it ends, if any. A
        poll that works does not end an outage of sending, nor the reverse."""
        if self._since is None or (source is not None and source != self.source):
            return None
        ended = Recovery(self.reason, self._monotonic() - self._since)
        self._since, self.reason, self.failures = None, "", 0
        return ended


def db_error_reason(error: BaseException) -> str | None:
    """What a database error means for whoever reads the log or the staff alert:
    read-only, disk full, malformed, locked, cannot open, I/O error; None when it is not
    a database error."""
    import sqlite3

    if not isinstance(error, sqlite3.Error):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    for marks, reason in ((("READONLY", "readonly", "read-only"), "read-only"),
                          (("FULL", "disk is full"), "disk full"),
                          (("CORRUPT", "NOTADB", "malformed", "not a database"), "malformed"),
                          (("BUSY", "LOCKED", "locked", "busy"), "locked"),
                          (("CANTOPEN", "unable to open"), "cannot open"),
                          (("IOERR", "disk i/o"), "I/O error")):
        if any(mark in name or mark in text for mark in marks):
            return reason
    return type(error).__name__
