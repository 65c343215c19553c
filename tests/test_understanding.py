"""Issue 10 through the conversation core: small talk, several questions in one message,
the language of the reply, and case numbers typed in free text."""

from __future__ import annotations

import pytest

from bot.clock import FixedClock
from bot.config import Settings
from bot.insights import unanswered
from bot.matching.decision import MAX_ALTERNATIVES
from bot.matching.engine import AnswerEngine, Outcome
from bot.matching.smalltalk import small_talk, strip_pleasantries
from bot.messages import Event
from bot.services import Services, build_services
from tests.eval.dataset import NATURAL_FILE, load_cases
from tests.helpers import Resident, close_call, file_application

EMERGENCY = ("110", "120", "119")


def _texts(outs: list) -> str:  # type: ignore[type-arg]
    return "\n".join(o.text for o in outs)


@pytest.mark.parametrize(("message", "lang", "expected"), [
    ("谢谢", "zh", "不客气"),
    ("谢谢你啊！", "zh", "不客气"),
    ("thanks", "en", "welcome"),
    ("Thank you so much!", "zh", "welcome"),
    ("再见", "zh", "再见"),
    ("bye", "en", "Goodbye"),
    ("你是机器人吗", "zh", "机器人"),
    ("are you a real person?", "en", "bot"),
    ("你真棒", "zh", "谢谢"),
    ("you are useless", "en", "Sorry"),
    ("你能干啥", "zh", "/apply"),
    ("帮帮我", "zh", "直接打字提问"),
    ("help me please", "en", "Just type your question"),
    ("you're useless!", "en", "Sorry"),  # the apostrophe folded like the lexicon's
    ("非常感谢你的帮助", "zh", "不客气"),  # thanks, not a call for help
])
def test_small_talk_gets_a_short_friendly_reply_and_the_menu(
        services: Services, message: str, lang: str, expected: str) -> None:
    person = Resident(services.assistant, lang=lang)
    [reply] = person.say(message)
    assert expected in reply.text
    assert not any(number in reply.text for number in EMERGENCY)
    data = [b.data for row in reply.buttons for b in row]
    assert "leave" not in data  # never the fallback's offer to leave the question
    assert "a:apply" in data  # back to the menu


@pytest.mark.parametrize(("message", "kind"), [
    ("机器人👋你能干啥", "capabilities"),  # what it can do matters more than what it is
    ("晚安", "goodbye"),
    ("你回答得真不错啊", "praise"),  # filler words around the praise, written together
    ("how do I use this?", "help"),
    ("这个机器人还挺好用", "praise"),  # naming the bot is not asking whether it is one
    ("hi bot", "greeting"),
    ("机器人？", "robot"),  # alone, the word still asks
])
def test_small_talk_kinds(services: Services, message: str, kind: str) -> None:
    assert services.engine.ask(message).smalltalk == kind


@pytest.mark.parametrize("message", ["谢谢，申请要收费吗", "你好，机器人能帮我查征地批复吗",
                                     "help, how long until they reply?",
                                     "你们收到了吗"])  # "收到" alone acknowledges; asked, a status
def test_a_question_around_small_talk_is_still_a_question(services: Services,
                                                           message: str) -> None:
    assert services.engine.ask(message).smalltalk is None


@pytest.mark.parametrize(("message", "kind"), [
    ("您辛苦了，麻烦您了", "thanks"),  # polite
    ("中嘞，得劲", "thanks"),  # Henan: "OK" outranks the praise
    ("俺不会用", "help"),
    ("弄啥嘞", "capabilities"),  # Henan: "what is this for"
    ("yyds！", "praise"),  # internet slang
    ("绝绝子👍", "praise"),
    ("栓Q", "insult"),  # ironic thanks: exasperation
    ("拜拜了您嘞", "goodbye"),
    ("886~", "goodbye"),
    ("谢谢❤️", "thanks"),  # the emoji's presentation selector is no word
    ("👍🏻", "praise"),  # emoji alone, skin tone and all
    ("🙏🙏🙏", "thanks"),
    ("👋", "greeting"),
    ("😡", "insult"),
    ("[抱拳][玫瑰]", "thanks"),  # WeChat's emoji arrive as their names
    ("謝謝，再見", "goodbye"),  # traditional characters
    ("你好嗎", "greeting"),
    ("谢射", "thanks"),  # typos
    ("你号", "greeting"),
    ("我年纪大了不会用", "help"),  # elderly
    ("这玩意儿咋用", "help"),
    ("你还会啥", "capabilities"),
    ("机器人还是客服？", "robot"),
    ("Much obliged, I appreciate your assistance. Kind regards", "goodbye"),  # formal
    ("tysm!!", "thanks"),  # texting
    ("gm", "greeting"),
    ("ttyl", "goodbye"),
    ("cheers mate", "thanks"),
    ("thank you very much for your help me", "thanks"),  # Chinglish
    ("you are very good robot", "praise"),
    ("thnaks", "thanks"),  # typos
    ("helo", "greeting"),
    ("goodbey", "goodbye"),
    ("is there a person behind this?", "robot"),
    ("r u real", "robot"),
    ("what else can this thing do", "capabilities"),
    ("I don't get how this works", "help"),
    ("this is a joke", "insult"),
])
def test_small_talk_in_the_registers_residents_write(message: str, kind: str) -> None:
    assert small_talk(message) == kind


@pytest.mark.parametrize(("message", "question"), [
    ("恁好，俺想问问申请信息公开要钱不", "俺想问问申请信息公开要钱不"),
    ("您辛苦了，我的申请到哪一步了？谢谢", "我的申请到哪一步了"),
    ("🙏申请要收费吗🙏", "申请要收费吗"),
    ("thx a lot, how long does a request take?", "how long does a request take"),
    ("Dear Sir or Madam, where do I send my application? Kind regards",
     "where do i send my application"),
    ("gm, how do I apply", "how do i apply"),
])
def test_a_question_in_new_registers_of_pleasantries_is_still_a_question(
        message: str, question: str) -> None:
    assert small_talk(message) is None
    assert strip_pleasantries(message) == question


@pytest.mark.parametrize("message", [
    "房子拆了能再建吗",  # "再建" alone is no goodbye: only "好的再建", "谢谢再建"
    "我的申请还在处理中吗",  # nor "中" alone an "OK"
    "中不中",  # Henan "is it OK?": a question
    "申请", "how do i apply"])
def test_words_near_the_new_expressions_stay_questions(message: str) -> None:
    assert small_talk(message) is None
    assert strip_pleasantries(message) == message


@pytest.mark.parametrize("message", ["hello there", "你好呀", "Good morning!"])
def test_greetings_get_the_welcome(services: Services, message: str) -> None:
    [reply] = Resident(services.assistant, lang="en").say(message)
    assert "/apply" in reply.text and "leave" not in [b.data for r in reply.buttons for b in r]


def test_small_talk_is_not_listed_as_unanswered(services: Services) -> None:
    person = Resident(services.assistant)
    person.say("谢谢")
    person.say("护照过期了去哪里换新的")  # declined as another service: not unanswered
    rows = services.repo.questions_since("1970-01-01")
    assert [r["outcome"] for r in rows] == ["declined"]


def test_a_greeting_before_the_question_is_set_aside(services: Services) -> None:
    [reply] = Resident(services.assistant).say("你好，请问申请信息公开要交钱吗？谢谢")
    assert "第四十二条" in reply.text


def test_several_pleasantries_before_the_question_are_all_set_aside() -> None:
    assert strip_pleasantries("Hi, sorry to bother you. Do I have to pay?") == \
        "do i have to pay"
    assert strip_pleasantries("您好，打扰您了，请问申请要钱吗？谢谢，再见") == "请问申请要钱吗"
    assert strip_pleasantries("申请要钱吗 谢谢 多久") == "申请要钱吗 谢谢 多久"  # mid-message


def test_what_can_i_do_after_a_situation_is_not_a_question_about_the_bot(
        shipped_engine: AnswerEngine) -> None:
    message = "It's been two months since I sent my request and nobody has replied. What can I do?"
    reply = shipped_engine.ask(message)
    assert shipped_engine.ask("What can I do?").topic == "about.bot"  # alone, it may be
    assert reply.topic != "about.bot"
    assert "about.bot" not in [s.topic for s in reply.others]


def test_several_questions_answer_one_and_offer_the_others(services: Services) -> None:
    [reply] = Resident(services.assistant).say("申请信息公开要收费吗？一般多久能答复？")
    topics = [b.data for row in reply.buttons for b in row if b.data.startswith("t:")]
    assert "第四十二条" in reply.text or "第三十三条" in reply.text
    other = "t:apply.time-limit" if "第四十二条" in reply.text else "t:apply.fees"
    assert other in topics
    assert "还问到了" in reply.text


def test_a_long_message_never_collapses_to_one_unrelated_suggestion(
        services: Services) -> None:
    message = ("您好！我是村民，去年我们村的土地被征收了，但是到现在也没看到征收批复和补偿标准。"
               "我想问一下这些文件能不能申请公开？如果申请的话要不要交钱？多长时间能答复？谢谢")
    [reply] = Resident(services.assistant).say(message)
    topics = {b.data for row in reply.buttons for b in row if b.data.startswith("t:")}
    assert {"t:apply.fees", "t:apply.time-limit"} & topics or "第四十二条" in reply.text


@pytest.mark.parametrize(("message", "part"), [
    ("办护照要准备什么材料？怎么申请？", "怎么申请？"),
    ("驾照到期了去哪换？要交钱吗？", "要交钱吗？"),
    ("养老金怎么领？要带什么材料？", "要带什么材料？"),
    ("My landlord kept my deposit. Who do I complain to?", "Who do I complain to?"),
])
def test_a_part_does_not_answer_a_message_about_another_service(
        shipped_engine: AnswerEngine, message: str, part: str) -> None:
    assert shipped_engine.ask(part).outcome is Outcome.ANSWER  # alone, it is answered
    reply = shipped_engine.ask(message)
    assert reply.outcome is Outcome.FALLBACK and reply.declined and reply.hint


def test_a_part_near_the_decline_still_answers(shipped_engine: AnswerEngine) -> None:
    # Declined as a question about schooling as a whole, but asking whether a plan was
    # published: that part's topic came close to the group in the message's own ranking.
    reply = shipped_engine.ask("小学招生的划片方案公布了没有？孩子明年上学")
    assert reply.outcome is Outcome.ANSWER and reply.topic == "scope.proactive"


def test_an_english_question_switches_the_language_and_ok_keeps_it(
        services: Services) -> None:
    person = Resident(services.assistant, lang="zh")
    [answer] = person.say("How long until they reply to my request?")
    assert "working days" in answer.text
    [ack] = person.say("ok")
    assert "welcome" in ack.text
    [chinese] = person.say("要收费吗")
    assert "第四十二条" in chinese.text


def test_a_case_number_keeps_the_language(services: Services) -> None:
    person = Resident(services.assistant, lang="en")
    services.repo.set_user_lang(42, "zh")
    outs = person.say("YSQ-2026-999999")
    assert "YSQ-2026-999999" in _texts(outs)
    assert services.repo.user_lang(42) == "zh"


def test_a_button_answers_in_the_language_of_its_message(services: Services) -> None:
    services.repo.set_user_lang(42, "en")
    event = Event(user_id=42, chat_id=42, kind="button", data="t:apply.fees",
                  origin_text="您是不是想问：")
    [reply] = services.assistant.handle(event).messages
    assert "第四十二条" in reply.text


def test_a_case_number_in_free_text_shows_the_residents_own_status(
        services: Services) -> None:
    person, number = file_application(services)
    for message in (number, f"我的申请{number}到哪一步了", number.lower().replace("-", " ")):
        outs = person.say(message)
        assert number in _texts(outs)
        assert outs == person.say(f"/status {number}")


def test_someone_elses_case_number_reveals_nothing(services: Services) -> None:
    _, number = file_application(services)
    stranger = Resident(services.assistant, user_id=77)
    text = _texts(stranger.say(f"{number}进度"))
    assert text == _texts(stranger.say(f"/status {number}"))
    assert "张" not in text


@pytest.mark.parametrize("message", ["你能干啥", "are you a bot?", "帮帮我"])
def test_questions_about_the_bot_itself_carry_its_topic(services: Services,
                                                         message: str) -> None:
    reply = services.engine.ask(message)
    assert reply.smalltalk is not None and reply.topic == "about.bot"
    assert reply.answer == services.engine.kb.answer("about.bot", reply.lang)  # for `ask`
    assert services.engine.ask("谢谢").topic is None  # thanks are about nothing


@pytest.mark.parametrize(("message", "topic"), [
    ("俺想问问恁这儿申请要掏钱不", "apply.fees"),  # Henan dialect: 俺 (I), 恁 (you)
    ("交了申请两个月石沉大海，咋办", "apply.time-limit"),
])
def test_dialect_and_colloquial_words_are_understood(services: Services, message: str,
                                                     topic: str) -> None:
    reply = services.engine.ask(message)
    assert topic in {reply.topic, *(s.topic for s in reply.suggestions)}


@pytest.mark.parametrize(("message", "kind"), [
    ("咱下回再唠", "goodbye"), ("好嘞谢谢您嘞", "thanks"), ("catch ya later", "goodbye"),
    ("many thanks buddy", "thanks")])
def test_small_talk_the_lexicon_misses_is_known_by_its_meaning(
        shipped_engine: AnswerEngine, message: str, kind: str) -> None:
    assert small_talk(message) is None  # the words alone miss it
    assert shipped_engine.ask(message).smalltalk == kind


@pytest.mark.parametrize("message", ["早上好☀️请问我的那个处理完了吗", "tell me a joke"])
def test_a_short_message_is_not_small_talk_for_its_pleasantry_or_a_lookalike(
        shipped_engine: AnswerEngine, message: str) -> None:
    assert shipped_engine.ask(message).smalltalk is None


@pytest.mark.parametrize("message", ["多久", "fees?", "进度", "我想投诉", "how long", "申请要钱吗"])
def test_short_questions_are_never_taken_for_small_talk(shipped_engine: AnswerEngine,
                                                         message: str) -> None:
    assert shipped_engine.ask(message).outcome is Outcome.ANSWER


@pytest.mark.parametrize(("message", "lang"), [("我想撤回我的申请", "zh"),
                                               ("how do I withdraw my application", "en")])
def test_how_to_withdraw_names_the_button_the_status_shows(services: Services, message: str,
                                                           lang: str) -> None:
    reply = services.engine.ask(message, lang)  # type: ignore[arg-type]
    assert reply.topic == "apply.status" and reply.answer is not None
    button = services.texts.get(lang, "withdraw.button")  # type: ignore[arg-type]
    assert button.split(" ", 1)[1] in reply.answer  # the label without its emoji


@pytest.mark.parametrize("message", ["How do I apply for a passport?", "怎么申请护照",
                                     "how do i renew my driving licence", "我要申请低保"])
def test_questions_for_other_services_are_declined_with_where_to_go(
        shipped_engine: AnswerEngine, message: str) -> None:
    reply = shipped_engine.ask(message)
    assert reply.declined and reply.outcome is Outcome.FALLBACK and reply.hint


@pytest.mark.parametrize(("message", "topics"), [
    ("How do I apply, and how long will it take?", {"apply.how", "apply.time-limit"}),
    ("您好，我想要一份咱们区今年老旧小区改造的名单，得走什么流程才能拿到？", {"apply.how"}),
])
def test_a_decline_the_words_and_the_meaning_doubt_offers_topics_beside_where_to_go(
        shipped_engine: AnswerEngine, message: str, topics: set[str]) -> None:
    reply = shipped_engine.ask(message)
    assert reply.outcome is Outcome.SUGGEST and not reply.declined and reply.topic is None
    assert reply.hint  # where to go, should it be another service's question after all
    assert topics & {s.topic for s in reply.suggestions}


def test_a_doubted_decline_reads_where_to_go_then_did_you_mean(
        settings: Settings, clock: FixedClock, shipped_engine: AnswerEngine) -> None:
    services = build_services(settings, clock=clock, engine=shipped_engine)
    try:
        person = Resident(services.assistant, lang="en")
        person.say("How do I apply, and how long will it take?")
        hint = shipped_engine.ask("How do I apply, and how long will it take?").hint
        assert hint and person.text.startswith(hint)
        assert person.text.endswith(services.texts.get("en", "did_you_mean_instead"))
        assert any(data.startswith("c:") and ":apply." in data for _, data in person.buttons())
    finally:
        services.close()


@pytest.mark.parametrize(("message", "topic"), [
    ("I want to apply", "apply.how"), ("我想看看我们村的征地批复文件", "apply.expropriation"),
])
def test_the_issues_examples_are_answered(shipped_engine: AnswerEngine, message: str,
                                          topic: str) -> None:
    reply = shipped_engine.ask(message)
    assert reply.outcome is Outcome.ANSWER and reply.topic == topic


def test_every_phrasing_typed_as_it_is_written_gets_its_own_topic(
        words_engine: AnswerEngine) -> None:
    # What an admin teaches (`kb learn`) is answered so, whatever the rankings say.
    kb = words_engine.kb
    wrong = []
    for topic in kb.topics:
        for lang in ("zh", "en"):
            for text in topic.phrasings[lang]:
                reply = words_engine.ask(text)
                if reply.topic != topic.id and reply.outcome is not Outcome.SMALLTALK:
                    wrong.append((text, topic.id, reply.topic))
    for decline in kb.declines:
        for text in decline.phrasings["zh"] + decline.phrasings["en"]:
            reply = words_engine.ask(text)
            if not reply.declined and reply.outcome is not Outcome.SMALLTALK:
                wrong.append((text, decline.id, reply.topic))
    assert wrong == []


@pytest.mark.parametrize("message", ["住房公積金繳存比例調整的通知，在哪裏可以看到全文？",
                                     "办执照那个收费标准有公示没 在哪看"])
def test_a_document_about_another_service_is_never_left_without_a_topic(
        shipped_engine: AnswerEngine, message: str) -> None:
    reply = shipped_engine.ask(message)
    assert reply.outcome in (Outcome.ANSWER, Outcome.SUGGEST)
    assert not reply.declined
    assert "scope.proactive" in {reply.topic, *(s.topic for s in reply.suggestions)}


def test_the_service_itself_is_still_declined(shipped_engine: AnswerEngine) -> None:
    reply = shipped_engine.ask("住房公积金怎么提取")
    assert reply.declined and not reply.suggestions


def test_only_a_close_call_offers_the_nearest_other_topics(
        shipped_engine: AnswerEngine) -> None:
    cases = [c for c in load_cases(NATURAL_FILE) + load_cases() if c.topic][:300]
    replies = [shipped_engine.ask(case.question) for case in cases]
    answers = [r for r in replies if r.outcome is Outcome.ANSWER]
    close = [r for r in answers if r.alternatives]
    assert close and len(close) < len(answers) // 2  # most answers are sure of themselves
    for reply in close:
        assert reply.topic not in {a.topic for a in reply.alternatives}
        assert 1 <= len(reply.alternatives) <= MAX_ALTERNATIVES
        assert {a.topic for a in reply.alternatives} <= set(shipped_engine.kb.by_id)
    assert not any(r.alternatives for r in replies if r.outcome is not Outcome.ANSWER)
    assert "alternatives" not in answers[0].as_json()  # `ask --json` keeps its contract


def test_a_close_call_shows_the_other_topics_and_keeps_them_after_a_vote(
        settings: Settings, clock: FixedClock, shipped_engine: AnswerEngine) -> None:
    question = close_call(shipped_engine)
    alternatives = [a.topic for a in shipped_engine.ask(question).alternatives]
    services = build_services(settings, clock=clock, engine=shipped_engine)
    try:
        person = Resident(services.assistant)
        person.say(question)
        assert person.text.endswith(services.texts.get("zh", "not_sure"))
        assert "\n\n\n" not in person.text  # one blank line before the note
        [asked] = services.repo.questions_since("1970-01-01")
        offered = [data for label, data in person.buttons() if label.startswith("↪ ")]
        assert offered == [f"c:{asked['id']}:{topic}" for topic in alternatives]
        vote_down = next(data for _, data in person.buttons()
                         if data.startswith("fb:") and data.endswith(":-1"))
        person.press(vote_down)
        kept = [data for out in person.last if out.markup_only for row in out.buttons
                for data in (b.data for b in row)]
        assert [d for d in kept if d in offered] == offered
        assert not any(d and d.startswith("fb:") for d in kept)
        # Choosing one shows its answer and labels the question for the admins.
        [answer] = person.press(offered[-1])
        assert answer.text.startswith(shipped_engine.kb.answer(alternatives[-1], "zh"))
        [group] = unanswered(services.repo, shipped_engine)
        assert group.example == question and group.nearest_topic == alternatives[-1]
    finally:
        services.close()


@pytest.mark.parametrize(("question", "topic"), [
    ("我要申请政府信息，得等多长时间", "apply.time-limit"),
    ("政府信息申请多久出结果", "apply.time-limit"),
    ("提交公开申请以后要等多久", "apply.time-limit"),
    ("政府的新文件多久要公开", "scope.timeliness"),
    ("政府信息形成以后几天内公开", "scope.timeliness")])
def test_how_long_an_application_takes_is_not_how_soon_things_are_published(
        shipped_engine: AnswerEngine, question: str, topic: str) -> None:
    # 申请 is a generic word to the ranking: without it these read alike ("公开" + "多久").
    reply = shipped_engine.ask(question)
    assert (reply.outcome, reply.topic) == (Outcome.ANSWER, topic)
