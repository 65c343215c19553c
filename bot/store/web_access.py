"""The web desk's one-time login links and browser sessions, stored by token hash."""

from __future__ import annotations

from typing import Any

from bot.store.base import StoreBase


class WebAccessMixin(StoreBase):
    # one-time login links ---------------------------------------------------------
    def add_login_token(self, token_hash: str, user_id: int, expires_at: str) -> None:
        self.db.execute("insert into web_logins (token_hash, user_id, created_at, expires_at) "
                        "values (?, ?, ?, ?)", (token_hash, user_id, self.now_iso(), expires_at))

    def use_login_token(self, token_hash: str) -> int | None:
        """The link's user id, once: the same statement checks it is unused and unexpired
        and marks it used, so two clicks racing each other cannot both succeed."""
        now = self.now_iso()
        with self.db.atomic():
            cursor = self.db.execute(
                "update web_logins set used_at = ? where token_hash = ? and used_at is null "
                "and expires_at > ?", (now, token_hash, now))
            if cursor.rowcount != 1:
                return None
            row = self.one("select user_id from web_logins where token_hash = ?", (token_hash,))
        return int(row["user_id"]) if row else None

    # sessions ---------------------------------------------------------------------
    def add_web_session(self, token_hash: str, user_id: int, csrf: str, expires_at: str) -> None:
        self.db.execute("insert into web_sessions (token_hash, user_id, csrf, created_at, "
                        "expires_at) values (?, ?, ?, ?, ?)",
                        (token_hash, user_id, csrf, self.now_iso(), expires_at))

    def web_session(self, token_hash: str) -> dict[str, Any] | None:
        """A live session: not ended and not expired."""
        return self.one("select * from web_sessions where token_hash = ? and ended_at is null "
                        "and expires_at > ?", (token_hash, self.now_iso()))

    def end_web_session(self, token_hash: str) -> None:
        self.db.execute("update web_sessions set ended_at = ? where token_hash = ?",
                        (self.now_iso(), token_hash))

    def set_web_session_search(self, token_hash: str, search: str) -> None:
        self.db.execute("update web_sessions set search = ? where token_hash = ?",
                        (search, token_hash))

    def set_web_session_flash(self, token_hash: str, flash: str | None) -> None:
        self.db.execute("update web_sessions set flash = ? where token_hash = ?",
                        (flash, token_hash))

    def forget_web_access_before(self, moment: str) -> int:
        """Drop links and sessions that expired before `moment`."""
        with self.db.atomic():
            links = self.db.execute("delete from web_logins where expires_at < ?",
                                    (moment,)).rowcount
            sessions = self.db.execute("delete from web_sessions where expires_at < ?",
                                       (moment,)).rowcount
        return int(links + sessions)
