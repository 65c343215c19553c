"""Time: stored in UTC, shown in the office's zone (Asia/Shanghai).

A `Clock` is injected wherever "now" matters, so tests can pin it instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

OFFICE_ZONE = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self, zone: ZoneInfo = OFFICE_ZONE) -> None:
        self.zone = zone

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """The office's calendar date, which decides deadlines."""
        return self.now().astimezone(self.zone).date()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def local_date(self, moment: datetime) -> date:
        return self.local(moment).date()


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and reproducible runs."""

    def __init__(self, moment: datetime, zone: ZoneInfo = OFFICE_ZONE) -> None:
        super().__init__(zone)
        self.moment = moment.astimezone(UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def show(moment: datetime, zone: ZoneInfo = OFFICE_ZONE) -> str:
    """A UTC moment as the office reads it: '2026-11-26 12:31'."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
