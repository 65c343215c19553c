"""The per-user rate limit, with a fake clock."""

from __future__ import annotations

from bot.chat import guard
from bot.chat.guard import RateLimiter


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_one_notice_per_blocked_stretch_then_allowed_again() -> None:
    ticks = Ticks()
    limiter = RateLimiter(2, 60, ticks)
    assert limiter.check(1)[0] and limiter.check(1)[0]
    assert limiter.check(1) == (False, True, 61)
    assert limiter.check(1)[:2] == (False, False)
    ticks.now = 61
    assert limiter.check(1) == (True, False, 0)


def test_idle_users_are_forgotten_even_if_nobody_is_blocked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(guard, "MAX_TRACKED", 50)
    ticks = Ticks()
    limiter = RateLimiter(20, 60, ticks)
    for user in range(200):
        limiter.check(user)
        ticks.now += 1
    assert len(limiter._seen) <= 61  # the users of the last minute, not all 200
