"""Staff through python-telegram-bot: the staff chat notice, evidence re-sent by file id,
details only in private."""

from __future__ import annotations

from bot.messages import Media
from tests.handlers.conftest import Harness
from tests.helpers import Resident
from tests.offline import Person, buttons


def _complaint_with_photo(harness: Harness) -> str:
    person = Resident(harness.services.assistant, 42)
    person.say("/complain")
    person.press_label("同意")
    person.press_label("其他")
    person.press_label("跳过")
    person.say("窗口工作人员态度恶劣，拒绝告诉我办事流程，还让我自己去网上找")
    person.press_label("跳过")
    person.send_media(Media("photo", "AgACAgPHOTO", "image/jpeg", 2048))
    person.press_label("完成")
    person.press_label("实名")
    person.say("李四")
    person.say("13912345678")
    person.press_label("确认提交")
    return str(harness.services.repo.list_cases()[-1].number)


async def test_view_button_in_the_staff_chat_sends_details_privately(harness: Harness) -> None:
    number = _complaint_with_photo(harness)
    staff_in_group = Person(user_id=500, chat_id=-1000, chat_type="group")
    await harness.feed(staff_in_group.press(harness.bot, f"s:view:{number}"))
    private = harness.api.sent(500)
    assert "李四" in private[0]["text"] and "13912345678" in private[0]["text"]
    photos = [p for e, p in harness.api.calls if e == "sendPhoto"]
    assert photos and photos[0]["photo"] == "AgACAgPHOTO" and int(photos[0]["chat_id"]) == 500
    group = harness.api.texts(-1000)
    assert group and all("13912345678" not in t for t in group)


async def test_take_button_assigns_and_acknowledges(harness: Harness) -> None:
    number = _complaint_with_photo(harness)
    await harness.feed(Person(user_id=501, chat_id=-1000, chat_type="group").press(
        harness.bot, f"s:take:{number}"))
    assert harness.services.repo.case_by_number(number).assigned_to == 501
    [answer] = harness.api.callback_answers()
    assert number in answer["text"]


async def test_resident_pressing_a_staff_button_gets_nothing(harness: Harness) -> None:
    number = _complaint_with_photo(harness)
    await harness.feed(Person(user_id=43).press(harness.bot, f"s:view:{number}"))
    assert harness.api.sent(43) == []
    assert [p for e, p in harness.api.calls if e == "sendPhoto"] == []
    assert buttons({}) == []
