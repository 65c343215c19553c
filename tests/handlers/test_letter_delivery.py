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


async def test_released_files_go_to_an_applicant_who_chose_the_bot(harness: Harness) -> None:
    from bot.messages import Event, Media

    _, number = file_application(harness.services)  # the standard one chose 网上（本助手）
    harness.api.clear()
    release = Event(user_id=500, chat_id=500, kind="media", text=f"/release {number}",
                    media=Media("document", "BQACAgDOC", "application/pdf", 1000, "方案.pdf"))
    reaction = harness.services.assistant.handle(release)
    [to_resident] = [o for o in reaction.messages if o.chat_id == 42]
    assert to_resident.file_id == "BQACAgDOC" and to_resident.file_kind == "document"
    case = harness.services.repo.case_by_number(number)
    assert case is not None
    assert [e.action for e in harness.services.repo.case_events(case.id)][-1] == "file_released"
    # Someone who is not staff sending the same caption gets nothing released.
    resident = Event(user_id=42, chat_id=42, kind="media", text=f"/release {number}",
                     media=Media("document", "BQACAgDOC", "application/pdf", 1000, "x.pdf"))
    assert not [o for o in harness.services.assistant.handle(resident).messages
                if o.file_id]


def test_no_release_to_an_applicant_who_chose_another_delivery(harness: Harness) -> None:
    from datetime import date

    import pytest

    from bot.messages import Media
    from bot.staff.workflow import WorkflowError

    case = harness.services.cases.register("application", "letter", date(2026, 11, 20),
                                           {"name": "王五", "delivery": "post"}, "staff:500")
    with pytest.raises(WorkflowError) as caught:
        harness.services.workflow.release_file(case.number, 500,
                                               Media("document", "BQACAgDOC", "", 1, "x"))
    assert caught.value.key == "staff.release_not_online"

