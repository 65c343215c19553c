"""A part of an out-of-scope group (objections to other bodies' decisions, inside "other
services"): matched as the group, so the decision to decline is the group's, then told
apart by the nearest phrasing for a hint of its own (the law's general remedies) and
buttons to the topics that still help."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.kb.loader import load_knowledge_base
from bot.matching.engine import AnswerEngine
from bot.matching.ranker import DECLINED_PREFIX, Matcher
from bot.services import Services
from tests.helpers import Resident

OBJECTIONS = ["交警罚款我不服，能复议吗", "俺家低保被取消了，能申诉不？",
              "The environmental bureau fined me 50,000 yuan. What's the deadline to appeal?"]
# Written apart from the part's phrasings: an emergency is never "did you mean" a topic.
EMERGENCIES = [
    "有个人倒在地上一动不动",  # 有个人: someone (有人), not "personal" (个人)
    "有人倒在路边不动了", "厨房起火了怎么办", "Someone collapsed on the bus", "救命啊，有人抢劫",
    "救命！"]  # alone: never taken for "help, how do I use this"
SERVICES = ["护照过期了去哪里换新的", "社保缴费记录在哪里查询", "where do i pay a traffic fine"]


def _hints(engine: AnswerEngine, decline_id: str) -> dict[str, str]:
    decline = engine.kb.decline(decline_id)
    assert decline is not None and decline.hint is not None
    return dict(decline.hint)


def test_the_part_is_matched_as_its_group(words_engine: AnswerEngine) -> None:
    kb = words_engine.kb
    part = kb.decline("other-decisions")
    assert part is not None and part.within == "other-services"
    ids = Matcher.group_ids(kb)
    assert DECLINED_PREFIX + "other-services" in ids
    assert DECLINED_PREFIX + "other-decisions" not in ids
    group = ids.index(DECLINED_PREFIX + "other-services")
    owners = {index for index, _, text in Matcher.texts(kb) if text in part.phrasings["zh"]}
    assert owners == {group}


@pytest.mark.parametrize("question", OBJECTIONS)
def test_an_objection_to_another_bodys_decision_gets_the_laws_remedies(
        words_engine: AnswerEngine, question: str) -> None:
    reply = words_engine.ask(question)
    assert reply.declined
    hint = _hints(words_engine, "other-decisions")[reply.lang]
    assert reply.hint == hint
    assert ("60日" in hint and "6个月" in hint) or ("60 days" in hint and "6 months" in hint)
    assert reply.related == ("apply.how", "apply.expropriation")


@pytest.mark.parametrize("question", EMERGENCIES)
def test_an_emergency_gets_the_emergency_numbers_at_once(shipped_engine: AnswerEngine,
                                                         question: str) -> None:
    reply = shipped_engine.ask(question)
    assert reply.declined and reply.suggestions == [] and reply.related == ()
    assert reply.hint == _hints(shipped_engine, "emergencies")[reply.lang]
    assert all(number in reply.hint for number in ("110", "120", "119"))


@pytest.mark.parametrize("question", SERVICES)
def test_another_service_keeps_the_general_hint(words_engine: AnswerEngine,
                                                question: str) -> None:
    reply = words_engine.ask(question)
    assert reply.declined
    assert reply.hint == _hints(words_engine, "other-services")[reply.lang]
    assert reply.related == ()


def test_a_phrasing_typed_as_filed_gets_its_parts_hint(words_engine: AnswerEngine) -> None:
    part = words_engine.kb.decline("other-decisions")
    assert part is not None
    reply = words_engine.ask(part.phrasings["zh"][0])
    assert reply.declined and reply.hint == _hints(words_engine, "other-decisions")["zh"]


def test_a_part_ranks_every_question_as_if_written_into_its_group(
        tmp_path: Path, words_engine: AnswerEngine) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    path = folder / "out_of_scope.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {group["id"]: group for group in data["out_of_scope"]}
    part = groups.pop("other-decisions")
    for lang in ("zh", "en"):
        groups["other-services"]["phrasings"][lang] += part["phrasings"][lang]
    data["out_of_scope"] = list(groups.values())
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    merged = AnswerEngine(load_knowledge_base(folder), MatchingSettings(semantic=False),
                          folder)._index.matcher
    with_part = words_engine._index.matcher
    assert merged.topic_ids == with_part.topic_ids
    for question in [*OBJECTIONS, *SERVICES, "怎么申请政府信息公开", "拆迁补偿标准能公开吗"]:
        expected, got = merged.rank(question, limit=5), with_part.rank(question, limit=5)
        assert [s.topic_id for s in got] == [s.topic_id for s in expected], question
        assert [s.score for s in got] == pytest.approx([s.score for s in expected])


def test_the_decline_offers_the_topics_that_still_help(services: Services) -> None:
    person = Resident(services.assistant)
    [reply] = person.say(OBJECTIONS[0])
    assert "60日" in reply.text
    labels = [label for label, _ in person.buttons()]
    assert labels[:2] == ["» " + services.engine.kb.title("apply.how", "zh"),
                          "» " + services.engine.kb.title("apply.expropriation", "zh")]
    [answer] = person.press(person.button("» " + services.engine.kb.title("apply.how", "zh")))
    assert answer.text == services.engine.kb.answer("apply.how", "zh")


@pytest.mark.parametrize("question", [
    "世界银行的项目资料怎么申请公开", "美国私立大学必须公布录取率吗",
    "How do I complain to the Information Commissioner about my council's FOI refusal?"])
def test_another_countrys_or_institutions_disclosure_gets_its_own_hint(
        words_engine: AnswerEngine, question: str) -> None:
    reply = words_engine.ask(question)
    assert reply.declined
    part = words_engine.kb.decline("other-systems")
    assert part is not None and part.within == "other-places"
    assert reply.hint == _hints(words_engine, "other-systems")[reply.lang]
    assert reply.related == ("apply.how",)
