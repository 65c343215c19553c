"""A question asking for a government document is the office's, whatever service the
document is about (issue 10): "低保的认定标准文件在哪能看到" is answered, "低保怎么申请"
is still declined as another service's question."""

from __future__ import annotations

import pytest

from bot.matching.documents import asks_for_document
from bot.matching.engine import AnswerEngine, Outcome

# The topics that answer "where is that document / how do I get it".
DOCUMENT_TOPICS = {"scope.proactive", "scope.channels", "apply.how"}

DOCUMENT_QUESTIONS = [
    "公积金提取的规定文件在哪公布",
    "驾照换证的规定哪里能查到原文",
    "低保的认定标准文件在哪能看到",
    "養老金調整的通知在哪能看到",  # traditional characters
    "Can I get the official rules on residence permits?",
]
SERVICE_QUESTIONS = [
    "公积金怎么提取",
    "驾照到期了去哪换",
    "申请低保要准备哪些文件",  # the papers a service wants, not a document of the office
    "低保怎么申请",
]


@pytest.mark.parametrize("question", [
    *DOCUMENT_QUESTIONS,
    "学区划分的文件公开了吗",
    "Is the policy document on school enrollment zones public?",
    "where can i read the notice about the new parking fees",
    "where are the records of the road contract published",
])
def test_questions_asking_for_a_document_are_recognised(question: str) -> None:
    assert asks_for_document(question)


@pytest.mark.parametrize("question", [
    *SERVICE_QUESTIONS,
    "户口迁移需要什么材料",
    "What documents do I need for a passport?",
    "I lost my degree certificate. How do I get a replacement copy from the records office?",
    "I lost my ID card. Do I need to publish a notice in the newspaper?",
    "Where do I publish a public announcement that my company is closing?",
    "how long does a passport take",
])
def test_questions_asking_for_a_service_are_not(question: str) -> None:
    assert not asks_for_document(question)


@pytest.mark.parametrize("question", DOCUMENT_QUESTIONS)
def test_a_document_about_another_service_is_answered_not_declined(
        shipped_engine: AnswerEngine, words_engine: AnswerEngine, question: str) -> None:
    for engine in (shipped_engine, words_engine):
        reply = engine.ask(question)
        assert not reply.declined, question
        offered = {reply.topic} if reply.outcome is Outcome.ANSWER else \
            {s.topic for s in reply.suggestions}
        assert offered & DOCUMENT_TOPICS, (question, reply.outcome, offered)


@pytest.mark.parametrize("question", SERVICE_QUESTIONS)
def test_the_service_itself_is_still_declined(shipped_engine: AnswerEngine,
                                              question: str) -> None:
    reply = shipped_engine.ask(question)
    assert reply.declined and reply.hint, question


def test_the_other_services_words_are_left_out_of_the_ranking(
        words_engine: AnswerEngine) -> None:
    matcher = words_engine._index.matcher
    rest = matcher.without_other_services("公积金提取的规定文件在哪公布")
    assert "公积金" not in rest
    assert "规定" in rest and "文件" in rest
    # A question without another service's words is left as it is (normalised).
    assert matcher.without_other_services("政策文件在哪能看到") == "政策文件在哪能看到"
