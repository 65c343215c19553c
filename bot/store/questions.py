"""Residents' language, the questions they asked and their 👍/👎 (for the admins'
analytics), and questions left for staff."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from bot.messages import Out
from bot.store.outbox import OutboxMixin


class QuestionsMixin(OutboxMixin):
    _pseudonym_key: bytes | None = None

    # users ---------------------------------------------------------------------
    def user_lang(self, user_id: int) -> str | None:
        row = self.one("select lang from users where id = ?", (user_id,))
        return row["lang"] if row else None

    def set_user_lang(self, user_id: int, lang: str) -> None:
        now = self.now_iso()
        self.db.execute(
            "insert into users (id, lang, created_at, updated_at) values (?, ?, ?, ?) "
            "on conflict(id) do update set lang = excluded.lang, updated_at = excluded.updated_at",
            (user_id, lang, now, now))

    def remember_staff(self, user_id: int, username: str, display_name: str) -> None:
        """A staff member's @username (to assign by it) and name (to show them by)."""
        now = self.now_iso()
        self.db.execute(
            "insert into users (id, username, display_name, created_at, updated_at) "
            "values (?, ?, ?, ?, ?) on conflict(id) do update set "
            "username = excluded.username, display_name = excluded.display_name",
            (user_id, username.lower() or None, display_name or None, now, now))

    def staff_name(self, user_id: int) -> str | None:
        """'Name (@username)', whichever of the two is known; None when neither is."""
        row = self.one("select username, display_name from users where id = ?", (user_id,))
        if row is None:
            return None
        name, username = row["display_name"], row["username"]
        if name and username:
            return f"{name} (@{username})"
        return name or (f"@{username}" if username else None)

    def user_by_username(self, username: str) -> int | None:
        row = self.one("select id from users where username = ?", (username.lower(),))
        return int(row["id"]) if row else None

    # pseudonyms ----------------------------------------------------------------
    def user_key(self, user_id: int) -> str:
        """A stable pseudonym: analytics can count distinct residents without ids."""
        if self._pseudonym_key is None:
            self._pseudonym_key = self._meta_secret("pseudonym_key")
        digest = hmac.new(self._pseudonym_key, str(user_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:16]

    def _meta_secret(self, name: str) -> bytes:
        self.db.execute("insert or ignore into meta (key, value) values (?, ?)",
                        (name, secrets.token_hex(32)))
        row = self.one("select value from meta where key = ?", (name,))
        assert row is not None
        return bytes.fromhex(row["value"])

    # questions and feedback ----------------------------------------------------
    def record_question(self, user_id: int, lang: str, text: str, topic: str | None,
                        score: float, outcome: str, channel: str = "telegram") -> int:
        cursor = self.db.execute(
            "insert into questions (user_key, lang, text, topic, score, outcome, channel, "
            "asked_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            (self.user_key(user_id), lang, text, topic, score, outcome, channel,
             self.now_iso()))
        return int(cursor.lastrowid or 0)

    def question(self, question_id: int) -> dict[str, Any] | None:
        return self.one("select * from questions where id = ?", (question_id,))

    def record_knowledge_load(self, origin: str, topics: int) -> None:
        """A process loaded the knowledge base: `start` or `reload` (the bot), `desk`
        (a web desk of its own)."""
        self.db.execute("insert into knowledge_loads (at, origin, topics) values (?, ?, ?)",
                        (self.now_iso(), origin, topics))

    def last_knowledge_load(self, origins: tuple[str, ...]) -> dict[str, Any] | None:
        marks = ", ".join("?" for _ in origins)
        return self.one(f"select at, origin, topics from knowledge_loads where origin in "
                        f"({marks}) order by id desc limit 1", origins)

    def asked_by(self, question_id: int, user_id: int) -> dict[str, Any] | None:
        """The question, when `user_id` asked it (None: unknown, or someone else's)."""
        row = self.question(question_id)
        return row if row is not None and row["user_key"] == self.user_key(user_id) else None

    def record_feedback(self, question_id: int, user_id: int, vote: int) -> bool:
        """Store a vote once; False when the question is unknown, not this user's,
        or already voted on (a second tap changes nothing)."""
        if self.asked_by(question_id, user_id) is None:
            return False
        cursor = self.db.execute(
            "insert or ignore into feedback (question_id, vote, at) values (?, ?, ?)",
            (question_id, 1 if vote > 0 else -1, self.now_iso()))
        return cursor.rowcount == 1

    def record_choice(self, question_id: int, user_id: int, topic_id: str) -> bool:
        """The topic the asker chose from those offered beside the reply to their
        question; the first choice stays (False: unknown, not theirs, or chosen before)."""
        if self.asked_by(question_id, user_id) is None:
            return False
        cursor = self.db.execute(
            "update questions set chosen = ? where id = ? and chosen is null",
            (topic_id, question_id))
        return cursor.rowcount == 1

    def questions_since(self, since: str) -> list[dict[str, Any]]:
        return self.all(
            "select q.*, f.vote from questions q left join feedback f on f.question_id = q.id "
            "where q.asked_at >= ? order by q.asked_at", (since,))

    # questions left for staff ---------------------------------------------------
    def leave_question(self, user_id: int, chat_id: int, lang: str, text: str,
                       compose: Callable[[str], Sequence[Out]] | None = None
                       ) -> tuple[str, list[Out]]:
        """Keep a question for staff and queue its notices (`compose(number)`), together."""
        queued: list[Out] = []
        with self.db.atomic():
            cursor = self.db.execute(
                "insert into staff_questions (user_id, chat_id, lang, text, asked_at) "
                "values (?, ?, ?, ?, ?)", (user_id, chat_id, lang, text, self.now_iso()))
            row_id = int(cursor.lastrowid or 0)
            number = f"Q-{self.clock.today().year}-{row_id:06d}"
            self.db.execute("update staff_questions set number = ? where id = ?",
                            (number, row_id))
            if compose is not None:
                queued = self.enqueue_all(compose(number), chat_id, ref=number)
        return number, queued

    def staff_question(self, number: str) -> dict[str, Any] | None:
        return self.one("select * from staff_questions where number = ?",
                        (number.strip().upper(),))

    def answer_staff_question(self, number: str, answer: str, staff_id: int,
                              compose: Callable[[dict[str, Any]], Sequence[Out]] | None = None
                              ) -> tuple[dict[str, Any], list[Out]] | None:
        """Store the answer and queue the resident's notice (`compose(question)`), together.
        A question answered already is returned as it was, with nothing written or queued:
        the first answer stands."""
        with self.db.atomic():
            question = self.staff_question(number)
            if question is None:
                return None
            if question["answered_at"] is not None:
                return question, []
            self.db.execute("update staff_questions set answer = ?, answered_at = ?, "
                            "answered_by = ? where id = ?",
                            (answer, self.now_iso(), staff_id, question["id"]))
            queued = self.enqueue_all(compose(question), question["chat_id"],
                                      ref=question["number"]) if compose else []
        return question, queued

    def staff_questions_of_user(self, user_id: int) -> list[dict[str, Any]]:
        return self.all("select * from staff_questions where user_id = ? order by id desc",
                        (user_id,))

    def open_staff_questions(self) -> list[dict[str, Any]]:
        return self.all("select * from staff_questions where answered_at is null order by id")

    def questions_to_anonymise(self, moment: str, placeholder: str) -> tuple[int, int]:
        """How many questions, and questions left for staff, asked before `moment` still
        hold their text."""
        asked = self.db.execute("select count(*) from questions where asked_at < ? and "
                                "text != ?", (moment, placeholder)).fetchone()[0]
        left = self.db.execute("select count(*) from staff_questions where asked_at < ? and "
                               "text != ?", (moment, placeholder)).fetchone()[0]
        return int(asked), int(left)

    def anonymise_questions_before(self, moment: str, placeholder: str) -> None:
        """Questions typed before `moment` lose their text, their pseudonym, and (for
        questions left for staff) the staff answer and the resident's user and chat."""
        with self.db.atomic():
            self.db.execute("update questions set text = ?, user_key = '' where asked_at < ?",
                            (placeholder, moment))
            self.db.execute("update staff_questions set text = ?, answer = case when answer "
                            "is null then null else ? end, user_id = 0, chat_id = null "
                            "where asked_at < ?", (placeholder, placeholder, moment))

    def forget_people_before(self, moment: str, keep: frozenset[int]) -> int:
        """Residents not seen since `moment` are forgotten (their language and username);
        staff in `keep` stay. Drafts and delivered notices older than that go too."""
        with self.db.atomic():
            marks = ", ".join("?" for _ in keep) or "null"
            forgotten = self.db.execute(
                f"delete from users where updated_at < ? and id not in ({marks})",
                (moment, *sorted(keep))).rowcount
            self.db.execute("delete from drafts where updated_at < ?", (moment,))
            self.db.execute("delete from outbox where created_at < ?", (moment,))
            self.db.execute("delete from processed_updates where at < ?", (moment,))
        return forgotten
