"""What flows in and out of a conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.auth import Role
from bot.textnorm import Lang

EventKind = Literal["text", "command", "button", "media"]


@dataclass(frozen=True)
class Button:
    label: str
    data: str = ""  # callback data, at most 64 bytes (Telegram's limit)
    url: str = ""


Keyboard = tuple[tuple[Button, ...], ...]


def rows(*buttons: Button) -> Keyboard:
    """One button per row: easiest to tap and to read in Chinese."""
    return tuple((button,) for button in buttons)


@dataclass(frozen=True)
class Media:
    kind: str  # photo, document, sticker, voice, location, contact, video, ...
    file_id: str = ""
    mime: str = ""
    size: int = 0
    name: str = ""


@dataclass(frozen=True)
class Event:
    user_id: int
    chat_id: int
    kind: EventKind
    text: str = ""
    command: str = ""
    args: str = ""
    data: str = ""
    lang_hint: str | None = None
    first_name: str = ""
    username: str = ""
    private: bool = True
    media: Media | None = None
    update_id: int | None = None
    edited: bool = False  # an edit of an earlier message, not a new one
    origin_text: str | None = None  # for a button: the text of the message it sits on
    album: tuple[Media, ...] = ()  # files sent together (a media group), in order


@dataclass(frozen=True)
class Out:
    text: str
    buttons: Keyboard = ()
    chat_id: int | None = None  # None: the chat the event came from
    edit: bool = False  # replace the message whose button was pressed
    markup_only: bool = False  # with edit: change only its buttons, keep its text
    file_id: str = ""  # re-send a stored photo or document by its Telegram file id
    file_kind: str = ""
    # A document made here (a letter): its bytes and file name, sent as an upload.
    document: bytes = field(default=b"", repr=False)
    file_name: str = ""
    # Set when the message was written to the outbox with the change it reports: it is
    # then delivered (and marked delivered) through the outbox, exactly once.
    outbox_id: int = 0


@dataclass
class Context:
    """What a service needs to know about the person it is answering."""

    event: Event
    lang: Lang
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def user_id(self) -> int:
        return self.event.user_id

    @property
    def chat_id(self) -> int:
        return self.event.chat_id


TEXT_LIMIT = 4096  # Telegram's limit for a message, in UTF-16 code units
CAPTION_LIMIT = 1024


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count two."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in parts Telegram accepts, cut at line breaks where possible, else at the
    last space, else anywhere (never inside a character). Empty text is one empty part."""
    parts: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        cut = _fitting_prefix(rest, limit)
        head = rest[:cut]
        for separator in ("\n", " "):
            at = head.rfind(separator)
            if at > 0:
                cut = at + 1
                break
        parts.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:]
    parts.append(rest)
    return [part for part in parts if part] or [""]


def _fitting_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    used = 0
    for index, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)
