"""Half-filled forms, kept in the database so a restart loses none of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.clock import to_iso
from bot.store.base import StoreBase, dumps, loads


class DraftsMixin(StoreBase):
    def draft(self, user_id: int, form: str) -> dict[str, Any] | None:
        """The user's live draft of `form`; an expired one is deleted and not returned."""
        row = self.one("select * from drafts where user_id = ? and form = ?", (user_id, form))
        if row is None:
            return None
        if row["expires_at"] <= self.now_iso():
            self.delete_draft(user_id, form)
            return None
        row["data"] = loads(row["data"]) or {}
        return row

    def active_drafts(self, user_id: int) -> list[dict[str, Any]]:
        rows = self.all("select * from drafts where user_id = ? and expires_at > ? "
                        "order by updated_at desc", (user_id, self.now_iso()))
        for row in rows:
            row["data"] = loads(row["data"]) or {}
        return rows

    def save_draft(self, user_id: int, form: str, *, chat_id: int, lang: str, step: str,
                   data: dict[str, Any], expiry_days: int) -> None:
        now = self.clock.now()
        self.db.execute(
            "insert into drafts (user_id, form, chat_id, lang, step, data, updated_at, "
            "expires_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict(user_id, form) do update "
            "set chat_id = excluded.chat_id, lang = excluded.lang, step = excluded.step, "
            "data = excluded.data, updated_at = excluded.updated_at, "
            "expires_at = excluded.expires_at",
            (user_id, form, chat_id, lang, step, dumps(data), to_iso(now),
             to_iso(now + timedelta(days=expiry_days))))

    def delete_draft(self, user_id: int, form: str) -> None:
        self.db.execute("delete from drafts where user_id = ? and form = ?", (user_id, form))

    def purge_expired_drafts(self) -> int:
        cursor = self.db.execute("delete from drafts where expires_at <= ?", (self.now_iso(),))
        return cursor.rowcount
