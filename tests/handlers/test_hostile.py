"""Hostile input through python-telegram-bot's update processing: no exception reaches
the error handler (which would alert the staff chat), every message gets a reply."""

from __future__ import annotations

import pytest

from tests.handlers.conftest import Harness
from tests.helpers import NASTY, Resident, fill_application
from tests.offline import Person


@pytest.mark.parametrize("text", [t for t in NASTY if t.strip()])
async def test_nasty_text_never_reaches_the_error_handler(harness: Harness, text: str) -> None:
    await harness.feed(Person().message(harness.bot, text))
    assert harness.api.texts(-1000) == []  # the staff chat hears of errors only
    if text.startswith("/start@other"):
        assert harness.api.texts(42) == []  # a command for another bot is not ours
    else:
        assert harness.api.texts(42), "no reply"


async def test_forged_callback_from_a_resident(harness: Harness) -> None:
    owner = Resident(harness.services.assistant, 41)  # a real case to forge against
    fill_application(owner)
    owner.press_label("确认提交")
    [before] = harness.services.repo.list_cases()
    for data in (f"s:accept:{before.number}", f"s:take:{before.number}",
                 "f:apply:confirm:x", "garbage", "fb:abc:1"):
        await harness.feed(Person().press(harness.bot, data))
    assert harness.services.repo.list_cases() == [before]
    assert harness.api.texts(-1000) == []
    assert all("张三" not in t and "13812348000" not in t for t in harness.api.texts(42))
    assert len(harness.api.callback_answers()) == 5  # every press is acknowledged


async def test_unexpected_media_kinds(harness: Harness) -> None:
    person = Person()
    await harness.feed(person.message(harness.bot, voice={
        "file_id": "V", "file_unique_id": "V", "duration": 3}))
    await harness.feed(person.message(harness.bot, contact={
        "phone_number": "13800138000", "first_name": "X"}))
    await harness.feed(person.message(harness.bot, document={
        "file_id": "D", "file_unique_id": "D", "file_name": "x.exe", "file_size": 10**10}))
    assert len(harness.api.texts(42)) == 3
    assert harness.api.texts(-1000) == []
