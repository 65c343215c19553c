"""The complaint or report (投诉举报): what happened, about whom, with evidence; named or
anonymous."""

from __future__ import annotations

from bot.forms.spec import Answers, FieldSpec, FormSpec, mobile, person_name, text_between

CATEGORIES = ("disclosure", "fault_inaction", "integrity", "other")
MIN_DETAILS = 20
MAX_EVIDENCE = 10
EVIDENCE_KINDS = ("photo", "document")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram


def is_named(answers: Answers) -> bool:
    return answers.get("identity") == "named"


COMPLAINT = FormSpec(
    name="complain",
    case_kind="complaint",
    fields=(
        FieldSpec("category", kind="choice", choices=CATEGORIES),
        FieldSpec("subject", parse=text_between(2, 200), optional=True),
        FieldSpec("details", parse=text_between(MIN_DETAILS, 3000)),
        FieldSpec("when_where", parse=text_between(2, 300), optional=True),
        FieldSpec("evidence", kind="evidence", optional=True),
        FieldSpec("identity", kind="choice", choices=("named", "anonymous"), columns=2),
        FieldSpec("name", parse=person_name, when=is_named, personal=True),
        FieldSpec("phone", parse=mobile, when=is_named, personal=True),
    ),
)
