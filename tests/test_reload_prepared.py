"""A reload in two steps: the base is prepared (loaded, checked, indexed: seconds after an
edit) off the store's thread, then swapped in on it; residents' messages are answered
meanwhile. A prepared base is used only for the very files it was built from."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import MatchingSettings
from bot.kb.editor import add_phrasing
from bot.kb.loader import KnowledgeBaseError
from bot.matching.engine import AnswerEngine
from bot.matching.indexed import knowledge_fingerprint
from bot.messages import Event
from bot.services import Services, build_services
from handlers.app import build_application
from tests.helpers import Resident, words_only_settings
from tests.offline import OfflineRequest, Person

ADMIN, STAFF = 900, 500
NEW_PHRASING = "村里那块地的补偿标准文件在哪看"


@pytest.fixture
def local(knowledge_copy: Path, tmp_path: Path) -> Iterator[Services]:
    """Services over an engine of their own, on a copy of the base the test may edit."""
    settings = words_only_settings(db_path=str(tmp_path / "t.db"), admin_ids=str(ADMIN),
                                   staff_ids=str(STAFF), knowledge_dir=str(knowledge_copy))
    engine = AnswerEngine.from_folder(knowledge_copy, MatchingSettings(semantic=False))
    built = build_services(settings, engine=engine)
    yield built
    built.close()


def _phrasings(engine: AnswerEngine, topic: str) -> list[str]:
    return engine.kb.by_id[topic].phrasings["zh"]


def test_a_prepared_base_answers_only_once_swapped_in(local: Services,
                                                      knowledge_copy: Path) -> None:
    engine = local.engine
    add_phrasing(knowledge_copy, "apply.fees", "zh", NEW_PHRASING)
    prepared = engine.prepare()
    assert NEW_PHRASING not in _phrasings(engine, "apply.fees")  # the old base still serves
    report = engine.reload()
    assert engine.kb is prepared.index.kb  # swapped in, not built a second time
    assert NEW_PHRASING in _phrasings(engine, "apply.fees") and report.changed == ["apply.fees"]
    assert engine.prepare() is not prepared  # not kept once in use


def test_an_edit_after_preparing_is_not_missed(local: Services, knowledge_copy: Path) -> None:
    engine = local.engine
    prepared = engine.prepare()
    before = knowledge_fingerprint(knowledge_copy)
    add_phrasing(knowledge_copy, "apply.fees", "zh", NEW_PHRASING)
    assert knowledge_fingerprint(knowledge_copy) != before
    engine.reload()
    assert engine.kb is not prepared.index.kb
    assert NEW_PHRASING in _phrasings(engine, "apply.fees")


def test_a_broken_base_is_refused_when_prepared_and_the_old_one_serves(
        local: Services, knowledge_copy: Path) -> None:
    engine = local.engine
    serving = engine.kb
    (knowledge_copy / "topics" / "broken.yaml").write_text("topics: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError):
        engine.prepare()
    with pytest.raises(KnowledgeBaseError):
        engine.reload()
    assert engine.kb is serving


def _command(user_id: int, name: str, edited: bool = False) -> Event:
    return Event(kind="command", user_id=user_id, chat_id=user_id, command=name,
                 edited=edited)


def test_only_an_admins_reload_is_prepared_first(local: Services) -> None:
    assistant = local.assistant
    assert assistant.reloads_knowledge(_command(ADMIN, "reload"))
    assert not assistant.reloads_knowledge(_command(ADMIN, "reload", edited=True))
    assert not assistant.reloads_knowledge(_command(ADMIN, "unanswered"))
    assert not assistant.reloads_knowledge(_command(STAFF, "reload"))
    assert not assistant.reloads_knowledge(_command(42, "reload"))
    in_a_group = Event(kind="command", user_id=ADMIN, chat_id=-555, command="reload",
                       private=False)
    assert not assistant.reloads_knowledge(in_a_group)  # refused there: nothing prepared


def test_a_learn_tap_hands_the_reload_over_when_the_bot_reloads_in_the_background(
        local: Services, knowledge_copy: Path) -> None:
    requested: list[tuple[int, str]] = []
    local.assistant.admin.reload_later = lambda chat, lang: requested.append((chat, lang))
    Resident(local.assistant, 42).say("量子纠缠是什么原理")
    admin = Resident(local.assistant, ADMIN)
    [listing] = admin.say("/unanswered")
    decline = next(b.data for row in listing.buttons for b in row if b.data.endswith(":~"))
    [learned] = admin.press(decline)
    assert learned.text == local.texts.get("zh", "admin.learned_reloading",
                                           topic="other-services", file="out_of_scope.yaml",
                                           question="量子纠缠是什么原理")
    assert requested == [(ADMIN, "zh")]
    assert "量子纠缠" in (knowledge_copy / "out_of_scope.yaml").read_text(encoding="utf-8")
    [still] = admin.say("/unanswered")
    assert "量子纠缠" in still.text  # not reloaded yet
    local.assistant.admin.finish_learning(*requested[0])  # what the background reload does
    [empty] = admin.say("/unanswered")
    assert "量子纠缠" not in empty.text
    assert local.repo.pending_messages() == []  # nothing to tell the admin


def test_a_background_reload_refused_is_told_to_the_admin_who_tapped(
        local: Services, knowledge_copy: Path) -> None:
    serving = local.engine.kb
    (knowledge_copy / "topics" / "broken.yaml").write_text("topics: [\n", encoding="utf-8")
    refused = local.assistant.admin.finish_learning(ADMIN, "en")
    assert local.engine.kb is serving
    [parked] = local.repo.pending_messages()
    assert parked.chat_id == ADMIN and parked.out.text == getattr(refused, "text", None)
    assert "broken.yaml" in parked.out.text and "previous one is still in use" in parked.out.text


def test_a_prepared_base_never_changes_how_the_serving_one_splits_words(
        local: Services, knowledge_copy: Path) -> None:
    """A new keyword is kept whole by the new base only: the serving one splits questions
    as before until the swap."""
    engine = local.engine
    question = "蓝鲸政务厅的文件能公开吗"
    before = engine.gist(question)
    path = knowledge_copy / "topics" / "apply.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("zh: [谁可以申请,", "zh: [蓝鲸政务厅, 谁可以申请,", 1),
                    encoding="utf-8")
    engine.prepare()
    assert engine.gist(question) == before
    engine.reload()
    assert "蓝鲸政务厅" in engine.gist(question) and "蓝鲸政务厅" not in before


async def test_an_admins_reload_is_indexed_off_the_store_thread(
        local: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = local.engine
    threads: list[str] = []
    prepare = engine.prepare

    def recorded(folder: Path | None = None) -> object:
        threads.append(threading.current_thread().name)
        return prepare(folder)

    monkeypatch.setattr(engine, "prepare", recorded)
    api = OfflineRequest()
    app = build_application(local, "123456:TEST-TOKEN", request=api, get_updates_request=api,
                            rate_limit=False, concurrent=False)
    await app.initialize()
    try:
        admin = Person(user_id=ADMIN)
        await app.process_update(admin.message(app.bot, "/reload"))
        [reply] = api.texts(ADMIN)
        assert str(len(engine.kb.topics)) in reply
        # Prepared first on a thread of its own, then found ready by the store's thread.
        assert len(threads) == 2 and not threads[0].startswith("store")
        assert threads[1].startswith("store")
        await app.process_update(Person(user_id=STAFF).message(app.bot, "/reload"))
        assert len(threads) == 2  # not an admin: nothing prepared
    finally:
        await app.shutdown()


def test_questions_answered_while_a_base_is_prepared_are_answered_as_before(
        local: Services, knowledge_copy: Path) -> None:
    """Preparing shares the segmenter and the caches with the serving base: a resident's
    question meanwhile gets exactly the answer it got before, and nothing fails."""
    engine = local.engine
    questions = ["申请要收费吗", "多久能答复", "我想看看我们村的征地批复文件", "How do I apply?",
                 "邻居家违建的审批文件能申请公开吗", "What if they don't reply in time?"] * 20
    before = [(r.outcome, r.topic, r.score) for r in map(engine.ask, questions)]
    during: list[tuple[object, ...]] = []
    failures: list[BaseException] = []

    def ask_all() -> None:
        try:
            during.extend((r.outcome, r.topic, r.score) for r in map(engine.ask, questions))
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    add_phrasing(knowledge_copy, "apply.fees", "zh", NEW_PHRASING)
    asking = threading.Thread(target=ask_all)
    asking.start()
    engine.prepare()
    asking.join()
    assert failures == [] and during == before
