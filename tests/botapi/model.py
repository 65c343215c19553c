"""What the double knows: per bot token, its chats and their messages, the update queue,
files, command menus, callback answers, faults to inject and a count of calls.

Everything here runs on the server's event loop thread; nothing does I/O. Messages and
updates are kept as Telegram-shaped dicts, ready to be sent as JSON.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

_ENTITIES = re.compile(
    r"(?P<bot_command>(?<![A-Za-z0-9_/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?"
    r"(?![A-Za-z0-9_/]))"
    r"|(?P<mention>(?<![A-Za-z0-9_@])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_]))"
    r"|(?P<url>https?://[^\s]+)")
# Telegram's file ids start with a few bytes that tell the kind of file.
_FILE_PREFIX = {"photo": "AgAC", "document": "BQAC", "video": "BAAC", "voice": "AwAC",
                "audio": "CQAC"}


class ApiError(Exception):
    """An answer with "ok": false, as Telegram gives it."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> Json:
        body: Json = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


def now() -> int:
    return int(time.time())


def utf16_len(text: str) -> int:
    """Entity offsets and lengths count UTF-16 code units, as Telegram's do."""
    return len(text.encode("utf-16-le")) // 2


def entities_of(text: str) -> list[Json]:
    """The entities Telegram's servers find in what a person typed."""
    found = []
    for match in _ENTITIES.finditer(text):
        kind = match.lastgroup or "url"
        found.append({"type": kind, "offset": utf16_len(text[:match.start()]),
                      "length": utf16_len(match.group())})
    return found


class Pulse:
    """Wakes everyone waiting for a change; each waiter then checks its own condition."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def fire(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_for(self, ready: Callable[[], bool], timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not ready():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait({waiter}, timeout=remaining)
            finally:
                self._waiters.discard(waiter)
        return True


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    kind: str
    content: bytes
    path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 1280
    family: list[str] = field(default_factory=list)  # a photo's sizes, smallest first

    def shape(self) -> Json:
        """The Telegram object for this file (Document, Video, ...; PhotoSize for photos)."""
        out: Json = {"file_id": self.file_id, "file_unique_id": self.unique_id,
                     "file_size": len(self.content)}
        if self.kind == "photo":
            out.update(width=self.width, height=self.width * 3 // 4)
        if self.kind in ("video", "voice", "audio"):
            out["duration"] = 3
        if self.kind == "video":
            out.update(width=640, height=480)
        if self.file_name and self.kind in ("document", "video", "audio"):
            out["file_name"] = self.file_name
        if self.mime_type and self.kind != "photo":
            out["mime_type"] = self.mime_type
        return out


@dataclass
class Fault:
    """One scripted misbehaviour for the next `count` calls (of `method`, or of any).

    kind: "flood" (429 with retry_after), "error" (HTTP `status`, 500 by default),
    "slow" (does the work, then answers after `delay` seconds) or "drop" (closes the
    connection without doing anything or answering)."""

    kind: str
    count: int = 1
    method: str | None = None
    retry_after: int = 1
    status: int = 500
    delay: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in ("flood", "error", "slow", "drop"):
            raise ValueError(f"unknown fault kind {self.kind!r}")


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    user: Json | None = None  # the other side of a private chat
    blocked: bool = False  # the person blocked the bot
    messages: dict[int, Json] = field(default_factory=dict)
    events: list[Json] = field(default_factory=list)  # what the bot did here, in order
    read: int = 0  # how many of the events the people in this chat have read
    pulse: Pulse = field(default_factory=Pulse)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def shape(self) -> Json:
        if self.type == "private" and self.user is not None:
            out: Json = {"id": self.id, "type": "private",
                         "first_name": self.user.get("first_name", "")}
            for key in ("last_name", "username"):
                if self.user.get(key):
                    out[key] = self.user[key]
            return out
        return {"id": self.id, "type": self.type, "title": self.title or f"Chat {self.id}"}

    def new_message(self, sender: Json, **fields: Any) -> Json:
        message: Json = {"message_id": next(self._ids), "from": sender, "date": now(),
                         "chat": self.shape()}
        message.update({key: value for key, value in fields.items() if value is not None})
        self.messages[message["message_id"]] = message
        return message

    def record(self, kind: str, message: Json) -> None:
        """Something the bot did that a person in this chat can see."""
        self.events.append({"kind": kind, "message": message})
        self.pulse.fire()

    def edited(self, message: Json) -> Json:
        """Store a new version of a message. Stored messages are never changed in place
        (an edit is a changed copy), so updates and events can share them safely."""
        message["edit_date"] = now()
        self.messages[message["message_id"]] = message
        return message

    def find(self, message_id: int) -> Json | None:
        return self.messages.get(message_id)


class Bot:
    """One bot token's world."""

    def __init__(self, token: str, username: str = "e2e_test_bot",
                 first_name: str = "Test Bot") -> None:
        self.token = token
        self.user: Json = {"id": int(token.split(":", 1)[0]), "is_bot": True,
                           "first_name": first_name, "username": username}
        self.chats: dict[int, Chat] = {}
        self.updates: list[Json] = []  # not yet confirmed by getUpdates' offset
        self.updates_pulse = Pulse()
        self._update_ids = itertools.count(1)
        self.allowed_updates: list[str] = []
        self.polls = 0  # getUpdates requests so far: a newer one ends the older one
        self.webhook: Json | None = None
        self.webhook_error: tuple[int, str] | None = None
        self.files: dict[str, StoredFile] = {}
        self._file_numbers = itertools.count(1)
        self.queries: dict[str, Json] = {}  # callback queries not answered yet
        self.answers: list[Json] = []
        self.commands: dict[tuple[str, str], list[Json]] = {}
        self.profile: dict[str, Any] = {}  # descriptions, names and menu buttons
        self.faults: list[Fault] = []
        self.calls: Counter[str] = Counter()

    def me(self) -> Json:
        return {**self.user, "can_join_groups": True, "can_read_all_group_messages": True,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    # chats ----------------------------------------------------------------------
    def chat(self, chat_id: int) -> Chat:
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def open_chat(self, chat_id: int, chat_type: str = "private", title: str | None = None,
                  user: Json | None = None) -> Chat:
        """The chat, created on first use (a person writing, a test adding the bot)."""
        if chat_type not in ("private", "group", "supergroup", "channel"):
            raise bad_request(f"unknown chat type {chat_type!r}")
        if (chat_type == "private") != (chat_id > 0):
            raise bad_request("private chats have positive ids, groups negative ones")
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = Chat(chat_id, chat_type, title, user)
        return chat

    # updates --------------------------------------------------------------------
    def add_update(self, kind: str, payload: Json) -> Json | None:
        if self.allowed_updates and kind not in self.allowed_updates:
            return None  # Telegram does not even create it
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self.updates_pulse.fire()
        return update

    def confirm(self, offset: int) -> None:
        """getUpdates' offset: updates before it are confirmed and forgotten."""
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    # files ----------------------------------------------------------------------
    def store_file(self, kind: str, content: bytes, file_name: str | None = None,
                   mime_type: str | None = None) -> StoredFile:
        """A new file; a photo also gets two smaller sizes, as Telegram makes them."""
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        extension = (mimetypes.guess_extension(mime_type or "") or ".bin").lstrip(".")
        family: list[str] = []
        for width in (90, 320, 1280) if kind == "photo" else (0,):
            stored = StoredFile(
                file_id=f"{_FILE_PREFIX.get(kind, 'BQAC')}AgIAAxkBAA{secrets.token_urlsafe(24)}",
                unique_id=f"AQAD{secrets.token_urlsafe(8)}", kind=kind,
                content=content,
                path=f"{kind}s/file_{next(self._file_numbers)}."
                     f"{'jpg' if kind == 'photo' else extension}",
                file_name=file_name, mime_type=mime_type, width=width, family=family)
            family.append(stored.file_id)
            self.files[stored.file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def media(self, stored: StoredFile) -> Json:
        """The message field for a file: {"photo": [sizes]} or {"document": {...}}..."""
        if stored.kind == "photo":
            return {"photo": [self.files[file_id].shape() for file_id in stored.family]}
        return {stored.kind: stored.shape()}

    # faults ---------------------------------------------------------------------
    def take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method in (None, method):
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # the person's side -------------------------------------------------------------
    def person_message(self, user: Json, chat: Chat, **fields: Any) -> Json:
        """A message a person sends; the bot gets it as an update."""
        user = {"is_bot": False, "first_name": "Tester", **user}
        for key, entities_key in (("text", "entities"), ("caption", "caption_entities")):
            if fields.get(key) and entities_key not in fields:
                fields[entities_key] = entities_of(fields[key]) or None
        message = chat.new_message(user, **fields)
        self.add_update("message", message)
        return message

    def person_edit(self, chat: Chat, message_id: int, text: str) -> Json:
        found = chat.find(message_id)
        if found is None or found["from"].get("is_bot"):
            raise bad_request("only a person's own message can be edited")
        message = dict(found)
        key = "text" if "text" in message else "caption"
        message[key] = text
        message.pop("entities" if key == "text" else "caption_entities", None)
        entities = entities_of(text)
        if entities:
            message["entities" if key == "text" else "caption_entities"] = entities
        self.add_update("edited_message", chat.edited(message))
        return message

    def person_press(self, user: Json, chat: Chat, message_id: int, data: str) -> Json:
        """A person pressing an inline button the bot put under one of its messages."""
        message = chat.find(message_id)
        if message is None or not message["from"].get("is_bot"):
            raise bad_request("no such message of the bot in this chat")
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        if not any(button.get("callback_data") == data for row in rows for button in row):
            raise bad_request(f"the message has no button with callback_data {data!r}")
        query_id = str(secrets.randbits(63))
        query: Json = {"id": query_id, "from": {"is_bot": False, **user},
                       "message": message,
                       "chat_instance": str(-abs(chat.id) * 7919 - 1), "data": data}
        self.queries[query_id] = query
        self.add_update("callback_query", query)
        return query
