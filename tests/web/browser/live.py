"""The desk as the browser tests see it: its address and the services behind it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import FixedClock
from bot.services import Services


@dataclass
class LiveDesk:
    url: str
    services: Services
    clock: FixedClock
