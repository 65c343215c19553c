"""The conversation in a terminal: the same assistant, with buttons shown as numbers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot.chat.assistant import Assistant
from bot.messages import Button, Event, Out
from bot.textnorm import Lang

log = logging.getLogger(__name__)
TERMINAL_USER = 1
QUIT = ("/quit", "/exit", "/q")


class TerminalChat:
    """Turns typed lines into events and the assistant's messages into text."""

    def __init__(self, assistant: Assistant, write: Callable[[str], None],
                 user_id: int = TERMINAL_USER, lang: Lang = "zh") -> None:
        self.assistant = assistant
        self.write = write
        self.user_id = user_id
        self.lang = lang
        self._buttons: list[Button] = []
        self._last_text: str | None = None  # the message the numbered buttons belong to

    def event_for(self, line: str) -> Event:
        text = line.strip()
        base = {"user_id": self.user_id, "chat_id": self.user_id, "lang_hint": self.lang,
                "first_name": ""}
        if text.isdigit() and 1 <= int(text) <= len(self._buttons):
            button = self._buttons[int(text) - 1]
            if button.data:
                return Event(kind="button", data=button.data, origin_text=self._last_text,
                             **base)  # type: ignore[arg-type]
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            return Event(kind="command", command=command.split("@")[0].lower(), args=args,
                         text=text, **base)  # type: ignore[arg-type]
        return Event(kind="text", text=text, **base)  # type: ignore[arg-type]

    def send(self, line: str) -> None:
        try:
            reaction = self.assistant.handle(self.event_for(line))
        except Exception as exc:  # the terminal's error handler: no traceback on screen
            log.error("the conversation failed on a line: %s", type(exc).__name__)
            self.write(self.assistant.texts.get(self.lang, "error", call=""))
            return
        if reaction.notice:
            self.write(f"({reaction.notice})")
        for out in reaction.messages:
            self.show(out)

    def show(self, out: Out) -> None:
        if out.chat_id is not None and out.chat_id != self.user_id:
            return  # meant for another chat (e.g. the staff group)
        if out.text:  # an edit of the buttons alone has no text to show
            self.write(out.text)
        buttons = [button for row in out.buttons for button in row]
        if buttons:
            self._buttons = buttons
            self._last_text = out.text
            for number, button in enumerate(buttons, start=1):
                target = f" -> {button.url}" if button.url else ""
                self.write(f"  [{number}] {button.label}{target}")
        self.write("")

    def run(self, lines: Iterable[str], intro: str) -> None:
        self.write(intro)
        self.send("/start")
        for line in lines:
            if line.strip().lower() in QUIT:
                break
            if line.strip():
                self.send(line)
