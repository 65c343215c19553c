"""Files residents sent (photos, documents), fetched from the Bot API by their file id
for front ends other than Telegram itself: the web desk shows them to staff.

Plain HTTPS calls (no python-telegram-bot in the core). Request URLs contain the token,
so nothing here logs them, and `bot.logs` keeps httpx's own request log quiet.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

DEFAULT_API = "https://api.telegram.org/bot"
MAX_BYTES = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB
TIMEOUT_SECONDS = 20.0


class FileUnavailable(Exception):
    """The file cannot be fetched: no token, gone from Telegram, or the API failed."""


@dataclass(frozen=True)
class FetchedFile:
    content: bytes
    path: str  # Telegram's file path, e.g. photos/file_3.jpg


def file_url_base(api_base: str) -> str:
    """`https://api.telegram.org/bot` -> `https://api.telegram.org/file/bot`; the same
    for a local Bot API server given as TELEGRAM_BASE_URL."""
    base = (api_base or DEFAULT_API).rstrip("/")
    root, _, _ = base.rpartition("/bot")
    return f"{root}/file/bot"


async def fetch_file(token: str, file_id: str, api_base: str = "",
                     transport: httpx.AsyncBaseTransport | None = None) -> FetchedFile:
    if not token or not file_id:
        raise FileUnavailable("no token or file id")
    api = (api_base or DEFAULT_API).rstrip("/")
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, transport=transport) as client:
        try:
            meta = await client.get(f"{api}{token}/getFile", params={"file_id": file_id})
            body = meta.json()
            path = str(body["result"]["file_path"]) if body.get("ok") else ""
            if not path:
                raise FileUnavailable("getFile refused")
            reply = await client.get(f"{file_url_base(api_base)}{token}/{path}")
            reply.raise_for_status()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise FileUnavailable(type(exc).__name__) from None
    if len(reply.content) > MAX_BYTES:
        raise FileUnavailable("too large")
    return FetchedFile(reply.content, path)
