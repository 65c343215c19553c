"""The documents a case sends or keeps: its letters to the resident, the information
released, and the files staff upload (the signed and sealed copy of a letter, released
files). Whatever goes to the resident travels through the outbox with its bytes or its
Telegram file id, queued in the same transaction as the case event that records it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from bot.letters import KINDS as LETTER_KINDS
from bot.messages import Media, Out
from bot.staff.states import Action
from bot.staff.workflow_base import WorkflowBase, WorkflowError, actor_label
from bot.store.records import CaseRecord

# Telegram lets a bot upload documents up to 50 MB; offices' scans stay well under this.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PURPOSES = ("signed", "released", "other")
# What an office hands out or keeps: documents, scans, spreadsheets and archives; OFD is
# China's standard format for official electronic documents.
ALLOWED_SUFFIXES = frozenset({".pdf", ".ofd", ".doc", ".docx", ".odt", ".rtf", ".txt",
                              ".xls", ".xlsx", ".ods", ".csv", ".jpg", ".jpeg", ".png",
                              ".tif", ".tiff", ".zip"})
MAX_NAME = 120
_UNSAFE = re.compile(r"[\x00-\x1f\\/:*?\"<>|]+")


@dataclass(frozen=True)
class Upload:
    """A file staff upload for a case."""

    name: str
    content: bytes
    media_type: str = ""


def clean_file_name(name: str) -> str:
    """The name as a person would read it, with no path and nothing a file system or a
    download header could misread; empty when nothing is left."""
    base = PurePath(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" .")
    if len(base) > MAX_NAME:
        stem, suffix = PurePath(base).stem, PurePath(base).suffix[:10]
        base = stem[:MAX_NAME - len(suffix)] + suffix
    return base


class Documents(WorkflowBase):
    def send_letter(self, number: str, actor: int, kind: str, document: bytes,
                    file_name: str) -> list[Out]:
        """A letter of the case to the resident through the bot, recorded on the case;
        it waits in the outbox with its file until it is delivered."""
        case = self.get(number)
        self._check(case, Action.NOTE, actor)
        notice = self._letter_notice(case, kind, document, file_name)
        return self.repo.record_letter(case.id, actor_label(actor), kind, [notice])

    def release_file(self, number: str, actor: int, media: Media) -> list[Out]:
        """A released file (the information disclosed) to the applicant, by its Telegram
        file id; only to one who chose delivery through the bot (Art. 40)."""
        case = self.get(number)
        self._check(case, Action.NOTE, actor)
        self._require_online_delivery(case)
        if media.kind not in ("photo", "document") or not media.file_id:
            raise WorkflowError("staff.release_kind")
        lang = self.notices.lang_of(case)
        caption = self.texts.get(lang, "notify.file_released", number=case.number)
        return self.repo.record_release(
            case.id, actor_label(actor), media.name or media.kind,
            [Out(caption, chat_id=case.chat_id, file_id=media.file_id, file_kind=media.kind)])

    def keep_file(self, number: str, actor: int, purpose: str, upload: Upload, *,
                  letter_kind: str = "", send: bool = False) -> list[Out]:
        """Keep an uploaded file with the case and, when `send`, deliver it to the
        resident: a signed letter as that letter, released information by Art. 40's
        rule (only to one who chose delivery through the bot)."""
        case = self.get(number)
        self._check(case, Action.NOTE, actor)
        name = self._checked_upload(purpose, upload, letter_kind)
        if purpose != "signed":
            letter_kind = ""
        notices: list[Out] = []
        action, note = "file_kept", name
        if send and purpose == "signed":
            notices = [self._letter_notice(case, letter_kind, upload.content, name)]
            action, note = "letter_sent", letter_kind
        elif send and purpose == "released":
            self._require_online_delivery(case)
            lang = self.notices.lang_of(case)
            notices = [Out(self.texts.get(lang, "notify.file_released", number=case.number),
                           chat_id=case.chat_id, document=upload.content, file_name=name)]
            action = "file_released"
        elif send:
            raise WorkflowError("staff.upload_not_sendable")
        return self.repo.keep_case_file(case.id, actor_label(actor), purpose, letter_kind,
                                        name, upload.media_type[:100], upload.content,
                                        action, note, notices)

    def _checked_upload(self, purpose: str, upload: Upload, letter_kind: str) -> str:
        if purpose not in PURPOSES:
            raise WorkflowError("staff.upload_purpose")
        if purpose == "signed" and letter_kind not in LETTER_KINDS:
            raise WorkflowError("staff.upload_letter_kind")
        name = clean_file_name(upload.name)
        if not upload.content or not name:
            raise WorkflowError("staff.upload_empty")
        if len(upload.content) > MAX_UPLOAD_BYTES:
            raise WorkflowError("staff.upload_too_big", mb=MAX_UPLOAD_BYTES // 1024 // 1024)
        if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise WorkflowError("staff.upload_type",
                                types=" ".join(sorted(s[1:] for s in ALLOWED_SUFFIXES)))
        return name

    def _letter_notice(self, case: CaseRecord, kind: str, document: bytes,
                       file_name: str) -> Out:
        if case.chat_id is None:
            raise WorkflowError("staff.letter_offline", number=case.number)
        lang = self.notices.lang_of(case)
        caption = self.texts.get(lang, "notify.letter", number=case.number,
                                 kind=self.texts.get("zh", f"letter.kind.{kind}"))
        return Out(caption, chat_id=case.chat_id, document=document, file_name=file_name)

    def _require_online_delivery(self, case: CaseRecord) -> None:
        if case.chat_id is None or case.data.get("delivery") != "online":
            choice = case.data.get("delivery") or "-"
            raise WorkflowError("staff.release_not_online", number=case.number,
                                delivery=self.texts.staff(f"choice.delivery.{choice}")
                                if choice != "-" else choice)
