"""Keeping one resident from drowning the bot: a sliding-window rate limit per user."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_TRACKED = 10_000


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self._monotonic = monotonic
        self._seen: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def check(self, user_id: int) -> tuple[bool, bool, int]:
        """(allowed, warn, seconds to wait): warn is True once per blocked stretch, so a
        flooding user gets one notice rather than one per message."""
        now = self._monotonic()
        if len(self._seen) > MAX_TRACKED:  # forget idle users so memory stays bounded
            self._forget_idle(now)
        seen = self._seen.setdefault(user_id, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) < self.limit:
            seen.append(now)
            self._warned.pop(user_id, None)
            return True, False, 0
        wait = max(1, int(self.window - (now - seen[0])) + 1)
        first_block = user_id not in self._warned
        self._warned[user_id] = now
        return False, first_block, wait

    def _forget_idle(self, now: float) -> None:
        idle = [u for u, seen in self._seen.items() if not seen or now - seen[-1] >= self.window]
        for user_id in idle:
            self._seen.pop(user_id, None)
            self._warned.pop(user_id, None)
