"""The learning loop (issue 10): unanswered questions listed by likely topic, attached to
a topic with one tap (or `kb learn`), written into the YAML keeping its layout, reloaded;
personal data masked before it is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import callbacks
from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.insights import unanswered
from bot.kb.editor import EditError, add_phrasing
from bot.kb.loader import load_knowledge_base
from bot.language import clear_language
from bot.matching.engine import AnswerEngine, Outcome
from bot.services import Services, build_services
from bot.validators import mask_personal_data
from cli import cli
from tests.helpers import Resident, development_question, words_only_settings

ADMIN = 900



@pytest.fixture
def own_base(knowledge_copy: Path, tmp_path: Path) -> Iterator[Services]:
    """Services on an editable copy of the base, with ADMIN as their admin."""
    settings = words_only_settings(db_path=str(tmp_path / "t.db"), admin_ids=str(ADMIN),
                                   knowledge_dir=str(knowledge_copy))
    built = build_services(settings, engine=AnswerEngine.from_folder(
        knowledge_copy, MatchingSettings(semantic=False)))
    yield built
    built.close()


def test_a_phrasing_is_inserted_keeping_every_other_line(knowledge_copy: Path) -> None:
    path = knowledge_copy / "topics" / "apply.yaml"
    before = path.read_text(encoding="utf-8").split("\n")
    changed = add_phrasing(knowledge_copy, "apply.fees", "zh", "办这个要掏钱不")
    after = path.read_text(encoding="utf-8").split("\n")
    assert changed == path
    added = [line for line in after if line not in before]
    assert [line.strip() for line in added] == ["- 办这个要掏钱不"]
    assert [line for line in after if line.strip() != "- 办这个要掏钱不"] == before
    topic = load_knowledge_base(knowledge_copy).by_id["apply.fees"]
    assert topic.phrasings["zh"][-1] == "办这个要掏钱不"


def test_english_and_out_of_scope_phrasings_and_awkward_text(knowledge_copy: Path) -> None:
    add_phrasing(knowledge_copy, "apply.fees", "en", "fees: how much?")
    add_phrasing(knowledge_copy, "other-services", "zh", "公积金提取要带什么")
    kb = load_knowledge_base(knowledge_copy)
    assert kb.by_id["apply.fees"].phrasings["en"][-1] == "fees: how much?"
    assert kb.decline("other-services").phrasings["zh"][-1] == "公积金提取要带什么"  # type: ignore[union-attr]


def test_duplicates_and_unknown_topics_change_nothing(knowledge_copy: Path) -> None:
    path = knowledge_copy / "topics" / "apply.yaml"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(EditError):
        add_phrasing(knowledge_copy, "apply.fees", "zh", "申请收费吗")
    with pytest.raises(EditError):
        add_phrasing(knowledge_copy, "apply.nothing", "zh", "一个新问题")
    assert path.read_text(encoding="utf-8") == before


def test_a_phrasing_is_written_whole_keeping_the_files_mode(knowledge_copy: Path) -> None:
    """Written beside the file and renamed over it: a crash or a reload reading meanwhile
    never sees half a file, and nothing is left behind."""
    path = knowledge_copy / "topics" / "apply.yaml"
    path.chmod(0o640)
    add_phrasing(knowledge_copy, "apply.fees", "zh", "办这个要掏钱不")
    with pytest.raises(EditError):
        add_phrasing(knowledge_copy, "apply.fees", "zh", "办这个要掏钱不")  # already there
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in knowledge_copy.rglob("*") if p.name.endswith(".tmp")] == []


def test_personal_data_is_masked_before_storage() -> None:
    masked = mask_personal_data("我的身份证110101199003077777，电话13812345678，"
                                "邮箱wang.wu@example.com，申请到哪了")
    assert "110101199003077777" not in masked and "13812345678" not in masked
    assert "wang.wu@" not in masked and "申请到哪了" in masked


def test_unanswered_by_topic_then_one_tap_learns_and_reloads(own_base: Services,
                                                             knowledge_copy: Path) -> None:
    services = own_base
    person = Resident(services.assistant, 42)
    person.say("量子纠缠是什么原理，电话13812345678")
    rows = services.repo.questions_since("1970-01-01")
    assert "13812345678" not in rows[-1]["text"]
    admin = Resident(services.assistant, ADMIN)
    [listing] = admin.say("/unanswered")
    assert "量子纠缠" in listing.text
    decline = next(b.data for row in listing.buttons for b in row
                   if b.data.endswith(":~"))
    [learned] = admin.press(decline)
    assert "other-services" in learned.text
    assert "量子纠缠" in (knowledge_copy / "out_of_scope.yaml").read_text(encoding="utf-8")
    [empty] = admin.say("/unanswered")
    assert "量子纠缠" not in empty.text  # learned: no longer listed
    assert Resident(services.assistant, 43).press(decline) == []  # not an admin


def test_a_read_only_knowledge_folder_is_explained_not_crashed_on(
        own_base: Services, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped deployments mount the base read-only: a tap then says so politely."""
    services = own_base
    Resident(services.assistant, 42).say("量子纠缠是什么原理")
    admin = Resident(services.assistant, ADMIN)
    [listing] = admin.say("/unanswered")
    decline = next(b.data for row in listing.buttons for b in row if b.data.endswith(":~"))
    before = {p: p.read_text(encoding="utf-8") for p in knowledge_copy.rglob("*.yaml")}

    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(Path, "write_text", refuse)
    [reply] = admin.press(decline)
    monkeypatch.undo()
    assert reply.text == services.texts.get("zh", "admin.learn_read_only",
                                            reason="PermissionError")
    assert {p: p.read_text(encoding="utf-8") for p in knowledge_copy.rglob("*.yaml")} == before


def test_only_other_services_words_are_named() -> None:
    engine = AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR, MatchingSettings(semantic=False))
    assert engine.other_services_words("签证办理收费标准的文件有没有公开") == ["签证"]
    assert engine.other_services_words("申请政府信息公开要收费吗") == []


def test_a_topic_phrasing_naming_another_service_is_learnt_with_a_warning(
        own_base: Services) -> None:
    """Filing "签证…的文件有没有公开" under a topic makes 签证 a topic's word too: every
    visa question would stop counting as another service's. The admin is told."""
    services = own_base
    Resident(services.assistant, 42).say("签证办理收费标准的文件有没有公开")
    Resident(services.assistant, 42).say("量子纠缠是什么原理")
    rows = {str(r["text"]): int(r["id"]) for r in services.repo.questions_since("1970")}
    admin = Resident(services.assistant, ADMIN)
    [warned] = admin.press(callbacks.learn(rows["签证办理收费标准的文件有没有公开"],
                                           "scope.proactive"))
    assert "scope.proactive" in warned.text
    assert services.texts.get("zh", "admin.learned_other_services", words="签证") in \
        warned.text
    [plain] = admin.press(callbacks.learn(rows["量子纠缠是什么原理"], "~"))
    assert "⚠️" not in plain.text  # out of scope: nothing is taken from other services


def test_kb_learn_on_the_command_line_warns_too(knowledge_copy: Path, tmp_path: Path) -> None:
    env = {"DISCLOSURE_DB": str(tmp_path / "t.db"), "DISCLOSURE_KNOWLEDGE_DIR":
           str(knowledge_copy), "DISCLOSURE_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(cli, ["kb", "learn", "scope.proactive",
                                      "签证办理收费标准的文件有没有公开"], env=env)
    assert result.exit_code == 0, result.output
    assert "Added to scope.proactive" in result.output and "Note: it uses 签证" in result.output
    result = CliRunner().invoke(cli, ["kb", "learn", "apply.fees", "申请要掏钱吗老铁"],
                                env=env)
    assert result.exit_code == 0 and "Note:" not in result.output


@pytest.mark.parametrize(("question", "group"), [
    ("楼上装修太吵了，晚上睡不着", "private-disputes"),
    ("交警罚款我不服，能复议吗", "other-decisions"),
    ("今天天气怎么样", "chit-chat"),
])
def test_out_of_scope_is_filed_under_the_nearest_group(knowledge_copy: Path, tmp_path: Path,
                                                        question: str, group: str) -> None:
    """An "out of scope" tap files the question where its meaning is nearest, so it is
    later declined with the hint that fits (a dispute's, the law's remedies, small talk's)."""
    settings = words_only_settings(db_path=str(tmp_path / "t.db"), admin_ids=str(ADMIN),
                                   knowledge_dir=str(knowledge_copy))
    services = build_services(settings, engine=AnswerEngine.from_folder(
        knowledge_copy, MatchingSettings()))
    try:
        question_id = services.repo.record_question(42, "zh", question, None, 0.0,
                                                    "fallback")
        learned = services.assistant.admin.attach(question_id, "~")
        assert learned.group == group
        decline = services.engine.kb.decline(group)
        assert decline is not None and question in decline.phrasings["zh"]
    finally:
        services.close()


def test_without_the_model_only_what_the_words_decline_leaves_the_default_group(
        words_engine: AnswerEngine) -> None:
    assert words_engine.nearest_decline("楼上装修太吵了，晚上睡不着") == "private-disputes"
    assert words_engine.nearest_decline("交警罚款我不服，能复议吗") == "other-decisions"
    # Not declined by the words: no guess (the tap files it under other-services).
    assert words_engine.nearest_decline("量子纠缠是什么原理") is None


def test_a_suggestion_chosen_labels_the_question_for_the_admins(own_base: Services) -> None:
    services = own_base
    question = development_question(  # "did you mean" with a choice to make
        services.engine, lambda r: r.outcome is Outcome.SUGGEST and len(r.suggestions) > 1)
    person = Resident(services.assistant, 42)
    person.say(question)
    [asked] = services.repo.questions_since("1970-01-01")
    choices = [data for _, data in person.buttons() if data.startswith("c:")]
    assert len(choices) >= 2 and all(d.startswith(f"c:{asked['id']}:") for d in choices)
    second = choices[1].rsplit(":", 1)[1]
    Resident(services.assistant, 43).press(choices[0])  # someone else's tap: no label
    [answer] = person.press(choices[1])
    # in the language of the message the button sits on: the question's, when it is clear
    lang = clear_language(question) or "zh"
    assert answer.text.startswith(services.engine.kb.answer(second, lang))
    person.press(choices[0])  # the first choice stays
    assert services.repo.question(int(asked["id"]))["chosen"] == second
    [group] = unanswered(services.repo, services.engine)
    assert group.nearest_topic == second and group.nearest_score == 100.0


def test_an_answer_whose_asker_chose_another_topic_is_listed(own_base: Services) -> None:
    repo = own_base.repo
    kept = repo.record_question(42, "zh", "申请要交钱吗", "apply.fees", 90.0, "answer")
    moved = repo.record_question(42, "zh", "多久能答复我", "apply.fees", 80.0, "answer")
    assert not repo.record_choice(moved, 43, "apply.time-limit")  # not the asker's
    assert repo.record_choice(moved, 42, "apply.time-limit")
    assert repo.record_choice(kept, 42, "apply.fees")  # the answer itself, chosen again
    groups = unanswered(repo, own_base.engine)
    assert [(g.example, g.nearest_topic) for g in groups] == [("多久能答复我",
                                                               "apply.time-limit")]
