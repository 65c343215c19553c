"""The outbox: every notice that belongs to a state change is written here in the same
transaction as the change, and a sender delivers it, whatever happens in between (a
failed button answer, a Bot API outage, the process killed after the commit).

A row is claimed before it is sent, so the immediate delivery and the background sender
never send it both; a claim older than the lease is taken to belong to a dead process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from bot.clock import to_iso
from bot.messages import Button, Out
from bot.store.base import StoreBase, dumps, loads

CLAIM_LEASE = timedelta(seconds=120)


@dataclass(frozen=True)
class Parked:
    """A message waiting in the outbox."""

    id: int
    chat_id: int
    out: Out
    parts_sent: int = 0
    attempts: int = 0
    unknown_outcomes: int = 0
    ref: str = ""

    def __iter__(self) -> Any:  # (id, chat_id, out), as callers unpack it
        return iter((self.id, self.chat_id, self.out))


class OutboxMixin(StoreBase):
    def _enqueue(self, chat_id: int, out: Out, ref: str = "") -> Out:
        """Write one notice; the caller owns the transaction. Returns the notice with its
        outbox id, which tells the delivery layer to send it through the outbox."""
        buttons = [[{"label": b.label, "data": b.data, "url": b.url} for b in row]
                   for row in out.buttons]
        cursor = self.db.execute(
            "insert into outbox (chat_id, text, buttons, file_id, file_kind, document, "
            "file_name, ref, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (chat_id, out.text, dumps(buttons), out.file_id, out.file_kind,
             out.document or None, out.file_name, ref, self.now_iso()))
        return replace(out, chat_id=chat_id, outbox_id=int(cursor.lastrowid or 0))

    def enqueue_all(self, notices: Sequence[Out], default_chat: int | None = None,
                    ref: str = "") -> list[Out]:
        """Notices (each with its chat) into the outbox; used inside a change's transaction."""
        queued = []
        for out in notices:
            chat = out.chat_id if out.chat_id is not None else default_chat
            if chat is None:
                raise ValueError("a notice needs a chat")
            queued.append(self._enqueue(chat, out, ref))
        return queued

    def park_message(self, chat_id: int, out: Out, ref: str = "") -> int:
        return self._enqueue(chat_id, out, ref).outbox_id

    def _lease_cutoff(self) -> str:
        return to_iso(self.clock.now() - CLAIM_LEASE)

    def pending_messages(self, limit: int = 50) -> list[Parked]:
        """Messages not yet delivered nor given up, and not claimed by a live sender."""
        rows = self.all("select * from outbox where sent_at is null and failed_at is null "
                        "and (claimed_at is null or claimed_at < ?) order by id limit ?",
                        (self._lease_cutoff(), limit))
        return [_parked(row) for row in rows]

    def waiting_for(self, chat_id: int) -> int:
        """How many messages wait for `chat_id` (a backlog goes out as a digest)."""
        row = self.one("select count(*) as n from outbox where chat_id = ? and sent_at is null "
                       "and failed_at is null", (chat_id,))
        return int(row["n"]) if row else 0

    def parked(self, message_id: int) -> Parked | None:
        row = self.one("select * from outbox where id = ?", (message_id,))
        return _parked(row) if row else None

    def claim(self, message_id: int) -> bool:
        """Take the message for sending; False when it is delivered, given up, or being
        sent by someone else."""
        cursor = self.db.execute(
            "update outbox set claimed_at = ? where id = ? and sent_at is null and "
            "failed_at is null and (claimed_at is null or claimed_at < ?)",
            (self.now_iso(), message_id, self._lease_cutoff()))
        return cursor.rowcount == 1

    def release_claims(self) -> int:
        """At start-up: claims left by a process that died belong to nobody."""
        return self.db.execute("update outbox set claimed_at = null where sent_at is null "
                               "and claimed_at is not null").rowcount

    def mark_part_sent(self, message_id: int, parts_sent: int) -> None:
        self.db.execute("update outbox set parts_sent = ? where id = ?", (parts_sent, message_id))

    def mark_sent(self, message_id: int) -> None:
        # A delivered letter's bytes are not kept twice: the case can compose it again.
        self.db.execute("update outbox set sent_at = ?, claimed_at = null, document = null "
                        "where id = ?", (self.now_iso(), message_id))

    def mark_attempt(self, message_id: int, error: str, unknown: bool = False) -> None:
        """A failed try; the claim is released so the sender tries again later."""
        self.db.execute("update outbox set attempts = attempts + 1, last_error = ?, "
                        "unknown_outcomes = unknown_outcomes + ?, claimed_at = null "
                        "where id = ?", (error[:200], int(unknown), message_id))

    def mark_failed(self, message_id: int, error: str) -> None:
        """Given up: it will never go through (blocked, refused, or unknown twice)."""
        self.db.execute("update outbox set failed_at = ?, last_error = ?, claimed_at = null "
                        "where id = ?", (self.now_iso(), error[:200], message_id))


def _parked(row: dict[str, Any]) -> Parked:
    keyboard = tuple(tuple(Button(b["label"], b.get("data", ""), b.get("url", ""))
                           for b in line) for line in loads(row["buttons"]) or [])
    out = Out(row["text"], keyboard, chat_id=row["chat_id"], file_id=row.get("file_id") or "",
              file_kind=row.get("file_kind") or "", document=row.get("document") or b"",
              file_name=row.get("file_name") or "", outbox_id=row["id"])
    return Parked(row["id"], row["chat_id"], out, row.get("parts_sent") or 0,
                  row.get("attempts") or 0, row.get("unknown_outcomes") or 0,
                  row.get("ref") or "")


class UpdatesMixin(StoreBase):
    def first_delivery(self, update_id: int) -> bool:
        """True the first time an update id is seen; later deliveries are duplicates."""
        cursor = self.db.execute(
            "insert or ignore into processed_updates (update_id, at) values (?, ?)",
            (update_id, self.now_iso()))
        return cursor.rowcount == 1

    def forget_updates_before(self, moment: str) -> int:
        return self.db.execute("delete from processed_updates where at < ?", (moment,)).rowcount
