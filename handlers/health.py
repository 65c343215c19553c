"""A cheap health check for both modes: is the bot alive, and is it getting updates?

Polling: the request object that makes the getUpdates calls stamps each answered one;
healthy means a poll answered within the last POLL_STALE_SECONDS. Webhook: the
application is running (Telegram's side is seen with getWebhookInfo, not here). The
answer costs no Bot API call and no database query, so an orchestrator may ask often.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application
from telegram.request import HTTPXRequest
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

POLL_STALE_SECONDS = 90.0  # several long polls (10 s each) without an answer


@dataclass
class Health:
    mode: str
    started: float = field(default_factory=time.monotonic)
    last_poll: float | None = None

    def polled(self) -> None:
        self.last_poll = time.monotonic()

    def report(self, running: bool) -> tuple[int, dict[str, Any]]:
        now = time.monotonic()
        body: dict[str, Any] = {"mode": self.mode}
        healthy = running
        if self.mode == "polling":
            since = now - (self.last_poll if self.last_poll is not None else self.started)
            body["seconds_since_poll"] = round(since, 1)
            healthy = running and since < POLL_STALE_SECONDS
        body["status"] = "ok" if healthy else "unhealthy"
        return (200 if healthy else 503), body


class PollingRequest(HTTPXRequest):
    """The getUpdates connection, stamping the health record at each answered poll."""

    def __init__(self, health: Health, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.health = health

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        status, payload = await super().do_request(*args, **kwargs)
        if status == 200:
            self.health.polled()
        return status, payload


class HealthHandler(RequestHandler):
    def initialize(self, app: Application, health: Health) -> None:  # type: ignore[type-arg]
        self.app = app
        self.health = health

    def get(self) -> None:
        status, body = self.health.report(self.app.running)
        self.set_status(status)
        self.finish(body)


def health_server(app: Application, health: Health) -> HTTPServer:  # type: ignore[type-arg]
    return HTTPServer(WebApplication([("/healthz", HealthHandler,
                                       {"app": app, "health": health})]))
