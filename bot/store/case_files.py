"""Documents kept with a case: the signed and sealed copy of a letter, the information
released. Each is stored with its audit event, and with the notice that carries it to
the resident when it is sent, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.clock import from_iso
from bot.messages import Out
from bot.store.case_records import CasesMixin
from bot.store.records import CaseFile

FILE_COLUMNS = ("id, case_id, purpose, letter_kind, name, media_type, size, uploaded_by, "
                "uploaded_at, sent_at")


def _record(row: dict[str, Any]) -> CaseFile:
    return CaseFile(row["id"], row["case_id"], row["purpose"], row["letter_kind"] or "",
                    row["name"], row["media_type"] or "", row["size"] or 0,
                    row["uploaded_by"], from_iso(row["uploaded_at"]),
                    from_iso(row["sent_at"]) if row["sent_at"] else None)


class CaseFilesMixin(CasesMixin):
    def keep_case_file(self, case_id: int, actor: str, purpose: str, letter_kind: str,
                       name: str, media_type: str, content: bytes, action: str, note: str,
                       notices: Sequence[Out] = ()) -> list[Out]:
        """Store the file, record `action` on the case and queue `notices` (the file on
        its way to the resident, if it is sent), together or not at all."""
        now = self.now_iso()
        with self.db.atomic():
            self.db.execute(
                "insert into case_files (case_id, purpose, letter_kind, name, media_type, "
                "size, content, uploaded_by, uploaded_at, sent_at) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, purpose, letter_kind, name, media_type, len(content), content,
                 actor, now, now if notices else None))
            return self._change(notices, case_id, actor, action, note)

    def case_files(self, case_id: int) -> list[CaseFile]:
        rows = self.all(f"select {FILE_COLUMNS} from case_files where case_id = ? "
                        "order by id", (case_id,))
        return [_record(row) for row in rows]

    def case_file(self, case_id: int, file_id: int) -> tuple[CaseFile, bytes] | None:
        row = self.one(f"select {FILE_COLUMNS}, content from case_files "
                       "where case_id = ? and id = ?", (case_id, file_id))
        return None if row is None else (_record(row), bytes(row["content"]))
