"""Applications and complaints through the real bot process and the Bot API double."""

from __future__ import annotations

import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    BotApiServer,
    Person,
    RunningBot,
    cases,
    finish_application,
    start_application,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def bot_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("intake") / "intake.db"


@pytest.fixture(scope="module")
def intake_bot(botapi: BotApiServer, bot_db: Path) -> Iterator[RunningBot]:
    bot = RunningBot(botapi, bot_db, groups=(-800,), DISCLOSURE_STAFF_CHAT_ID="-800")
    yield bot
    bot.stop()


@pytest.fixture
def resident(intake_bot: RunningBot) -> Callable[[int], Person]:
    return lambda user_id: intake_bot.telegram.person(user_id, language_code="zh-hans")


def test_full_application_with_an_edited_field(resident: Callable[[int], Person],
                                               intake_bot: RunningBot, bot_db: Path) -> None:
    person = resident(20001)
    start_application(person)
    finish_application(person)
    person.tap("修改")
    person.tap("姓名")
    person.say("张三丰")
    assert "张三丰" in person.text
    person.tap("确认提交", n=1)
    assert "申请已提交" in person.text and "YSQ-" in person.text
    notices = intake_bot.telegram.watch(-800).expect(1, timeout=10)
    assert "张**" in notices[-1]["text"] and "11010519491231002X" not in notices[-1]["text"]
    assert any(user == 20001 for _, user, _ in cases(bot_db))


def test_complaint_with_a_photo(resident: Callable[[int], Person], bot_db: Path) -> None:
    person = resident(20002)
    person.say("/complain")
    person.tap("同意")
    person.tap("不作为")
    person.tap("跳过")
    person.say("街道办对我反映的违建问题三个月没有任何处理，多次打电话也没人回应")
    person.tap("跳过")
    photo = person.send_photo()
    person.expect(1)
    assert "收到 1 份证据" in person.text
    person.tap("完成")
    person.tap("匿名")
    person.tap("确认提交")
    assert "TS-" in person.text
    with sqlite3.connect(bot_db) as conn:
        [(file_id,)] = conn.execute(
            "select e.file_id from evidence e join cases c on c.id = e.case_id "
            "where c.user_id = 20002").fetchall()
    assert file_id == photo["photo"][-1]["file_id"]  # the largest size


def test_cancel_midway(resident: Callable[[int], Person], bot_db: Path) -> None:
    person = resident(20003)
    start_application(person)
    person.say("/cancel")
    assert "确定要放弃这份申请吗" in person.text  # a half-filled form is not lost by a slip
    person.tap("放弃并删除")
    assert "已放弃申请" in person.text
    assert not any(user == 20003 for _, user, _ in cases(bot_db))


def test_restart_mid_form_resumes_the_draft(resident: Callable[[int], Person],
                                            intake_bot: RunningBot, bot_db: Path) -> None:
    person = resident(20004)
    start_application(person)
    intake_bot.restart(signal.SIGKILL)
    person.say("/apply", n=2)  # "welcome back", then the question where it stopped
    assert "欢迎回来" in person.text
    finish_application(person)
    person.tap("确认提交")
    assert "申请已提交" in person.text
    with sqlite3.connect(bot_db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


def test_double_confirm_creates_one_case(resident: Callable[[int], Person],
                                         bot_db: Path) -> None:
    person = resident(20005)
    start_application(person)
    finish_application(person)
    summary = person.last[-1]
    confirm = next(d for label, d in person.buttons(summary) if "确认提交" in label)
    person.press(confirm, summary)
    person.press(confirm, summary)
    replies = person.expect(1)
    replies += person.receive(2, timeout=3)
    texts = [r["text"] for r in replies]
    assert sum("申请已提交" in t for t in texts) == 1
    assert sum(1 for _, user, _ in cases(bot_db) if user == 20005) == 1


def test_fifty_residents_confirming_at_once_get_distinct_sequential_numbers(
        resident: Callable[[int], Person], bot_db: Path) -> None:
    def fill_in(person: Person) -> tuple[Person, dict[str, Any], str]:
        start_application(person)
        finish_application(person)
        summary = person.last[-1]
        return person, summary, next(d for label, d in person.buttons(summary)
                                     if "确认提交" in label)

    with ThreadPoolExecutor(max_workers=10) as pool:  # ten at a time fill in their forms
        summaries = list(pool.map(fill_in, [resident(21000 + i) for i in range(50)]))
    before = len(cases(bot_db))
    barrier = threading.Barrier(len(summaries))

    def confirm(person: Person, summary: dict[str, Any], data: str) -> None:
        barrier.wait()
        person.press(data, summary)

    threads = [threading.Thread(target=confirm, args=item) for item in summaries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for person, _, _ in summaries:
        person.expect(1, timeout=30)
    numbers = [n for n, user, _ in cases(bot_db)[before:] if 21000 <= user < 21050]
    assert len(numbers) == 50 == len(set(numbers))
    sequence = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequence == list(range(sequence[0], sequence[0] + 50))


def test_status_is_private_to_each_resident(resident: Callable[[int], Person],
                                            bot_db: Path) -> None:
    alice, bob = resident(20006), resident(20007)
    start_application(alice)
    finish_application(alice)
    alice.tap("确认提交")
    number = next(n for n, user, _ in cases(bot_db) if user == 20006)
    alice.say("/status")
    assert number in alice.text
    bob.say("/status")
    assert number not in bob.text
    bob.say(f"/status {number}")
    assert "没有找到" in bob.text and "张三" not in bob.text
