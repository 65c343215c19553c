"""The admins' pages teach the base: one click attaches an unanswered question to a
topic (or to out of scope), written into the YAML and reloaded, the same move as the
bot's /unanswered buttons; the knowledge page tells when the running bot last loaded
the base and whether the files changed since."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.config import MatchingSettings
from bot.matching.engine import AnswerEngine, Outcome
from bot.messages import Event
from bot.services import Services, build_services
from tests.helpers import development_question, words_only_settings
from tests.web.helpers import ADMIN, BASE, RESIDENT, STAFF, csrf_of, sign_in
from web.app import build_app

QUESTION = "量子纠缠是什么原理"



@pytest.fixture
def own_base(knowledge_copy: Path, tmp_path: Path) -> Iterator[Services]:
    settings = words_only_settings(db_path=str(tmp_path / "t.db"), staff_ids=str(STAFF),
                                   admin_ids=str(ADMIN), knowledge_dir=str(knowledge_copy))
    built = build_services(settings, engine=AnswerEngine.from_folder(
        knowledge_copy, MatchingSettings(semantic=False)))
    yield built
    built.close()


def ask(services: Services, text: str) -> None:
    services.assistant.handle(Event(user_id=RESIDENT, chat_id=RESIDENT, kind="text", text=text))


def attach(client: TestClient, question_id: str, target: str) -> str:
    page = client.get("/admin/unanswered").text
    return client.post("/admin/unanswered/learn",
                       data={"csrf": csrf_of(page), "question": question_id,
                             "target": target}).text


def test_one_click_attaches_a_question_out_of_scope(own_base: Services,
                                                     knowledge_copy: Path) -> None:
    ask(own_base, QUESTION)
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        page = client.get("/admin/unanswered").text
        assert QUESTION in page and 'action="/admin/unanswered/learn"' in page
        question_id = page.split('name="question" value="')[1].split('"')[0]
        reply = attach(client, question_id, "~")
        assert "other-services" in reply and "已把" in reply
        assert QUESTION in (knowledge_copy / "out_of_scope.yaml").read_text(encoding="utf-8")
        assert QUESTION not in client.get("/admin/unanswered").text.split("<h2>")[0]
        loaded = own_base.repo.last_knowledge_load(("desk",))
        assert loaded is not None and loaded["topics"] == len(own_base.engine.kb.topics)


def test_a_question_attached_to_a_topic_is_answered_from_then_on(own_base: Services,
                                                                 knowledge_copy: Path) -> None:
    question = "找你们拿文件要破费吗"
    before = own_base.engine.ask(question)
    assert (before.outcome, before.topic) != (Outcome.ANSWER, "apply.fees")
    ask(own_base, question)
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        [row] = [r for r in own_base.repo.questions_since("1970-01-01") if r["text"] == question]
        reply = attach(client, str(row["id"]), "apply.fees")
    assert "apply.fees" in reply
    after = own_base.engine.ask(question)
    assert (after.outcome, after.topic) == (Outcome.ANSWER, "apply.fees")


def test_a_topic_phrasing_naming_another_service_is_flagged(own_base: Services) -> None:
    question = "签证办理收费标准的文件有没有公开"
    ask(own_base, question)
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        [row] = [r for r in own_base.repo.questions_since("1970-01-01") if r["text"] == question]
        reply = attach(client, str(row["id"]), "scope.proactive")
    assert "scope.proactive" in reply and "注意：这句用到了“签证”" in reply


def test_other_pages_load_while_a_learn_indexes_the_base(own_base: Services,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    ask(own_base, QUESTION)
    indexing, released = threading.Event(), threading.Event()
    waited: list[bool] = []
    prepare = own_base.engine.prepare

    def slow_prepare(*args: object) -> object:
        indexing.set()
        # Released by the page asked for meanwhile: never, if indexing held the desk up.
        waited.append(released.wait(timeout=10))
        return prepare(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(own_base.engine, "prepare", slow_prepare)
    with TestClient(build_app(own_base), base_url=BASE) as client, \
            ThreadPoolExecutor(1) as learner:
        sign_in(client, own_base, ADMIN)
        [row] = own_base.repo.questions_since("1970-01-01")
        learning = learner.submit(attach, client, str(row["id"]), "~")
        assert indexing.wait(timeout=10)
        other = client.get("/admin/knowledge")
        released.set()
        reply = learning.result(timeout=30)
    assert other.status_code == 200 and waited[0]
    assert "other-services" in reply and "已把" in reply
    assert own_base.engine.ask(QUESTION).declined


def test_bad_attachments_are_explained_and_change_nothing(own_base: Services,
                                                          knowledge_copy: Path) -> None:
    ask(own_base, QUESTION)
    files = {p: p.read_text(encoding="utf-8") for p in knowledge_copy.rglob("*.yaml")}
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        [row] = own_base.repo.questions_since("1970-01-01")
        for question_id, target in ((str(row["id"]), "apply.nothing"), ("999", "apply.fees"),
                                    ("x", "~")):
            reply = attach(client, question_id, target)
            assert 'class="flash bad"' in reply and "未加入" in reply
    assert {p: p.read_text(encoding="utf-8") for p in knowledge_copy.rglob("*.yaml")} == files


def test_plain_staff_cannot_teach_the_base(own_base: Services, knowledge_copy: Path) -> None:
    ask(own_base, QUESTION)
    with TestClient(build_app(own_base), base_url=BASE) as client:
        csrf = sign_in(client, own_base, STAFF)
        [row] = own_base.repo.questions_since("1970-01-01")
        reply = client.post("/admin/unanswered/learn",
                            data={"csrf": csrf, "question": str(row["id"]), "target": "~"})
    assert reply.status_code == 403
    assert QUESTION not in (knowledge_copy / "out_of_scope.yaml").read_text(encoding="utf-8")


def test_the_knowledge_page_shows_the_running_bots_last_load(own_base: Services,
                                                             knowledge_copy: Path) -> None:
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        assert "尚无记录" in client.get("/admin/knowledge").text
        own_base.repo.record_knowledge_load("start", len(own_base.engine.kb.topics))
        page = client.get("/admin/knowledge").text
        assert "启动时" in page and "尚未加载" not in page
        later = time.time() + 120
        os.utime(knowledge_copy / "topics" / "apply.yaml", (later, later))
        assert "尚未加载" in client.get("/admin/knowledge").text
        own_base.assistant.admin.reload_base()
        # The reload is recorded; the clock of the test is fixed, the files' is not.
        loaded = own_base.repo.last_knowledge_load(("start", "reload"))
        assert loaded is not None and loaded["origin"] == "reload"


def test_a_read_only_knowledge_folder_is_explained(own_base: Services, knowledge_copy: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ask(own_base, QUESTION)
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        [row] = own_base.repo.questions_since("1970-01-01")

        def refuse(self: Path, *args: object, **kwargs: object) -> int:
            raise PermissionError(13, "Read-only file system")

        monkeypatch.setattr(Path, "write_text", refuse)
        reply = attach(client, str(row["id"]), "~")
        monkeypatch.undo()
    assert reply.count('class="flash bad"') == 1 and "没有写入知识库文件夹的权限" in reply
    assert QUESTION not in (knowledge_copy / "out_of_scope.yaml").read_text(encoding="utf-8")


def test_the_topic_a_resident_chose_is_the_one_offered_to_attach(own_base: Services) -> None:
    question = development_question(  # "did you mean" with a choice to make
        own_base.engine, lambda r: r.outcome is Outcome.SUGGEST and len(r.suggestions) > 1)
    ask(own_base, question)
    [row] = own_base.repo.questions_since("1970-01-01")
    picked = own_base.engine.ask(question).suggestions[1].topic
    own_base.assistant.handle(Event(user_id=RESIDENT, chat_id=RESIDENT, kind="button",
                                    data=f"c:{row['id']}:{picked}"))
    with TestClient(build_app(own_base), base_url=BASE) as client:
        sign_in(client, own_base, ADMIN)
        page = client.get("/admin/unanswered").text
        assert f'<option value="{picked}" selected>' in page
