"""/healthz: cheap, and honest about whether the bot is getting updates."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import httpx

from handlers.health import POLL_STALE_SECONDS, Health, health_server


@dataclass
class FakeApp:
    running: bool


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_polling_is_healthy_only_while_polls_are_answered() -> None:
    health = Health("polling")
    app = FakeApp(running=True)
    port = _port()
    server = health_server(app, health)  # type: ignore[arg-type]
    server.listen(port, "127.0.0.1")
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        async with httpx.AsyncClient() as client:
            health.polled()
            ok = await client.get(url)
            assert ok.status_code == 200 and ok.json()["status"] == "ok"
            assert health.last_poll is not None
            health.last_poll -= POLL_STALE_SECONDS + 1  # no poll answered for too long
            stale = await client.get(url)
            assert stale.status_code == 503 and stale.json()["mode"] == "polling"
            health.polled()
            app.running = False
            assert (await client.get(url)).status_code == 503
    finally:
        server.stop()


def test_webhook_mode_is_healthy_while_running() -> None:
    assert Health("webhook").report(True)[0] == 200
    assert Health("webhook").report(False)[0] == 503
