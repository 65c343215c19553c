"""Letters through python-telegram-bot: uploaded as documents, to the staff member or,
on request, to the resident."""

from __future__ import annotations

from tests.handlers.conftest import Harness
from tests.helpers import file_application
from tests.offline import Person


async def test_a_reply_letter_goes_to_the_resident_as_a_document(harness: Harness) -> None:
    _, number = file_application(harness.services)
    harness.services.workflow.answer(number, 500, "1", "所申请的文件见附件")
    harness.api.clear()
    await harness.feed(Person(user_id=500).message(harness.bot, f"/letter {number} reply"))
    uploads = [p for e, p in harness.api.calls if e == "sendDocument"]
    assert [int(p["chat_id"]) for p in uploads] == [500]  # without `send`: staff only
    await harness.feed(Person(user_id=500).message(harness.bot,
                                                   f"/letter {number} reply send"))
    uploads = [p for e, p in harness.api.calls if e == "sendDocument"]
    assert [int(p["chat_id"]) for p in uploads] == [500, 42]
    assert "答复书" in uploads[1]["caption"]
    case = harness.services.repo.case_by_number(number)
    assert case is not None
    assert [e.action for e in harness.services.repo.case_events(case.id)][-1] == "letter_sent"


async def test_a_letter_the_case_cannot_have_is_explained(harness: Harness) -> None:
    _, number = file_application(harness.services)
    await harness.feed(Person(user_id=500).message(harness.bot, f"/letter {number} reply"))
    assert harness.api.texts(500)[-1] == harness.services.texts.get(
        "zh", "letter.needs.reply", number=number)
    assert not [e for e, _ in harness.api.calls if e == "sendDocument"]
