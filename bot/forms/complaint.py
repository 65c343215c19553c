"""The complaint or report (投诉举报): what happened, about whom, with evidence; named or
anonymous."""

from __future__ import annotations

from bot.forms.spec import (
    Answers,
    EvidenceLimits,
    FieldSpec,
    FormSpec,
    contact_phone,
    person_name,
    text_between,
)
from bot.validators import mask_name, mask_phone

CATEGORIES = ("disclosure", "fault_inaction", "integrity", "other")
MIN_DETAILS = 20
EVIDENCE = EvidenceLimits(
    max_items=10,
    max_bytes=20 * 1024 * 1024,  # what a bot may download from Telegram
    kinds=("photo", "document", "video", "voice", "audio", "video_note"),
    refused_extensions=frozenset({"exe", "bat", "cmd", "com", "scr", "msi", "dll", "apk",
                                  "jar", "js", "vbs", "ps1", "sh", "app", "dmg", "pif"}),
)


def is_named(answers: Answers) -> bool:
    return answers.get("identity") == "named"


COMPLAINT = FormSpec(
    name="complain",
    case_kind="complaint",
    fields=(
        FieldSpec("category", kind="choice", choices=CATEGORIES),
        FieldSpec("subject", parse=text_between(2, 200), optional=True, free_text=True),
        FieldSpec("details", parse=text_between(MIN_DETAILS, 3000), free_text=True),
        FieldSpec("when_where", parse=text_between(2, 300), optional=True, free_text=True),
        FieldSpec("evidence", kind="evidence", optional=True, evidence=EVIDENCE),
        FieldSpec("identity", kind="choice", choices=("named", "anonymous"), columns=2),
        FieldSpec("name", parse=person_name, when=is_named, mask=mask_name),
        FieldSpec("phone", parse=contact_phone, when=is_named, mask=mask_phone),
    ),
)
