"""The double's HTTP side (tornado, which python-telegram-bot's webhooks extra brings):

- `/bot<token>/<method>`: the Bot API, for the bot under test;
- `/file/bot<token>/<file_path>`: file downloads, after getFile;
- `/_test/<token>/<operation>`: the person's side and the test's controls (see
  tests/botapi/client.py, which is the only thing meant to call them).

In webhook mode, a task per bot POSTs each update to the webhook URL, one at a time and
in order, with the secret token header, until the bot answers 2xx (retrying on failure).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import inspect
import json
import re
import threading
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

import httpx
from tornado.httpserver import HTTPServer
from tornado.httputil import HTTPServerRequest
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from tests.botapi import methods
from tests.botapi.methods import Params, Upload
from tests.botapi.model import ApiError, Bot, Chat, Fault, Json, bad_request, now

TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{1,100}")
CONFLICT_WEBHOOK = ("Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first")
CONFLICT_POLL = ("Conflict: terminated by other getUpdates request; make sure that only one "
                 "bot instance is running")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class World:
    """All bots of one server, and the webhook deliveries running for them."""

    def __init__(self, any_token: bool = True, webhook_retry: float = 0.2) -> None:
        self.bots: dict[str, Bot] = {}
        self.any_token = any_token  # else only registered tokens, others get 401
        self.webhook_retry = webhook_retry
        self._deliveries: dict[str, asyncio.Task[None]] = {}
        self._http: httpx.AsyncClient | None = None

    def bot(self, token: str, *, register: bool = False) -> Bot:
        if not TOKEN.fullmatch(token):
            raise ApiError(404, "Not Found")
        if token not in self.bots:
            if not (register or self.any_token):
                raise ApiError(401, "Unauthorized")
            self.bots[token] = Bot(token)
        return self.bots[token]

    def watch_webhook(self, bot: Bot) -> None:
        if bot.webhook is not None and bot.token not in self._deliveries:
            self._deliveries[bot.token] = asyncio.create_task(self._deliver(bot))

    async def _deliver(self, bot: Bot) -> None:
        failures = 0
        while True:
            await bot.updates_pulse.wait_for(lambda: bot.webhook is not None and bool(
                bot.updates), timeout=3600)
            if bot.webhook is None or not bot.updates:
                continue
            update, webhook = bot.updates[0], bot.webhook
            headers = {SECRET_HEADER: webhook["secret_token"]} if webhook["secret_token"] else {}
            if self._http is None:
                self._http = httpx.AsyncClient(timeout=10)
            try:
                response = await self._http.post(webhook["url"], json=update, headers=headers)
                error = None if response.is_success else (
                    f"Wrong response from the webhook: {response.status_code} "
                    f"{response.reason_phrase}")
            except httpx.HTTPError as exc:
                error = f"Connection failed: {type(exc).__name__}"
            if error is None:
                failures = 0
                if bot.updates and bot.updates[0] is update:
                    bot.updates.pop(0)
                continue
            failures += 1
            bot.webhook_error = (now(), error)
            await asyncio.sleep(min(self.webhook_retry * 2 ** (failures - 1), 5.0))

    async def close(self) -> None:
        for task in self._deliveries.values():
            task.cancel()
        for task in self._deliveries.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._http is not None:
            await self._http.aclose()


async def get_updates(bot: Bot, params: Params) -> list[Json]:
    """Long polling, with Telegram's offset, limit, timeout and allowed_updates."""
    if bot.webhook is not None:
        raise ApiError(409, CONFLICT_WEBHOOK)
    bot.polls += 1
    mine = bot.polls
    bot.updates_pulse.fire()  # an older poll still waiting ends with 409
    bot.confirm(params.number("offset", 0) or 0)
    allowed = params.parsed("allowed_updates")
    if isinstance(allowed, list):
        bot.allowed_updates = [str(kind) for kind in allowed]
    limit = min(max(params.number("limit", 100) or 100, 1), 100)
    timeout = float(params.get("timeout") or 0)
    await bot.updates_pulse.wait_for(
        lambda: bool(bot.updates) or bot.polls != mine or bot.webhook is not None, timeout)
    if bot.polls != mine:
        raise ApiError(409, CONFLICT_POLL)
    if bot.webhook is not None:
        raise ApiError(409, CONFLICT_WEBHOOK)
    return bot.updates[:limit]


def params_of(request: HTTPServerRequest) -> Params:
    values: dict[str, Any] = {key: items[-1].decode() for key, items
                              in request.query_arguments.items()}
    if request.headers.get("Content-Type", "").startswith("application/json") and request.body:
        try:
            body = json.loads(request.body)
        except ValueError:
            raise bad_request("can't parse JSON") from None
        if not isinstance(body, dict):
            raise bad_request("the request body must be a JSON object")
        values.update(body)
    else:
        values.update({key: items[-1].decode() for key, items
                       in request.body_arguments.items()})
    uploads = {name: Upload(files[0].filename, files[0].body, files[0].content_type)
               for name, files in request.files.items() if files}
    return Params(values, uploads)


class _Handler(RequestHandler):
    def initialize(self, world: World) -> None:
        self.world = world

    def answer(self, status: int, body: Json) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def check_xsrf_cookie(self) -> None:
        return None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.answer(status_code, {"ok": False, "error_code": status_code,
                                  "description": self._reason})


class BotApiHandler(_Handler):
    async def get(self, token: str, name: str) -> None:
        try:
            bot = self.world.bot(token)
        except ApiError as error:
            self.answer(error.code, error.body())
            return
        method = methods.canonical(name)
        if method is None:
            self.answer(404, ApiError(404, "Not Found").body())
            return
        bot.calls[method] += 1
        fault = bot.take_fault(method)
        if fault is not None and fault.kind == "drop":
            self.detach().close()
            return
        if fault is not None and fault.kind in ("flood", "error"):
            failure = ApiError(429, f"Too Many Requests: retry after {fault.retry_after}",
                             fault.retry_after) if fault.kind == "flood" else \
                ApiError(fault.status, "Internal Server Error" if fault.status == 500
                         else "Bad Gateway")
            self.answer(failure.code, failure.body())
            return
        try:
            params = params_of(self.request)
            if method == "getUpdates":
                result: Any = await get_updates(bot, params)
            else:
                result = methods.call(bot, method, params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.code, error.body()
        self.world.watch_webhook(bot)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)  # done, but the answer comes late
        self.answer(status, body)

    post = get


class FileHandler(_Handler):
    def get(self, token: str, path: str) -> None:
        bot = self.world.bots.get(token)
        stored = next((f for f in bot.files.values() if f.path == path), None) if bot else None
        if stored is None:
            self.answer(404, ApiError(404, "Not Found").body())
            return
        self.set_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.finish(stored.content)


Control = Callable[[World, Bot, Json], Any]
CONTROLS: dict[str, Control] = {}


def control(function: Control) -> Control:
    CONTROLS[function.__name__.removeprefix("control_")] = function
    return function


class ControlHandler(_Handler):
    async def post(self, token: str, operation: str) -> None:
        function = CONTROLS.get(operation)
        if function is None:
            self.answer(404, {"ok": False, "description": f"no control {operation!r}"})
            return
        try:
            bot = self.world.bot(token, register=True)
            body = json.loads(self.request.body or b"{}")
            result = function(self.world, bot, body)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            self.answer(400, {"ok": False, "description": error.description})
            return
        except (KeyError, TypeError, ValueError) as error:
            self.answer(400, {"ok": False, "description": f"{type(error).__name__}: {error}"})
            return
        self.answer(200, {"ok": True, "result": result})


class NotFoundHandler(_Handler):
    def get(self, *args: str) -> None:
        self.answer(404, ApiError(404, "Not Found").body())

    post = get


# the person's side and the test's controls ---------------------------------------------------
def _chat(bot: Bot, body: Json) -> Chat:
    user = body.get("user")
    chat_id = int(body.get("chat_id") or (user or {})["id"])
    return bot.open_chat(chat_id, body.get("chat_type") or (
        "private" if chat_id > 0 else "group"), body.get("title"), user if chat_id > 0 else None)


@control
def control_register(world: World, bot: Bot, body: Json) -> Json:
    bot.user.update({key: body[key] for key in ("username", "first_name") if key in body})
    return bot.me()


@control
def control_chat(world: World, bot: Bot, body: Json) -> Json:
    return _chat(bot, body).shape()


@control
def control_message(world: World, bot: Bot, body: Json) -> Json | Awaitable[Json]:
    chat = _chat(bot, body)
    fields: Json = {key: body[key] for key in ("text", "caption", "media_group_id",
                                                "entities") if body.get(key) is not None}
    media = body.get("media")
    if media:
        stored = bot.store_file(media["kind"], base64.b64decode(media.get("content", "")),
                                media.get("file_name"), media.get("mime_type"))
        fields.update(bot.media(stored))
    if not fields.get("text") and not media:
        raise bad_request("a message needs a text or a file")
    if body.get("reply_to"):
        target = chat.find(int(body["reply_to"]))
        if target is None:
            raise bad_request("message to be replied not found")
        fields["reply_to_message"] = {k: v for k, v in target.items() if k != "reply_to_message"}
    return _then_wait(chat, body, bot.person_message(body["user"], chat, **fields))


@control
def control_block(world: World, bot: Bot, body: Json) -> Json:
    chat = bot.chat(int(body["chat_id"]))
    chat.blocked = bool(body.get("blocked", True))
    return chat.shape()


@control
def control_edit(world: World, bot: Bot, body: Json) -> Json:
    return bot.person_edit(_chat(bot, body), int(body["message_id"]), str(body["text"]))


@control
def control_press(world: World, bot: Bot, body: Json) -> Json | Awaitable[Json]:
    chat = _chat(bot, body)
    return _then_wait(chat, body, bot.person_press(body["user"], chat, int(body["message_id"]),
                                                   str(body["data"])))


async def _wait(chat: Chat, n: int, timeout: float) -> list[Json]:
    """What the bot did in a chat that nobody there has read yet, once it sent or edited
    n messages (or when `timeout` seconds passed); it is then read."""
    def unread() -> int:
        return sum(1 for event in chat.events[chat.read:] if event["kind"] != "deleted")

    await chat.pulse.wait_for(lambda: unread() >= n, timeout)
    events, chat.read = chat.events[chat.read:], len(chat.events)
    return events


def _then_wait(chat: Chat, body: Json, done: Json) -> Json | Awaitable[Json]:
    """With "expect": {"n", "timeout"} in the body, a person's action also waits for the
    bot's answer, in the same request: {"done": <the action>, "events": [...]}."""
    expect = body.get("expect")
    if not expect:
        return done

    async def waited() -> Json:
        events = await _wait(chat, int(expect["n"]), float(expect["timeout"]))
        return {"done": done, "events": events}
    return waited()


@control
async def control_wait(world: World, bot: Bot, body: Json) -> Json:
    events = await _wait(bot.chat(int(body["chat_id"])), int(body.get("n", 1)),
                         float(body.get("timeout", 10)))
    return {"events": events}


@control
def control_history(world: World, bot: Bot, body: Json) -> list[Json]:
    return list(bot.chat(int(body["chat_id"])).messages.values())


@control
def control_answers(world: World, bot: Bot, body: Json) -> list[Json]:
    return bot.answers


@control
def control_commands(world: World, bot: Bot, body: Json) -> list[Json]:
    return [{"scope": json.loads(scope), "language_code": language, "commands": commands}
            for (scope, language), commands in bot.commands.items()]


@control
def control_profile(world: World, bot: Bot, body: Json) -> Json:
    return dict(bot.profile)


@control
def control_calls(world: World, bot: Bot, body: Json) -> dict[str, int]:
    return dict(bot.calls)


@control
def control_fault(world: World, bot: Bot, body: Json) -> list[Json]:
    if body.get("clear"):
        bot.faults.clear()
    else:
        bot.faults.append(Fault(**body))
    return [asdict(fault) for fault in bot.faults]


@control
def control_file(world: World, bot: Bot, body: Json) -> Json:
    stored = bot.file(str(body["file_id"]))
    return {**stored.shape(), "kind": stored.kind, "file_path": stored.path,
            "content": base64.b64encode(stored.content).decode()}


@control
def control_webhook(world: World, bot: Bot, body: Json) -> Json:
    info: Json = methods.get_webhook_info(bot, Params({}, {}))
    return info


def application(world: World) -> Application:
    args = {"world": world}
    return Application([
        (r"/bot([^/]*)/([^/]*)", BotApiHandler, args),
        (r"/file/bot([^/]+)/(.+)", FileHandler, args),
        (r"/_test/([^/]+)/(\w+)", ControlHandler, args),
        (r"/(.*)", NotFoundHandler, args),
    ], log_function=lambda handler: None)


class BotApiServer:
    """The double on 127.0.0.1, on its own event loop thread (`start()`, `stop()`, or a
    `with` block), or in the foreground (`serve()`, for `python -m tests.botapi`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, any_token: bool = True,
                 webhook_retry: float = 0.2) -> None:
        self.host, self.port = host, port
        self.world = World(any_token, webhook_retry)
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> BotApiServer:
        self._thread = threading.Thread(target=asyncio.run, args=(self.serve(),),
                                        name="botapi", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the Bot API double did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> BotApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def serve(self, on_ready: Callable[[], None] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        sockets = bind_sockets(self.port, self.host)
        self.port = int(sockets[0].getsockname()[1])
        server = HTTPServer(application(self.world))
        server.add_sockets(sockets)
        self._ready.set()
        if on_ready is not None:
            on_ready()
        try:
            await self._stop.wait()
        finally:
            server.stop()
            await self.world.close()

    def request_stop(self) -> None:
        """From the server's own loop (signal handlers)."""
        if self._stop is not None:
            self._stop.set()
