"""What tests share: driving the conversation core as a resident would, without
Telegram; the first steps of an application; hostile input."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.chat.assistant import Assistant, Reaction
from bot.config import Settings, load_settings
from bot.matching.engine import AnswerEngine, Reply
from bot.messages import Event, Media, Out
from tests.eval.dataset import NATURAL_FILE, load_cases


def words_only_settings(**overrides: object) -> Settings:
    """Settings from `overrides` alone (not the environment), answering on the word
    ranking: what every test but the accuracy ones runs with (see tests/conftest.py)."""
    return load_settings({}, matching__semantic=False, **overrides)


class Resident:
    def __init__(self, assistant: Assistant, user_id: int = 42, lang: str = "zh") -> None:
        self.assistant = assistant
        self.user_id = user_id
        self.lang = lang
        self.last: list[Out] = []
        self.notice = ""

    def _handle(self, event: Event) -> list[Out]:
        reaction: Reaction = self.assistant.handle(event)
        self.last, self.notice = reaction.messages, reaction.notice
        return self.last

    def _event(self, **fields: object) -> Event:
        return Event(user_id=self.user_id, chat_id=self.user_id, lang_hint=self.lang,
                     **fields)  # type: ignore[arg-type]

    def say(self, text: str) -> list[Out]:
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            return self._handle(self._event(kind="command", command=command, args=args,
                                            text=text))
        return self._handle(self._event(kind="text", text=text))

    def press(self, data: str) -> list[Out]:
        return self._handle(self._event(kind="button", data=data))

    def send_media(self, media: Media) -> list[Out]:
        return self._handle(self._event(kind="media", media=media))

    def buttons(self) -> list[tuple[str, str]]:
        return [(b.label, b.data or b.url) for out in self.last for row in out.buttons
                for b in row]

    def button(self, label_part: str) -> str:
        for label, data in self.buttons():
            if label_part in label:
                return data
        raise AssertionError(f"no button with {label_part!r} in {self.buttons()}")

    def press_label(self, label_part: str) -> list[Out]:
        return self.press(self.button(label_part))

    @property
    def text(self) -> str:
        return "\n".join(out.text for out in self.last)


VALID_ID = "11010519491231002X"


def begin_application(person: Resident) -> None:
    """Consent, a natural person named 张三: the first steps of every application."""
    person.say("/apply")
    person.press_label("同意")
    person.press_label("公民")
    person.say("张三")


def fill_application(person: Resident) -> None:
    begin_application(person)
    person.press_label("居民身份证")
    person.say(VALID_ID)
    person.say("13812348000")
    person.press_label("跳过")  # e-mail: a phone was given
    person.say("2025年新城区城中村改造项目的征收补偿方案")
    person.press_label("跳过")  # document number
    person.press_label("电子版")
    person.press_label("网上")


# Text a hostile or careless sender might type: control and bidirectional characters,
# markup, injection attempts, huge and empty messages.
NASTY = [
    "", " ", "\u202egnp.exe", "收\u200b费\u200d吗", "\x00\x01\x02", "a\u0301\u0302\u0303" * 50,
    "𠀀𠀁𪚥𰻞𰻞面", "🙂" * 500, "收" * 4096, "'; DROP TABLE cases; --", "<script>alert(1)</script>",
    "**bold** _it_ [link](http://x) `code`", "{name} {0} %s {{phone}} ${x}", "/start@other",
    "/apply extra args", "\n\n\n", "🇨🇳", "\ufeff申请", "NULL", "None", "[apply.fees]",
]


def file_application(services: object, user_id: int = 42) -> tuple[Resident, str]:
    """A resident files the standard application; returns them and the case number."""
    from bot.services import Services

    assert isinstance(services, Services)
    person = Resident(services.assistant, user_id)
    fill_application(person)
    person.press_label("确认提交")
    return person, services.repo.list_cases()[-1].number


def to_chat(outs: list[Out], chat_id: int) -> str:
    return "\n".join(o.text for o in outs if o.chat_id == chat_id)


def said(key: str, lang: str = "zh") -> str:
    """The fixed part of a text (up to its first placeholder), for asserting that the
    bot said it without repeating its wording in the test."""
    from bot.i18n import default_catalogue

    template = default_catalogue().get(lang, key)  # type: ignore[arg-type]
    return template.split("{", 1)[0].strip()


def cache_holding(folder: Path, index: tuple[str, bytes] | None) -> Path:
    """`folder`, created, holding a word index's cache file (the `shipped_index` fixture)."""
    folder.mkdir(parents=True)
    if index is not None:
        name, content = index
        (folder / name).write_bytes(content)
    return folder


def wait_until(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll until `check()` returns something truthy; that value, or None on timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    return None


def development_question(engine: AnswerEngine, wanted: Callable[[Reply], bool]) -> str:
    """The first in-scope development question whose reply is `wanted`: a test's example
    of a kind of reply, found rather than written in, so retraining cannot stale it."""
    return next(case.question for case in load_cases(NATURAL_FILE) + load_cases()
                if case.topic and wanted(engine.ask(case.question)))


def close_call(engine: AnswerEngine) -> str:
    """A question the shipped decision answers, but less than surely (its reply offers
    alternatives)."""
    return development_question(engine, lambda reply: bool(reply.alternatives))
