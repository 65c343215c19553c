"""Driving the conversation core directly, as a resident would, without Telegram."""

from __future__ import annotations

from bot.chat.assistant import Assistant, Reaction
from bot.messages import Event, Media, Out


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
