"""An offline Bot API for handler tests: python-telegram-bot talks to it as to Telegram,
and it records every call so tests can read what the bot sent."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 777, "is_bot": True, "first_name": "Disclosure", "username": "DisclosureBot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


class OfflineRequest(BaseRequest):
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []  # requests that succeeded
        self.failed: list[tuple[str, dict[str, Any]]] = []
        self._message_ids = itertools.count(1000)
        # Faults to inject, one per request: an exception to raise, or (status, body).
        self.fail_next: list[Exception | tuple[int, dict[str, Any]]] = []

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if self.fail_next and endpoint not in ("getMe", "getUpdates"):
            self.failed.append((endpoint, params))
            fault = self.fail_next.pop(0)
            if isinstance(fault, Exception):
                raise fault
            status, body = fault
            return status, json.dumps(body).encode()
        self.calls.append((endpoint, params))
        result = self._result(endpoint, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT_USER
        if endpoint == "getUpdates":
            return []
        if endpoint in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText",
                        "sendVideo", "sendVoice", "sendAudio"):
            chat_id = int(params.get("chat_id", 0))
            message: dict[str, Any] = {
                "message_id": params.get("message_id") or next(self._message_ids),
                "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER, "text": params.get("text") or params.get("caption") or ""}
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        return True

    # reading what the bot did ----------------------------------------------------
    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [p for e, p in self.calls
                if e in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument",
                         "sendVideo", "sendVoice", "sendAudio")
                and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [str(p.get("text") or p.get("caption") or "") for p in self.sent(chat_id)]

    def calls_to(self, endpoint: str) -> list[dict[str, Any]]:
        return [p for e, p in self.calls if e == endpoint]

    def callback_answers(self) -> list[dict[str, Any]]:
        return [p for e, p in self.calls if e == "answerCallbackQuery"]

    def clear(self) -> None:
        self.calls.clear()


def too_many_requests(retry_after: int = 1) -> tuple[int, dict[str, Any]]:
    return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests",
                 "parameters": {"retry_after": retry_after}}


def server_error() -> tuple[int, dict[str, Any]]:
    return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}


def buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [(b["text"], b.get("callback_data") or b.get("url", ""))
            for row in markup.get("inline_keyboard", []) for b in row]


class Person:
    """Builds the updates a Telegram user would cause."""

    _update_ids = itertools.count(1)

    def __init__(self, user_id: int = 42, language_code: str | None = "zh-hans",
                 chat_id: int | None = None, chat_type: str = "private",
                 first_name: str = "小明") -> None:
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            self.user["language_code"] = language_code
        chat_id = chat_id if chat_id is not None else user_id
        self.chat = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            self.chat["title"] = "group"

    def _update(self, bot: Any, **payload: Any) -> Update:
        data = {"update_id": next(self._update_ids), **payload}
        update = Update.de_json(data, bot)
        assert update is not None
        return update

    def message(self, bot: Any, text: str | None = None, **extra: Any) -> Update:
        body: dict[str, Any] = {"message_id": next(self._update_ids), "date": int(time.time()),
                                "chat": self.chat, "from": self.user, **extra}
        if text is not None:
            body["text"] = text
            if text.startswith("/"):
                length = len(text.split()[0])
                body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._update(bot, message=body)

    def photo(self, bot: Any, file_id: str, *, album: str | None = None, caption: str = "",
              size: int = 50_000) -> Update:
        """A photo, on its own or as one part of an album (a media group)."""
        extra: dict[str, Any] = {"photo": [{"file_id": file_id, "file_unique_id": file_id,
                                            "width": 800, "height": 600,
                                            "file_size": size}]}
        if album:
            extra["media_group_id"] = album
        if caption:
            extra["caption"] = caption
        return self.message(bot, **extra)

    def document(self, bot: Any, file_id: str, name: str, mime: str,
                 size: int = 50_000) -> Update:
        return self.message(bot, document={"file_id": file_id, "file_unique_id": file_id,
                                           "file_name": name, "mime_type": mime,
                                           "file_size": size})

    def reply(self, bot: Any, text: str, to_message_id: int,
              to_user: dict[str, Any] | None = None) -> Update:
        """A message replying to an earlier one (the bot's, unless `to_user`)."""
        replied = {"message_id": to_message_id, "date": int(time.time()), "chat": self.chat,
                   "from": to_user or BOT_USER, "text": "..."}
        return self.message(bot, text, reply_to_message=replied)

    def edited(self, bot: Any, text: str) -> Update:
        body: dict[str, Any] = {"message_id": 1, "date": int(time.time()),
                                "edit_date": int(time.time()), "chat": self.chat,
                                "from": self.user, "text": text}
        if text.startswith("/"):  # Telegram marks commands in edits too
            body["entities"] = [{"type": "bot_command", "offset": 0,
                                 "length": len(text.split()[0])}]
        return self._update(bot, edited_message=body)

    def press(self, bot: Any, data: str, message_id: int = 1) -> Update:
        message = {"message_id": message_id, "date": int(time.time()), "chat": self.chat,
                   "from": BOT_USER, "text": "..."}
        query = {"id": str(next(self._update_ids)), "from": self.user, "chat_instance": "1",
                 "data": data, "message": message}
        return self._update(bot, callback_query=query)
