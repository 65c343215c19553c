"""The Bot API methods the double answers, each a function of the bot and the request's
parameters that returns the `result` or raises ApiError. getUpdates, which waits, lives
in the server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, ClassVar

from tests.botapi.model import ApiError, Bot, Chat, Json, bad_request, now, utf16_len

MAX_TEXT, MAX_CAPTION, MAX_CALLBACK_DATA = 4096, 1024, 64
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


@dataclass
class Upload:
    """A file sent in a multipart/form-data request."""

    filename: str
    content: bytes
    content_type: str


class Params:
    """A request's parameters. Telegram takes them from the query string, a JSON body, a
    form or a multipart body; in all but JSON every value is a string, and clients
    (python-telegram-bot among them) also send JSON-encoded strings inside JSON bodies."""

    def __init__(self, values: Mapping[str, Any], uploads: Mapping[str, Upload]) -> None:
        self.values = dict(values)
        self.uploads = dict(uploads)

    def __contains__(self, name: str) -> bool:
        return self.values.get(name) is not None

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None else str(value)

    def need(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def number(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"field \"{name}\" must be of type Integer") from None

    def need_number(self, name: str) -> int:
        value = self.number(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        return value is True or (isinstance(value, str) and value.lower() == "true")

    def parsed(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def file(self, bot: Bot, name: str, kind: str) -> Json:
        """A file parameter: an upload (multipart field, or attach://<field>) or the
        file_id of a file this bot has seen; answers the message field for it."""
        reference = self.get(name)
        upload = self.uploads.get(name)
        if reference and reference.startswith("attach://"):
            upload = self.uploads.get(reference.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file {reference} not found in the request")
        if upload is not None:
            stored = bot.store_file(kind, upload.content, upload.filename,
                                    None if upload.content_type == "application/octet-stream"
                                    else upload.content_type)
            return bot.media(stored)
        if not reference:
            raise bad_request(f"there is no {name} in the request")
        if reference.startswith(("http://", "https://")):
            raise bad_request("wrong file identifier/HTTP URL specified "
                              "(the double does not fetch URLs)")
        stored = bot.file(reference)
        if stored.kind != kind:
            raise bad_request("type of file mismatch")
        return bot.media(stored)


Method = Callable[[Bot, Params], Any]
METHODS: dict[str, Method] = {}


def method(function: Method) -> Method:
    name = re.sub(r"_(\w)", lambda m: m.group(1).upper(), function.__name__.strip("_"))
    METHODS[name] = function
    return function


def canonical(name: str) -> str | None:
    """Telegram's method names are case-insensitive."""
    if not _CANONICAL:
        _CANONICAL.update({known.lower(): known for known in (*METHODS, "getUpdates")})
    return _CANONICAL.get(name.lower())


_CANONICAL: dict[str, str] = {}


# parts ----------------------------------------------------------------------------------
def chat_of(bot: Bot, params: Params) -> Chat:
    value = params.get("chat_id")
    if not value:
        raise bad_request("chat_id is empty")
    try:
        chat = bot.chat(int(value))
    except ValueError:
        raise bad_request("chat not found") from None
    if chat.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def inline_keyboard(params: Params) -> Json | None:
    """reply_markup, checked as Telegram checks inline keyboards; other kinds (reply
    keyboards, ForceReply, removal) are accepted and not kept in the returned message."""
    markup = params.parsed("reply_markup")
    if not markup:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an "
                          "Array of Arrays")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text is empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            if not any(key in button for key in ("callback_data", "url", "web_app",
                                                  "login_url", "switch_inline_query",
                                                  "switch_inline_query_current_chat",
                                                  "copy_text", "pay", "callback_game")):
                raise bad_request("can't parse inline keyboard button: Text buttons are "
                                  "unallowed in the inline keyboard")
            if "url" in button and not str(button["url"]).startswith(("http", "tg://")):
                raise bad_request("BUTTON_URL_INVALID")
    return {"inline_keyboard": rows}


class _Html(HTMLParser):
    """Telegram's HTML parse mode: the text without tags, and the entities they make."""

    TAGS: ClassVar[dict[str, str]] = {
            "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
            "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
            "del": "strikethrough", "code": "code", "pre": "pre", "a": "text_link",
            "tg-spoiler": "spoiler", "blockquote": "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[Json] = []
        self.open: list[tuple[str, int, Json]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and ("class", "tg-spoiler") in attrs:
            tag = "tg-spoiler"
        if tag not in self.TAGS:
            raise bad_request(f"can't parse entities: Unsupported start tag \"{tag}\"")
        entity: Json = {"type": self.TAGS[tag]}
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise bad_request("can't parse entities: the link has no href")
            entity["url"] = href
        self.open.append((tag, utf16_len(self.text), entity))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.open and self.open[-1][0] == "tg-spoiler":
            tag = "tg-spoiler"
        if not self.open or self.open[-1][0] != tag:
            raise bad_request(f"can't parse entities: Unexpected end tag \"{tag}\"")
        _, start, entity = self.open.pop()
        length = utf16_len(self.text) - start
        if length:
            self.entities.append({**entity, "offset": start, "length": length})

    def handle_data(self, data: str) -> None:
        self.text += data


def formatted(params: Params, key: str, limit: int) -> tuple[str | None, list[Json] | None]:
    """A text or caption and its entities, from parse_mode or the given entities."""
    text = params.get(key)
    if text is None:
        return None, None
    entities = params.parsed("entities" if key == "text" else "caption_entities")
    mode = (params.get("parse_mode") or "").lower()
    if mode == "html":
        parser = _Html()
        parser.feed(text)
        parser.close()
        if parser.open:
            raise bad_request("can't parse entities: Can't find end tag corresponding to "
                              f"start tag \"{parser.open[-1][0]}\"")
        text, entities = parser.text, sorted(parser.entities, key=lambda e: e["offset"])
    elif mode not in ("", "markdown", "markdownv2"):
        raise bad_request(f"unsupported parse_mode {params.get('parse_mode')}")
    # Markdown modes are taken as plain text: the double does not parse them.
    if len(text.strip()) == 0 and key == "text":
        raise bad_request("message text is empty")
    if len(text) > limit:
        raise bad_request("message is too long" if key == "text"
                          else "message caption is too long")
    return text, entities or None


def reply_target(chat: Chat, params: Params) -> Json | None:
    reply = params.parsed("reply_parameters") or {}
    message_id = reply.get("message_id") or params.number("reply_to_message_id")
    if not message_id:
        return None
    target = chat.find(int(message_id))
    if target is None:
        if reply.get("allow_sending_without_reply") or params.flag(
                "allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return {key: value for key, value in target.items() if key != "reply_to_message"}


def bot_message(bot: Bot, chat: Chat, params: Params, **fields: Any) -> Json:
    message = chat.new_message(bot.user, reply_to_message=reply_target(chat, params),
                               **fields, reply_markup=inline_keyboard(params))
    chat.record("sent", message)
    return message


def bot_message_in(bot: Bot, params: Params) -> tuple[Chat, Json]:
    if "inline_message_id" in params:
        raise bad_request("inline messages are not supported by the double")
    chat = chat_of(bot, params)
    message = chat.find(params.need_number("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != bot.user["id"]:
        raise bad_request("message can't be edited")
    return chat, dict(message)  # edited as a copy: see Chat.edited


def scope_key(params: Params) -> tuple[str, str]:
    scope = params.parsed("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), params.get("language_code") or ""


# methods ----------------------------------------------------------------------------------
@method
def get_me(bot: Bot, params: Params) -> Json:
    return bot.me()


@method
def send_message(bot: Bot, params: Params) -> Json:
    chat = chat_of(bot, params)
    text, entities = formatted(params, "text", MAX_TEXT)
    if text is None:
        raise bad_request("message text is empty")
    preview = params.parsed("link_preview_options")
    return bot_message(bot, chat, params, text=text, entities=entities,
                       link_preview_options=preview if isinstance(preview, dict) else None)


def _send_file(kind: str) -> Method:
    def send(bot: Bot, params: Params) -> Json:
        chat = chat_of(bot, params)
        media = params.file(bot, kind, kind)
        caption, entities = formatted(params, "caption", MAX_CAPTION)
        return bot_message(bot, chat, params, **media, caption=caption,
                           caption_entities=entities)
    send.__name__ = f"send_{kind}"
    return send


for _kind in ("photo", "document", "video", "voice", "audio"):
    method(_send_file(_kind))


@method
def send_media_group(bot: Bot, params: Params) -> list[Json]:
    chat = chat_of(bot, params)
    items = params.parsed("media")
    if not isinstance(items, list) or not 2 <= len(items) <= 10:
        raise bad_request("wrong number of media in the album: 2 to 10 are allowed")
    kinds = {item.get("type") for item in items if isinstance(item, dict)}
    if len(kinds) > 1 and kinds & {"document", "audio"}:
        raise bad_request("documents and audio can't be mixed with other media types")
    group_id = str(now() * 1000 + len(chat.messages))
    sent = []
    for item in items:
        kind = item.get("type")
        if kind not in ("photo", "video", "document", "audio"):
            raise bad_request(f"unsupported media type {kind!r} in the album")
        one = Params({"media": item.get("media"), "caption": item.get("caption"),
                      "parse_mode": item.get("parse_mode"),
                      "caption_entities": item.get("caption_entities")}, params.uploads)
        media = one.file(bot, "media", kind)
        caption, entities = formatted(one, "caption", MAX_CAPTION)
        message = chat.new_message(bot.user, **media, caption=caption,
                                   caption_entities=entities, media_group_id=group_id,
                                   reply_to_message=reply_target(chat, params))
        chat.record("sent", message)
        sent.append(message)
    return sent


@method
def get_file(bot: Bot, params: Params) -> Json:
    file_id = params.need("file_id")
    stored = bot.files.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
            "file_size": len(stored.content), "file_path": stored.path}


@method
def edit_message_text(bot: Bot, params: Params) -> Json:
    chat, message = bot_message_in(bot, params)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = formatted(params, "text", MAX_TEXT)
    if text is None:
        raise bad_request("message text is empty")
    markup = inline_keyboard(params)
    if (text, entities, markup) == (message["text"], message.get("entities"),
                                    message.get("reply_markup")):
        raise bad_request("message is not modified: specified new message content and reply "
                          "markup are exactly the same as a current content and reply markup "
                          "of the message")
    message["text"] = text
    for key, value in (("entities", entities), ("reply_markup", markup)):
        if value is None:
            message.pop(key, None)  # an edit without a keyboard removes it, as on Telegram
        else:
            message[key] = value
    chat.record("edited", chat.edited(message))
    return message


@method
def edit_message_caption(bot: Bot, params: Params) -> Json:
    chat, message = bot_message_in(bot, params)
    caption, entities = formatted(params, "caption", MAX_CAPTION)
    for key, value in (("caption", caption), ("caption_entities", entities),
                       ("reply_markup", inline_keyboard(params))):
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    chat.record("edited", chat.edited(message))
    return message


@method
def edit_message_reply_markup(bot: Bot, params: Params) -> Json:
    chat, message = bot_message_in(bot, params)
    markup = inline_keyboard(params)
    if markup == message.get("reply_markup"):
        raise bad_request("message is not modified: specified new message content and reply "
                          "markup are exactly the same as a current content and reply markup "
                          "of the message")
    if markup is None:
        message.pop("reply_markup", None)
    else:
        message["reply_markup"] = markup
    chat.record("edited", chat.edited(message))
    return message


@method
def delete_message(bot: Bot, params: Params) -> bool:
    chat = chat_of(bot, params)
    message = chat.messages.pop(params.need_number("message_id"), None)
    if message is None:
        raise bad_request("message to delete not found")
    chat.record("deleted", message)
    return True


@method
def answer_callback_query(bot: Bot, params: Params) -> bool:
    query = bot.queries.pop(params.need("callback_query_id"), None)
    if query is None:
        raise bad_request("query is too old and response timeout expired or query ID is "
                          "invalid")
    text = params.get("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    bot.answers.append({"callback_query_id": query["id"], "user_id": query["from"]["id"],
                        "data": query.get("data"), "text": text,
                        "show_alert": params.flag("show_alert"), "url": params.get("url"),
                        "cache_time": params.number("cache_time", 0)})
    return True


@method
def send_chat_action(bot: Bot, params: Params) -> bool:
    chat_of(bot, params)
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@method
def set_my_commands(bot: Bot, params: Params) -> bool:
    commands = params.parsed("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = scope_key(params)
    scope = json.loads(key[0])
    if "chat_id" in scope:
        bot.chat(int(scope["chat_id"]))  # "chat not found" for a user who never wrote
    bot.commands[key] = [{"command": c["command"], "description": c["description"]}
                         for c in commands]
    return True


@method
def get_my_commands(bot: Bot, params: Params) -> list[Json]:
    return bot.commands.get(scope_key(params), [])


@method
def delete_my_commands(bot: Bot, params: Params) -> bool:
    bot.commands.pop(scope_key(params), None)
    return True


def _profile_setting(field_name: str, limit: int) -> tuple[Method, Method]:
    def setter(bot: Bot, params: Params) -> bool:
        value = params.get(field_name) or ""
        if len(value) > limit:
            raise bad_request(f"{field_name} is too long")
        bot.profile[f"{field_name}:{params.get('language_code') or ''}"] = value
        return True

    def getter(bot: Bot, params: Params) -> Json:
        return {field_name: bot.profile.get(f"{field_name}:{params.get('language_code') or ''}",
                                            bot.user["first_name"] if field_name == "name"
                                            else "")}
    suffix = {"description": "description", "short_description": "short_description",
              "name": "name"}[field_name]
    setter.__name__, getter.__name__ = f"set_my_{suffix}", f"get_my_{suffix}"
    return setter, getter


for _field, _limit in (("description", 512), ("short_description", 120), ("name", 64)):
    for _function in _profile_setting(_field, _limit):
        method(_function)


@method
def set_chat_menu_button(bot: Bot, params: Params) -> bool:
    chat_id = params.number("chat_id")
    if chat_id is not None:
        bot.chat(chat_id)
    bot.profile[f"menu_button:{chat_id or ''}"] = params.parsed("menu_button") or {
        "type": "default"}
    return True


@method
def get_chat_menu_button(bot: Bot, params: Params) -> Json:
    button: Json = bot.profile.get(f"menu_button:{params.number('chat_id') or ''}",
                                   {"type": "default"})
    return button


@method
def set_webhook(bot: Bot, params: Params) -> bool:
    url = params.get("url") or ""
    if not url:  # Telegram: an empty url removes the webhook
        bot.webhook = None
        return True
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("secret token contains unallowed characters")
    allowed = params.parsed("allowed_updates")
    if isinstance(allowed, list):
        bot.allowed_updates = [str(kind) for kind in allowed]
    if params.flag("drop_pending_updates"):
        bot.updates.clear()
    bot.webhook = {"url": url, "secret_token": secret,
                   "max_connections": params.number("max_connections", 40)}
    bot.webhook_error = None
    bot.updates_pulse.fire()  # the delivery loop starts with what is pending
    return True


@method
def delete_webhook(bot: Bot, params: Params) -> bool:
    bot.webhook = None
    if params.flag("drop_pending_updates"):
        bot.updates.clear()
    bot.updates_pulse.fire()
    return True


@method
def get_webhook_info(bot: Bot, params: Params) -> Json:
    info: Json = {"url": "", "has_custom_certificate": False,
                  "pending_update_count": len(bot.updates)}
    if bot.webhook is not None:
        info.update(url=bot.webhook["url"], max_connections=bot.webhook["max_connections"],
                    ip_address="127.0.0.1")
        if bot.allowed_updates:
            info["allowed_updates"] = bot.allowed_updates
    if bot.webhook_error is not None:
        info["last_error_date"], info["last_error_message"] = bot.webhook_error
    return info


@method
def close(bot: Bot, params: Params) -> bool:
    return True


@method
def log_out(bot: Bot, params: Params) -> bool:
    return True


def call(bot: Bot, name: str, params: Params) -> Any:
    """Run a Bot API method other than getUpdates."""
    function = METHODS.get(name)
    if function is None:
        raise ApiError(404, "Not Found")
    return function(bot, params)
