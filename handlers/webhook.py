"""Webhook mode: a small HTTP server that takes Telegram's updates and answers health
checks. Updates without the right secret token header are refused before parsing."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

from bot.config import WebhookSettings
from handlers.health import Health, HealthHandler

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000


class _UpdateHandler(RequestHandler):
    def initialize(self, app: Application, secret: str) -> None:  # type: ignore[type-arg]
        self.app = app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        # An empty secret never matches: serve() refuses to start without one, and this
        # handler refuses everything should it ever be built without one.
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request with a wrong or missing secret token refused")
            self.set_status(403)
            self.finish({"ok": False, "description": "forbidden"})
            return
        update = self._parse()
        if update is None:
            log.warning("webhook request with a malformed update refused")
            self.set_status(400)
            self.finish({"ok": False, "description": "malformed update"})
            return
        await self.app.update_queue.put(update)
        self.finish({"ok": True})

    def _parse(self) -> Update | None:
        """The update in the body, or None for anything that is not one: invalid JSON,
        JSON that is not an object with a numeric update_id, or fields of the wrong shape
        (the library raises whatever its parsing meets, hence the broad catch)."""
        try:
            data: Any = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                return None
            return Update.de_json(data, self.app.bot)
        except Exception:
            return None


def web_application(app: Application, settings: WebhookSettings) -> WebApplication:  # type: ignore[type-arg]
    path = "/" + settings.path.strip("/")
    health = app.bot_data.get("health") or Health("webhook")
    secret = settings.secret_token.get_secret_value()
    return WebApplication([
        (path, _UpdateHandler, {"app": app, "secret": secret}),
        ("/healthz", HealthHandler, {"app": app, "health": health}),
    ])


async def serve(app: Application, settings: WebhookSettings) -> None:  # type: ignore[type-arg]
    """Run until SIGINT or SIGTERM: register the webhook, serve, shut down cleanly."""
    settings.require_secret()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server = HTTPServer(web_application(app, settings), max_body_size=MAX_BODY_BYTES)
    async with app:
        if settings.url:
            await app.bot.set_webhook(settings.url, allowed_updates=Update.ALL_TYPES,
                                      secret_token=settings.secret_token.get_secret_value()
                                      or None)
        await app.start()
        if app.post_init is not None:
            await app.post_init(app)
        server.listen(settings.port, settings.listen)
        log.info("webhook server listening on %s:%s", settings.listen, settings.port)
        await stop.wait()
        server.stop()
        await app.stop()
