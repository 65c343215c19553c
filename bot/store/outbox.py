"""Messages that could not be delivered yet, kept until the Bot API takes them."""

from __future__ import annotations

from typing import Any

from bot.messages import Button, Out
from bot.store.base import StoreBase, dumps, loads


class OutboxMixin(StoreBase):
    def park_message(self, chat_id: int, out: Out) -> int:
        buttons = [[{"label": b.label, "data": b.data, "url": b.url} for b in row]
                   for row in out.buttons]
        cursor = self.db.execute(
            "insert into outbox (chat_id, text, buttons, created_at) values (?, ?, ?, ?)",
            (chat_id, out.text, dumps(buttons), self.now_iso()))
        return int(cursor.lastrowid or 0)

    def pending_messages(self, limit: int = 50) -> list[tuple[int, int, Out]]:
        rows = self.all("select * from outbox where sent_at is null order by id limit ?",
                        (limit,))
        return [(row["id"], row["chat_id"], _out(row)) for row in rows]

    def mark_sent(self, message_id: int) -> None:
        self.db.execute("update outbox set sent_at = ? where id = ?",
                        (self.now_iso(), message_id))

    def mark_attempt(self, message_id: int, error: str) -> None:
        self.db.execute("update outbox set attempts = attempts + 1, last_error = ? "
                        "where id = ?", (error[:200], message_id))


def _out(row: dict[str, Any]) -> Out:
    keyboard = tuple(tuple(Button(b["label"], b.get("data", ""), b.get("url", ""))
                           for b in line) for line in loads(row["buttons"]) or [])
    return Out(row["text"], keyboard)


class UpdatesMixin(StoreBase):
    def first_delivery(self, update_id: int) -> bool:
        """True the first time an update id is seen; later deliveries are duplicates."""
        cursor = self.db.execute(
            "insert or ignore into processed_updates (update_id, at) values (?, ?)",
            (update_id, self.now_iso()))
        return cursor.rowcount == 1

    def forget_updates_before(self, moment: str) -> int:
        return self.db.execute("delete from processed_updates where at < ?", (moment,)).rowcount
