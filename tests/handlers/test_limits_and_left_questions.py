"""Rate limits that never get in the way of a form and never drop a message silently;
leaving a question for staff with the question the bot already has; /status for left
questions."""

from __future__ import annotations

from tests.handlers.conftest import Conversation, Harness
from tests.helpers import VALID_ID
from tests.offline import Person


async def test_filling_a_form_never_trips_the_rate_limit(harness: Harness) -> None:
    harness.services.assistant.limiter.limit = 3
    person = Person()
    chat = Conversation(harness, person)
    await chat.say("/apply")
    await chat.press("同意")
    await chat.press("公民")
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    await chat.say("13812348000")
    await chat.press("跳过")
    await chat.say("2025年新城区城中村改造项目的征收补偿方案")
    await chat.press("跳过")
    await chat.press("纸质版")
    await chat.press("邮寄")
    await chat.say("河南省平顶山市新城区长安大道1号")
    for typo in ("46700", "4670000", "９67000", "abcdef", "46700O"):
        await chat.say(typo)
        assert "邮政编码应为 6 位数字" in chat.text
    await chat.say("467000")
    assert "请核对您的申请" in chat.text
    texts = harness.api.texts(42)
    assert not any("发得太快" in text for text in texts)


async def test_photos_for_a_complaint_never_trip_the_rate_limit(harness: Harness) -> None:
    harness.services.assistant.limiter.limit = 3
    person = Person()
    chat = Conversation(harness, person)
    await chat.say("/complain")
    await chat.press("同意")
    await chat.press("不作为")
    await chat.press("跳过")
    await chat.say("街道办对我反映的违建问题三个月没有任何处理，多次打电话也没人回应")
    await chat.press("跳过")
    for index in range(8):
        await chat.send(person.photo(harness.bot, f"P{index}"))
    assert "共 8 份" in chat.text
    assert not any("发得太快" in text for text in harness.api.texts(42))


async def test_over_the_limit_the_resident_is_told_once_to_resend(harness: Harness) -> None:
    harness.services.assistant.limiter.limit = 2
    chat = Conversation(harness, Person())
    await chat.say("收费吗")
    await chat.say("多久答复")
    await chat.say("怎么申请")
    assert "之后重新发送" in chat.text and "秒内发来的消息我不会处理" in chat.text
    await chat.say("能公开什么")
    assert chat.replies == []  # the resident was told already, once


async def test_over_the_limit_in_english(harness: Harness) -> None:
    harness.services.assistant.limiter.limit = 1
    chat = Conversation(harness, Person(language_code="en"))
    await chat.say("is there a fee?")
    await chat.say("how long does it take?")
    assert "please send it again" in chat.text


async def test_leaving_a_question_uses_the_one_asked(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await chat.say("量子纠缠是什么原理")
    await chat.press("把问题留给工作人员")
    assert "“量子纠缠是什么原理”" in chat.text
    assert harness.api.calls_to("editMessageText")  # the offer replaces the message
    await chat.press("就这样发送")
    assert "Q-2026-000001" in chat.text
    await chat.press_data("lq:1")  # a second tap
    [saved] = harness.services.repo.all("select number, text from staff_questions")
    assert saved == {"number": "Q-2026-000001", "text": "量子纠缠是什么原理"}
    staff = harness.api.texts(-1000)
    assert len(staff) == 1 and "量子纠缠是什么原理" in staff[0]


async def test_a_thumbs_down_offers_to_leave_the_question(harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en"))
    await chat.say("is there any fee for requesting info?")
    await chat.press("Not helpful")
    assert "leave the question for our staff" in chat.text
    await chat.press("Leave the question for staff")
    assert '"is there any fee for requesting info?"' in chat.text
    await chat.press("Send it as it is")
    assert "Q-2026-000001" in chat.text


async def test_someone_elses_question_cannot_be_left_in_their_name(harness: Harness) -> None:
    asker = Conversation(harness, Person(user_id=1))
    await asker.say("量子纠缠是什么原理")
    other = Conversation(harness, Person(user_id=2))
    await other.press_data("lq:1")
    await other.press_data("leave:1")
    assert "量子纠缠" not in other.text
    assert harness.services.repo.all("select * from staff_questions") == []


async def test_status_finds_and_lists_left_questions(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await chat.say("量子纠缠是什么原理")
    await chat.press("把问题留给工作人员")
    await chat.press("就这样发送")
    await chat.say("/status")
    assert "您留给工作人员的问题" in chat.text and "Q-2026-000001 等待答复" in chat.text
    await chat.say("/status q-2026-000001")
    assert "量子纠缠是什么原理" in chat.text and "等待答复" in chat.text
    harness.services.repo.answer_staff_question("Q-2026-000001", "这不属于政府信息公开", 500)
    await chat.say("/status Q-2026-000001")
    assert "工作人员答复：这不属于政府信息公开" in chat.text
    stranger = Conversation(harness, Person(user_id=7))
    await stranger.say("/status Q-2026-000001")
    assert "没有找到编号" in stranger.text and "量子纠缠" not in stranger.text
