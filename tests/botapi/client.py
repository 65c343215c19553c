"""The person's side of the double: residents and staff chatting with the bot under test,
and the test's controls (faults, counters, menus, callback answers).

    telegram = Telegram(server.url, token)
    resident = telegram.person(language_code="zh-hans")
    [reply] = resident.say("/start")            # sends, then waits for one bot message
    resident.tap("申请")                         # presses a button, waits for the answer
    staff_group = telegram.watch(-700)          # what the bot posts in the staff group
    telegram.fail("flood", method="sendMessage", retry_after=1)

Messages are Telegram Message dicts, as the bot itself received them back. `say`,
`command`, `tap` and `expect` wait for the bot; `send*`, `press`, `edit` and `reply_to`
do not. What the bot sends to a chat is read once, like a chat's unread messages:
`expect` and `receive` answer what nobody in that chat has read yet, whichever Person
object (or watcher) reads it.

Every operation is written once, as a generator of control calls; `Telegram` runs them
over blocking HTTP and `AsyncTelegram` over asyncio, so both speak the same protocol.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Generator
from typing import Any, TypeVar

import httpx

Json = dict[str, Any]
T = TypeVar("T")
Call = tuple[str, Json]  # a control operation and its body
Op = Generator[Call, Any, T]

WAIT = 15.0  # seconds a person waits for the bot's answer
_user_ids = itertools.count(10_000)
# The smallest well-formed files, so a bot that looks inside finds what the name says.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
                       "DwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DoubleError(AssertionError):
    """The double refused a control call: usually a test asking for something impossible
    (pressing a button that is not there, reading a chat that does not exist)."""


def buttons(message: Json) -> list[tuple[str, str]]:
    """[(label, callback_data or url), ...] of a message's inline keyboard, row by row."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b.get("text", ""), b.get("callback_data") or b.get("url") or "")
            for row in rows for b in row]


def _result(data: Json) -> Any:
    if not data.get("ok"):
        raise DoubleError(data.get("description", data))
    return data["result"]


class _Chat:
    """One chat as a person in it sees it; the operations, without any I/O."""

    def __init__(self, chat_id: int, user: Json | None, chat_type: str, title: str | None
                 ) -> None:
        self.chat_id, self.user, self.chat_type, self.title = chat_id, user, chat_type, title
        self.last: list[Json] = []  # the bot's messages from the last expect/receive
        self.seen: list[Json] = []  # all of them so far

    @property
    def user_id(self) -> int:
        return int(self._user()["id"])

    @property
    def text(self) -> str:
        """The texts (or captions) of the last messages, one per line."""
        return "\n".join(m.get("text") or m.get("caption") or "" for m in self.last)

    buttons = staticmethod(buttons)

    def _user(self) -> Json:
        if self.user is None:
            raise DoubleError("this reader only watches the chat; it cannot write")
        return self.user

    def _expecting(self, n: int, timeout: float) -> Json:
        return {"n": n, "timeout": timeout}

    def _took(self, result: Json, n: int | None, timeout: float) -> list[Json]:
        """Read what a wait answered; with n, fail unless n messages came."""
        got = [event["message"] for event in result["events"] if event["kind"] != "deleted"]
        self.last = got
        self.seen += got
        if n is not None and len(got) < n:
            raise AssertionError(f"expected {n} message(s) from the bot in chat "
                                 f"{self.chat_id} within {timeout} s, got {got}")
        return got

    def _receive(self, n: int, timeout: float, strict: bool = False) -> Op[list[Json]]:
        result = yield "wait", {"chat_id": self.chat_id, **self._expecting(n, timeout)}
        return self._took(result, n if strict else None, timeout)

    def _expect(self, n: int, timeout: float) -> Op[list[Json]]:
        return (yield from self._receive(n, timeout, strict=True))

    def _send(self, **fields: Any) -> Op[Json]:
        message: Json = yield "message", {"user": self._user(), "chat_id": self.chat_id,
                                          "chat_type": self.chat_type, "title": self.title,
                                          **fields}
        return message

    def _say(self, text: str, n: int, timeout: float) -> Op[list[Json]]:
        # One request: send, then wait for the answer (see "expect" in tests/botapi/server.py).
        result = yield from self._send(text=text, expect=self._expecting(n, timeout))
        return self._took(result, n, timeout)

    def _media(self, kind: str, content: bytes, **fields: Any) -> Op[Json]:
        media = {"kind": kind, "content": base64.b64encode(content).decode()}
        media.update({k: fields.pop(k) for k in ("file_name", "mime_type") if k in fields})
        return (yield from self._send(media=media, **fields))

    def _press(self, target: str, message: Json | None, **extra: Any) -> Op[Json]:
        """Press the button whose callback_data is `target`, or else whose label contains
        it, on `message` or else on the last messages received (newest first)."""
        candidates = [message] if message is not None else list(reversed(self.last))
        pairs = [(item, label, data) for item in candidates for label, data in buttons(item)]
        found = next(((item, data) for item, _, data in pairs if data == target), None) or \
            next(((item, data) for item, label, data in pairs if target in label), None)
        if found is None:
            raise AssertionError(f"no button {target!r} in {candidates[:3]}")
        item, data = found
        if data.startswith(("http://", "https://", "tg://")):
            raise AssertionError(f"button {target!r} opens {data}; it sends nothing to the bot")
        query: Json = yield "press", {"user": self._user(), "chat_id": self.chat_id,
                                      "message_id": item["message_id"], "data": data, **extra}
        return query

    def _tap(self, target: str, n: int, timeout: float) -> Op[list[Json]]:
        result = yield from self._press(target, None, expect=self._expecting(n, timeout))
        return self._took(result, n, timeout)


class Person(_Chat):
    """A resident or staff member, in a private chat with the bot or in a group (or only
    a reader of a chat, from `Telegram.watch`)."""

    def __init__(self, telegram: Telegram, chat_id: int, user: Json | None = None,
                 chat_type: str = "private", title: str | None = None) -> None:
        super().__init__(chat_id, user, chat_type, title)
        self.telegram = telegram

    def expect(self, n: int = 1, timeout: float = WAIT) -> list[Json]:
        """At least n unread messages (or edits) from the bot in this chat; fails otherwise."""
        return self.telegram.run(self._expect(n, timeout))

    def receive(self, n: int = 1, timeout: float = 2.0) -> list[Json]:
        """Whatever the bot sent here before n messages or the timeout: may be fewer."""
        return self.telegram.run(self._receive(n, timeout))

    def say(self, text: str, n: int = 1, timeout: float = WAIT) -> list[Json]:
        """Send a text (entities such as /commands and @mentions are found as Telegram
        finds them) and wait for n messages from the bot."""
        return self.telegram.run(self._say(text, n, timeout))

    command = say

    def send(self, text: str, **fields: Any) -> Json:
        return self.telegram.run(self._send(text=text, **fields))

    def reply_to(self, message: Json, text: str) -> Json:
        return self.telegram.run(self._send(text=text, reply_to=message["message_id"]))

    def edit(self, message: Json, text: str) -> Json:
        return self.telegram.run(self._edit(message, text))

    def _edit(self, message: Json, text: str) -> Op[Json]:
        edited: Json = yield "edit", {"chat_id": self.chat_id, "user": self._user(),
                                      "message_id": message["message_id"], "text": text}
        return edited

    def press(self, target: str, message: Json | None = None) -> Json:
        """Press a button (by callback_data or part of its label); the callback query."""
        return self.telegram.run(self._press(target, message))

    def tap(self, target: str, n: int = 1, timeout: float = WAIT) -> list[Json]:
        """Press a button and wait for n messages from the bot."""
        return self.telegram.run(self._tap(target, n, timeout))

    def send_photo(self, content: bytes = PNG, caption: str | None = None,
                   media_group_id: str | None = None) -> Json:
        return self.telegram.run(self._media("photo", content, caption=caption,
                                             media_group_id=media_group_id))

    def send_document(self, content: bytes = PDF, file_name: str = "evidence.pdf",
                      mime_type: str = "application/pdf", caption: str | None = None) -> Json:
        return self.telegram.run(self._media("document", content, file_name=file_name,
                                             mime_type=mime_type, caption=caption))

    def send_video(self, content: bytes = b"\x00\x00\x00\x18ftypmp42",
                   caption: str | None = None) -> Json:
        return self.telegram.run(self._media("video", content, mime_type="video/mp4",
                                             caption=caption))

    def send_voice(self, content: bytes = b"OggS\x00\x02") -> Json:
        return self.telegram.run(self._media("voice", content, mime_type="audio/ogg"))

    def send_album(self, n: int = 2, caption: str | None = None) -> list[Json]:
        """n photos sent together: n messages (n updates) with one media_group_id."""
        group = f"album-{self.chat_id}-{next(_user_ids)}"
        return [self.send_photo(PNG, caption if i == 0 else None, media_group_id=group)
                for i in range(n)]

    def block(self, blocked: bool = True) -> None:
        """Block the bot (or unblock it): its messages to this chat then get 403."""
        self.telegram.call("block", {"chat_id": self.chat_id, "blocked": blocked})

    def callback_answers(self) -> list[Json]:
        """What the bot answered to this person's button presses."""
        return [a for a in self.telegram.callback_answers() if a["user_id"] == self.user_id]

    def history(self) -> list[Json]:
        """The chat as it is now: everyone's messages, edits applied, deletions gone."""
        messages: list[Json] = self.telegram.call("history", {"chat_id": self.chat_id})
        return messages


class Telegram:
    """The test's handle on one bot token of a running double (blocking HTTP)."""

    def __init__(self, url: str, token: str, *, username: str | None = None) -> None:
        self.url, self.token = url.rstrip("/"), token
        self._http = httpx.Client(base_url=self.url, timeout=30)
        if username is not None:
            self.call("register", {"username": username})

    def call(self, operation: str, body: Json | None = None) -> Any:
        body = body or {}
        response = self._http.post(f"/_test/{self.token}/{operation}", json=body,
                                   timeout=float(body.get("timeout", 0)) + 30)
        return _result(response.json())

    def run(self, op: Op[T]) -> T:
        try:
            call = next(op)
            while True:
                call = op.send(self.call(*call))
        except StopIteration as done:
            result: T = done.value
            return result

    def close(self) -> None:
        self._http.close()

    # people and chats -------------------------------------------------------------------
    def person(self, user_id: int | None = None, *, first_name: str = "Tester",
               last_name: str | None = None, username: str | None = None,
               language_code: str | None = None, chat_id: int | None = None,
               chat_type: str | None = None, title: str | None = None) -> Person:
        """A person; in their private chat with the bot unless chat_id names a group."""
        user: Json = {"id": user_id or next(_user_ids), "is_bot": False,
                      "first_name": first_name}
        user.update({k: v for k, v in (("last_name", last_name), ("username", username),
                                       ("language_code", language_code)) if v})
        chat = chat_id or user["id"]
        kind = chat_type or ("private" if chat > 0 else "group")
        return Person(self, chat, user, kind, title)

    def chat(self, chat_id: int, chat_type: str = "group", title: str | None = None) -> Json:
        """Add the bot to a group (or supergroup), so that it can post there."""
        chat: Json = self.call("chat", {"chat_id": chat_id, "chat_type": chat_type,
                                        "title": title})
        return chat

    def watch(self, chat_id: int) -> Person:
        """A reader of what the bot posts in a chat (a staff group, say)."""
        return Person(self, chat_id, None, "private" if chat_id > 0 else "group")

    # what the bot did -------------------------------------------------------------------
    def me(self) -> Json:
        me: Json = self.call("register")
        return me

    def callback_answers(self) -> list[Json]:
        answers: list[Json] = self.call("answers")
        return answers

    def commands(self, scope: Json | None = None, language_code: str = "") -> list[Json]:
        """The command menu set for a scope (default: the default scope) and language."""
        wanted = scope or {"type": "default"}
        for menu in self.call("commands"):
            if menu["scope"] == wanted and menu["language_code"] == language_code:
                commands: list[Json] = menu["commands"]
                return commands
        return []

    def calls(self) -> dict[str, int]:
        """How many times the bot called each Bot API method (faulty answers included)."""
        calls: dict[str, int] = self.call("calls")
        return calls

    def file(self, file_id: str) -> bytes:
        return base64.b64decode(self.call("file", {"file_id": file_id})["content"])

    def webhook_info(self) -> Json:
        info: Json = self.call("webhook")
        return info

    def profile(self) -> Json:
        profile: Json = self.call("profile")
        return profile

    # faults -------------------------------------------------------------------------------
    def fail(self, kind: str, count: int = 1, *, method: str | None = None,
             retry_after: int = 1, status: int = 500, delay: float = 0.0) -> None:
        """The next `count` calls (of `method`, or any) fail: "flood" (429 with
        retry_after), "error" (HTTP status), "slow" (done, answered after `delay` s),
        "drop" (connection closed, nothing done)."""
        self.call("fault", {"kind": kind, "count": count, "method": method,
                            "retry_after": retry_after, "status": status, "delay": delay})

    def clear_faults(self) -> None:
        self.call("fault", {"clear": True})


class AsyncPerson(_Chat):
    """Person for asyncio code (load tests, the benchmark): the same operations."""

    def __init__(self, telegram: AsyncTelegram, chat_id: int, user: Json,
                 chat_type: str = "private", title: str | None = None) -> None:
        super().__init__(chat_id, user, chat_type, title)
        self.telegram = telegram

    async def expect(self, n: int = 1, timeout: float = WAIT) -> list[Json]:
        return await self.telegram.run(self._expect(n, timeout))

    async def receive(self, n: int = 1, timeout: float = 2.0) -> list[Json]:
        return await self.telegram.run(self._receive(n, timeout))

    async def say(self, text: str, n: int = 1, timeout: float = WAIT) -> list[Json]:
        return await self.telegram.run(self._say(text, n, timeout))

    async def send(self, text: str) -> Json:
        return await self.telegram.run(self._send(text=text))

    async def tap(self, target: str, n: int = 1, timeout: float = WAIT) -> list[Json]:
        return await self.telegram.run(self._tap(target, n, timeout))


class AsyncTelegram:
    """Telegram, over asyncio (httpx.AsyncClient)."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url.rstrip("/"), token
        limits = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)
        self._http = httpx.AsyncClient(base_url=self.url, timeout=30, limits=limits)

    async def call(self, operation: str, body: Json | None = None) -> Any:
        body = body or {}
        response = await self._http.post(f"/_test/{self.token}/{operation}", json=body,
                                         timeout=float(body.get("timeout", 0)) + 30)
        return _result(response.json())

    async def run(self, op: Op[T]) -> T:
        try:
            call = next(op)
            while True:
                call = op.send(await self.call(*call))
        except StopIteration as done:
            result: T = done.value
            return result

    async def aclose(self) -> None:
        await self._http.aclose()

    def person(self, user_id: int | None = None, *, first_name: str = "Tester",
               language_code: str | None = None) -> AsyncPerson:
        user: Json = {"id": user_id or next(_user_ids), "is_bot": False,
                      "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return AsyncPerson(self, user["id"], user)
