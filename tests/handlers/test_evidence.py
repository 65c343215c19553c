"""Evidence that behaves: albums answered once and in order, the limit said, the same
file twice answered, videos and voice accepted, programs refused, a piece removed
before confirming, and a photo whose caption is a question."""

from __future__ import annotations

from tests.handlers.conftest import Conversation, Harness
from tests.offline import Person

DETAILS = "街道办对我反映的违建问题三个月没有任何处理，多次打电话也没人回应"


async def to_evidence(chat: Conversation, lang: str = "zh") -> None:
    zh = lang == "zh"
    await chat.say("/complain")
    await chat.press("同意" if zh else "I agree")
    await chat.press("不作为" if zh else "inaction")
    await chat.press("跳过" if zh else "Skip")
    await chat.say(DETAILS)
    await chat.press("跳过" if zh else "Skip")
    assert ("证据" if zh else "evidence") in chat.text


def evidence(harness: Harness) -> list[dict[str, object]]:
    row = harness.services.repo.draft(42, "complain")
    assert row is not None
    items: list[dict[str, object]] = row["data"].get("evidence", [])
    return items


async def send_album(harness: Harness, person: Person, count: int, group: str,
                     prefix: str = "P") -> None:
    for index in range(count):
        await harness.feed(person.photo(harness.bot, f"{prefix}{index:02d}", album=group))
    await harness.settle()


async def test_an_album_of_ten_photos_gets_one_acknowledgement_in_order(
        harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await to_evidence(chat)
    before = len(harness.api.sent(42))
    await send_album(harness, person, 10, "album-1")
    [reply] = harness.api.sent(42)[before:]
    assert "收到 10 份证据" in reply["text"] and "已经达到上限" in reply["text"]
    assert [item["file_id"] for item in evidence(harness)] == [f"P{i:02d}" for i in range(10)]


async def test_an_album_in_english_and_the_limit_said_when_crossed(harness: Harness) -> None:
    person = Person(language_code="en")
    chat = Conversation(harness, person)
    await to_evidence(chat, "en")
    before = len(harness.api.sent(42))
    await send_album(harness, person, 7, "a1")
    await send_album(harness, person, 5, "a2", prefix="Q")
    first, second = harness.api.sent(42)[before:]
    assert "Received 7 piece(s)" in first["text"]
    assert "Received 3 piece(s)" in second["text"]
    assert "limit of 10" in second["text"] and "2 more were not accepted" in second["text"]
    assert len(evidence(harness)) == 10


async def test_the_same_file_twice_gets_a_reply(harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await to_evidence(chat)
    await chat.send(person.photo(harness.bot, "SAME"))
    await chat.send(person.photo(harness.bot, "SAME"))
    assert "之前已经收到过" in chat.text
    assert len(evidence(harness)) == 1


async def test_video_and_voice_are_evidence_programs_are_not(harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await to_evidence(chat)
    await chat.send(person.message(harness.bot, video={
        "file_id": "V1", "file_unique_id": "V1", "width": 1, "height": 1, "duration": 3,
        "mime_type": "video/mp4", "file_size": 3_000_000}))
    assert "收到 1 份证据" in chat.text
    await chat.send(person.message(harness.bot, voice={
        "file_id": "VO1", "file_unique_id": "VO1", "duration": 5, "mime_type": "audio/ogg",
        "file_size": 20_000}))
    assert "收到 1 份证据（共 2 份" in chat.text
    await chat.send(person.document(harness.bot, "EXE", "证据.exe",
                                    "application/x-msdownload"))
    assert "不接受程序文件" in chat.text
    await chat.send(person.message(harness.bot, video={
        "file_id": "BIG", "file_unique_id": "BIG", "width": 1, "height": 1, "duration": 300,
        "mime_type": "video/mp4", "file_size": 80_000_000}))
    assert "太大" in chat.text
    assert [item["kind"] for item in evidence(harness)] == ["video", "voice"]


async def test_a_piece_of_evidence_can_be_removed_before_confirming(harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await to_evidence(chat)
    await chat.send(person.photo(harness.bot, "KEEP"))
    await chat.send(person.document(harness.bot, "WRONG", "私人照片.pdf", "application/pdf"))
    await chat.press("删除某份证据")
    assert "要删除哪一份" in chat.text
    await chat.press("私人照片.pdf")
    assert "已删除" in chat.text and "已收到 1 份" in chat.text
    assert [item["file_id"] for item in evidence(harness)] == ["KEEP"]
    await chat.press("完成")
    await chat.press("匿名")
    assert "证据：1 份" in chat.text
    await chat.press("确认提交")
    [case] = harness.services.repo.list_cases()
    assert [e.file_id for e in harness.services.repo.case_evidence(case.id)] == ["KEEP"]


async def test_an_old_remove_list_is_refused_once_the_evidence_changed(
        harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await to_evidence(chat)
    await chat.send(person.photo(harness.bot, "A"))
    await chat.send(person.photo(harness.bot, "B"))
    await chat.press("删除某份证据")
    old_first = chat.button("1.")
    await chat.press("2.")
    await chat.press_data(old_first.replace(":2", ":9"))
    assert "已经不能用了" in chat.text
    assert [item["file_id"] for item in evidence(harness)] == ["A"]


async def test_a_photo_whose_caption_is_a_question(harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await chat.send(person.photo(harness.bot, "P1", caption="拍到街道办乱收费，可以投诉吗？"))
    assert "/complain" in chat.text and "证据" in chat.text
    assert len(chat.replies) == 2  # the answer, then how to attach evidence
    english = Conversation(harness, Person(user_id=43, language_code="en"))
    await english.send(english.person.photo(harness.bot, "P2",
                                            caption="how do I file a complaint?"))
    assert 'the "Evidence" step' in english.text


async def test_a_caption_question_at_the_evidence_step_keeps_the_photo(
        harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await to_evidence(chat)
    await chat.send(person.photo(harness.bot, "P1", caption="申请要收费吗？"))
    assert "第四十二条" in chat.text and "收到 1 份证据" in chat.text
    assert len(evidence(harness)) == 1


async def test_a_photo_without_a_form_says_how_to_attach_evidence(harness: Harness) -> None:
    person = Person()
    chat = Conversation(harness, person)
    await chat.send(person.photo(harness.bot, "P1"))
    [reply] = chat.replies
    assert "文字" in reply["text"] and "/complain" in reply["text"]
