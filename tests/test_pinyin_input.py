"""Questions typed in pinyin (no Chinese keyboard at hand) are read as the Chinese they
spell: answered like it, in Chinese, the query kept as typed."""

from __future__ import annotations

import pytest

from bot.language import clear_language
from bot.matching.engine import AnswerEngine, Outcome
from bot.matching.pinyin_input import (
    PinyinReader,
    holds_pinyin,
    reads_as_pinyin,
    syllables_of,
)
from bot.services import Services
from tests.helpers import Resident


@pytest.mark.parametrize(("word", "syllables"), [
    ("shenqing", ["shen", "qing"]),
    ("ZhengFu", ["zheng", "fu"]),
    ("fangan", ["fan", "gan"]),  # a vowel starts a syllable only after an apostrophe
    ("fang'an", ["fang", "an"]),
    ("xi'an", ["xi", "an"]),
    ("gongan", ["gong", "an"]),  # ...unless nothing else splits it
    ("nv", ["nu"]),  # ü typed as v
    ("hello", None),
    ("apply", None),
    ("hmm", None),  # interjections are not syllables here
    ("helo", None),
])
def test_words_split_into_syllables(word: str, syllables: list[str] | None) -> None:
    assert syllables_of(word) == syllables


@pytest.mark.parametrize("text", ["shenqing gongkai zenme ban", "xiexie", "nihao",
                                  "Zhengfu Xinxi Gongkai?", "wo de shenqing YSQ-2026-000001",
                                  "wo yao yong wechat shenqing"])
def test_pinyin_messages_are_recognised_as_chinese(text: str) -> None:
    assert reads_as_pinyin(text)
    assert holds_pinyin(text)
    assert clear_language(text) == "zh"


@pytest.mark.parametrize("text", ["can you ban me", "women", "I want to apply", "ok", "hi",
                                  "time", "a", "how long", "YSQ-2026-000001", "", "申请",
                                  "fang an"])  # "an" is common English: not enough to say
def test_english_and_tokens_are_not_pinyin(text: str) -> None:
    assert not reads_as_pinyin(text)


def test_a_pinyin_word_among_chinese_characters_is_found() -> None:
    assert holds_pinyin("我想shenqing公开")
    assert not holds_pinyin("我想用app申请")  # not pinyin
    assert not holds_pinyin("政府的woman")  # English
    # An English question quoting Chinese keeps its pinyin names as they are.
    assert not holds_pinyin("How do you make Henan braised noodles (烩面)?")


def test_the_likeliest_words_win_and_typed_cuts_are_kept() -> None:
    frequencies = {"申请": 50, "申": 5, "请": 20, "深情": 10, "先": 60, "西安": 8, "西": 30,
                   "按": 9, "的": 100}
    readings = {"申请": "shen qing", "申": "shen", "请": "qing", "深情": "shen qing",
                "先": "xian", "西安": "xi an", "西": "xi", "按": "an", "的": "de"}
    reader = PinyinReader(frequencies, readings)
    assert reader.read("shenqing") == "申请"
    assert reader.read("shen qing de") == "申请的"
    assert reader.read("xian") == "先"
    assert reader.read("xi'an") == "西安"  # the apostrophe cuts where 先 has no cut
    assert reader.read("xi an de") == "西安的"
    assert reader.read("shenqing, ok?").replace(" ", "") == "申请,ok?"  # "ok" kept


def test_a_pinyin_question_is_answered_like_its_chinese(words_engine: AnswerEngine) -> None:
    for typed, chinese in [("shenqing gongkai yao shoufei ma", "申请公开要收费吗"),
                           ("zhengdi chaiqian de wenjian neng shenqing ma",
                            "征地拆迁的文件能申请吗"),
                           ("wo xiang shenqing zhengfu xinxi gongkai", "我想申请政府信息公开")]:
        reply, expected = words_engine.ask(typed), words_engine.ask(chinese)
        assert (reply.outcome, reply.topic, reply.lang, reply.answer) == \
            (expected.outcome, expected.topic, "zh", expected.answer), typed
        assert reply.suggestions == expected.suggestions
        assert reply.query == typed
    assert words_engine.ask("shenqing gongkai yao shoufei ma").outcome is Outcome.ANSWER


def test_a_pinyin_service_question_is_declined(words_engine: AnswerEngine) -> None:
    reply = words_engine.ask("huzhao guoqi le zai nali huan")
    assert reply.declined and reply.lang == "zh"


def test_a_pinyin_word_in_a_chinese_question(words_engine: AnswerEngine) -> None:
    assert words_engine.ask("申请公开要shoufei吗").topic == "apply.fees"


@pytest.mark.parametrize(("message", "kind"), [("xie xie", "thanks"), ("ni hao", "greeting"),
                                              ("bai", "goodbye"), ("helo", "greeting")])
def test_small_talk_in_latin_letters_stays_small_talk(words_engine: AnswerEngine,
                                                      message: str, kind: str) -> None:
    assert words_engine.ask(message).smalltalk == kind


def test_small_talk_known_by_its_meaning_stays_small_talk(shipped_engine: AnswerEngine) -> None:
    assert shipped_engine.ask("ciao").smalltalk == "goodbye"  # "ci ao" spells no question


def test_english_is_not_read_as_pinyin(words_engine: AnswerEngine) -> None:
    reply = words_engine.ask("Can I apply for my company?")
    assert reply.lang == "en" and reply.query == "Can I apply for my company?"


def test_a_resident_typing_pinyin_is_answered_in_chinese(services: Services) -> None:
    person = Resident(services.assistant, lang="en")
    [reply] = person.say("shenqing gongkai yao shoufei ma")
    assert "不收取费用" in reply.text
    # ...and the person's language followed: "ok" or a case number is now answered in Chinese
    assert services.repo.user_lang(person.user_id) == "zh"
