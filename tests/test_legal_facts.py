"""Every legal fact the answers state (article, period, the day it starts, the body to go
to), pinned in both languages, so that a later edit cannot silently undo it. The
reviewer's table is docs/legal-review.md; each row there has its pin here.

The answers are read as residents get them: rendered with the shipped agency facts."""

from __future__ import annotations

import re

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.kb.loader import load_knowledge_base
from bot.kb.model import KnowledgeBase
from bot.matching.engine import AnswerEngine, Outcome

KB: KnowledgeBase = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)


# Article numbers and periods, read from the text. Chinese: 第十四条, 第十四条至第十六条,
# 20个工作日, 60日, 6个月 (dates such as 1月31日 and years are not periods). English:
# Art. 14, Art. 14-16, Art. 53, 62, Art. 23(1)(3); 20 working days, 60 days, 6 months.
_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_CN = "[一二三四五六七八九十百零]+"
_ZH_ARTICLE = re.compile(rf"第({_CN})条(?:至第({_CN})条)?")
_EN_ARTICLE = re.compile(r"Art\. ((?:\d+(?:\(\d+\))*(?:-\d+)?(?:, | and )?)+)")
_ZH_PERIOD = re.compile(r"(?<![月\d])(\d+)(个工作日|日|个月|年)(?!度)")
_EN_PERIOD = re.compile(r"(\d+) (working days?|days?|months?|years?)\b")
_UNITS = {"个工作日": "wd", "日": "d", "个月": "m", "年": "y", "working day": "wd",
          "working days": "wd", "day": "d", "days": "d", "month": "m", "months": "m",
          "year": "y", "years": "y"}


def _chinese_number(text: str) -> int:
    total, current = 0, 0
    for char in text:
        if char in "十百":
            total += (current or 1) * (10 if char == "十" else 100)
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


def articles(text: str, lang: str) -> list[int]:
    found: set[int] = set()
    if lang == "zh":
        for first, last in _ZH_ARTICLE.findall(text):
            low = _chinese_number(first)
            found |= set(range(low, (_chinese_number(last) if last else low) + 1))
        return sorted(found)
    for group in _EN_ARTICLE.findall(text):
        for part in re.split(r", | and ", group):
            part = re.sub(r"\(\d+\)", "", part).strip()
            if "-" in part:
                low, high = part.split("-")
                found |= set(range(int(low), int(high) + 1))
            elif part:
                found.add(int(part))
    return sorted(found)


def periods(text: str, lang: str) -> list[tuple[int, str]]:
    pattern = _ZH_PERIOD if lang == "zh" else _EN_PERIOD
    return sorted({(int(number), _UNITS[unit]) for number, unit in pattern.findall(text)
                   if not (unit == "年" and int(number) > 1900)})


# Every article number and period each topic cites, the same in both languages.
CITED: dict[str, tuple[list[int], list[tuple[int, str]]]] = {
    "about.bot": ([], []),
    "apply.who": ([27, 41, 43], []),
    "apply.how": ([29, 31], []),
    "apply.content": ([29, 30], [(7, 'wd')]),
    "apply.time-limit": ([16, 23, 30, 33, 35, 47, 66],
                         [(6, 'm'), (20, 'wd'), (40, 'wd'), (60, 'd')]),
    "apply.receipt-date": ([30, 31], []),
    "apply.correction": ([30], [(7, 'wd')]),
    "apply.fees": ([42], [(20, 'wd')]),
    "apply.response-types": ([23, 30, 36, 37, 39], []),
    "apply.form": ([36, 40, 42, 43], []),
    "apply.status": ([33, 47], [(20, 'wd')]),
    "apply.not-handled": ([35, 36, 38, 39], []),
    # Demolition: Art. 21 (districts publish expropriation), the application's articles,
    # and the general remedy periods (60 days, 6 months), the competent body unconfirmed.
    "apply.expropriation": ([21, 23, 27, 29, 33, 36, 39], [(6, 'm'), (20, 'wd'), (60, 'd')]),
    "complain.how": ([23, 47, 51], []),
    "complain.remedies": ([14, 15, 16, 23, 47, 51, 53, 62, 66, 85],
                          [(1, 'y'), (6, 'm'), (10, 'd'), (15, 'd'), (30, 'd'), (60, 'd')]),
    "contact.office": ([], []),
    "exempt.overview": ([14, 15, 16, 23, 36, 37, 38], []),
    "exempt.state-secret": ([14, 17, 23, 36, 37], [(60, 'd')]),
    "exempt.commercial-secret": ([15, 20, 32, 37], [(15, 'wd')]),
    "exempt.privacy": ([15, 32, 37, 41], [(15, 'wd')]),
    "exempt.process-info": ([16, 20, 23, 36, 37], []),
    "exempt.law-enforcement": ([13, 14, 15, 16, 20, 23], []),
    "exempt.third-party": ([15, 32, 33, 34, 51], [(15, 'wd')]),
    "exempt.partial": ([14, 15, 16, 23, 37], [(60, 'd')]),
    "scope.principle": ([2, 5, 6, 13, 14, 15, 16], []),
    "scope.proactive": ([19, 20, 21], []),
    "scope.internal": ([16, 20], []),
    "scope.channels": ([23, 24, 25], []),
    "scope.timeliness": ([6, 26, 47], [(20, 'wd')]),
    "scope.catalog": ([12], []),
    "scope.annual-report": ([49, 50], []),
}

# (topic, language, statements it must make)
STATEMENTS: list[tuple[str, str, list[str]]] = [
    # Reconsideration before any lawsuit for refusals (Reconsideration Law 2023, Art. 23).
    ("apply.response-types", "zh", ["不予公开的决定（包括部分公开中不予公开的部分），"
                                    "须先申请行政复议",
                                    "《行政复议法》第二十三条"]),
    ("apply.response-types", "en", ["a refusal (including the withheld part of a partial "
                                    "disclosure) must go to administrative reconsideration "
                                    "first", "Reconsideration Law Art. 23"]),
    ("complain.how", "zh", ["对不予公开的决定，须先申请行政复议", "《行政复议法》第二十三条"]),
    ("complain.how", "en", ["a refusal to disclose must go to reconsideration first",
                            "Reconsideration Law Art. 23"]),
    ("exempt.partial", "zh", ["这部分属于不予公开，须先复议", "《行政复议法》第二十三条",
                              "自知道之日起60日内申请行政复议"]),
    ("exempt.partial", "en", ["the withheld part is a refusal to disclose, so it must go to "
                              "reconsideration first", "Reconsideration Law Art. 23",
                              "within 60 days"]),
    ("exempt.overview", "zh", ["须先申请行政复议", "《行政复议法》第二十三条"]),
    ("exempt.overview", "en", ["apply for administrative reconsideration first",
                               "Reconsideration Law Art. 23"]),
    ("exempt.state-secret", "zh", ["对不予公开决定须先复议，再起诉", "第二十三条", "60日内"]),
    ("exempt.state-secret", "en", ["must go to reconsideration before any lawsuit",
                                   "Art. 23", "within 60 days"]),
    ("exempt.process-info", "zh", ["须先申请行政复议", "第二十三条"]),
    ("exempt.process-info", "en", ["apply for administrative reconsideration first",
                                   "Art. 23"]),
    ("exempt.law-enforcement", "zh", ["须先申请行政复议", "第二十三条"]),
    ("exempt.law-enforcement", "en", ["apply for administrative reconsideration first",
                                      "Art. 23"]),
    ("complain.remedies", "zh", ["依照《行政复议法》（2023年修订）第二十三条，须先申请行政复议",
                                 "包括部分公开中不予公开的部分"]),
    ("complain.remedies", "en", ["must go to reconsideration first",
                                 "(Reconsideration Law, 2023 revision, Art. 23)",
                                 "including the withheld part of a partial disclosure"]),
    # No reply: reconsideration advised first, and why; periods from the expiry.
    ("complain.remedies", "zh", ["逾期不答复的，也建议先申请复议", "第二十三条第一款第（三）项",
                                 "各地法院认识不一",
                                 "逾期不答复的，自答复期限届满之日起计算（《行政复议法实施条例》第十六条）",
                                 "逾期不答复的，自答复期限届满之日起6个月内提起",
                                 "2018年行政诉讼法司法解释第六十六条"]),
    ("complain.remedies", "en", ["For no reply, reconsideration first is advised too",
                                 "Art. 23(1)(3)", "courts differ",
                                 "for no reply, the 60 days run from the day the reply period "
                                 "expired (Implementing Regulations of the Reconsideration "
                                 "Law, Art. 16)",
                                 "for no reply, within 6 months from the day the reply period "
                                 "expired", "2018 interpretation of the Litigation Law, Art. 66"]),
    ("apply.time-limit", "zh", ["自答复期限届满之日起60日内申请行政复议"
                                "（《行政复议法实施条例》第十六条）",
                                "建议先复议再起诉", "第二十三条第一款第（三）项",
                                "各地法院认识不一",
                                "自答复期限届满之日起6个月", "第六十六条"]),
    ("apply.time-limit", "en", ["within 60 days from the day the reply period expired "
                                "(Implementing Regulations of the Reconsideration Law, Art. 16)",
                                "Reconsideration before any lawsuit is advised",
                                "Art. 23(1)(3)", "courts differ",
                                "within 6 months from the day the reply period expired",
                                "Art. 66"]),
    # Periods in general.
    # A demolition is disputed by reconsideration or a lawsuit, not by an application;
    # which body and court the sources cannot tell, and the answer says so.
    ("apply.expropriation", "zh", ["信息公开申请解决不了这一争议",
                                   "自知道该行为之日起60日内申请行政复议",
                                   "自知道或者应当知道该行为之日起6个月内直接提起行政诉讼",
                                   "本助手无法确认", "从其规定"]),
    ("apply.expropriation", "en", ["a disclosure application cannot settle that dispute",
                                   "within 60 days of learning of the act",
                                   "within 6 months of knowing or having to know of the act",
                                   "this assistant cannot confirm it",
                                   "that provision applies"]),
    ("complain.remedies", "zh", ["自知道该行为之日起60日内申请", "复议不收费",
                                 "直接起诉的，自知道或者应当知道该行为之日起6个月内提起",
                                 "自收到复议决定书之日起15日内起诉",
                                 "复议机关逾期不作决定的，自复议期满之日起15日内起诉"]),
    ("complain.remedies", "en", ["within 60 days of learning of the act", "free of charge",
                                 "without reconsideration, within 6 months of knowing",
                                 "within 15 days of receiving the decision",
                                 "if the reconsideration body decides late, within 15 days "
                                 "from the end of its decision period"]),
    # How long reconsideration takes (Reconsideration Law Art. 53, 62).
    ("complain.remedies", "zh", ["信息公开案件可以适用简易程序，"
                                 "复议机关自受理申请之日起30日内作出决定",
                                 "《行政复议法》第五十三条、第六十二条",
                                 "适用普通程序的，60日内作出决定", "最多不超过30日（第六十二条）"]),
    ("complain.remedies", "en", ["simplified procedure, decided within 30 days of the "
                                 "application being accepted", "Reconsideration Law Art. 53, 62",
                                 "under the ordinary procedure, within 60 days",
                                 "at most 30 days in complex cases (Art. 62)"]),
    # The court: how to find it, not a name (Litigation Law Art. 14-15); appeals (Art. 85).
    ("complain.remedies", "zh", ["一般由基层人民法院管辖", "《行政诉讼法》第十四条、第十五条",
                                 "诉讼服务中心",
                                 "自判决书送达之日起15日内向上一级人民法院提起上诉",
                                 "不服裁定的为10日，《行政诉讼法》第八十五条",
                                 "和针对行政机关答复的行政复议不是一回事"]),
    ("complain.remedies", "en", ["normally a basic-level people's court",
                                 "Litigation Law Art. 14, 15", "litigation service centre",
                                 "within 15 days of its service",
                                 "10 days against a ruling; Litigation Law Art. 85",
                                 "it is not the same as reconsideration"]),
    # Art. 47: a complaint to the supervising office for late or unlawful replies.
    ("complain.remedies", "zh", ["逾期不答复、不依法答复处理的，"
                                 "可以向政府信息公开工作主管部门提出（第四十七条）"]),
    ("complain.remedies", "en", ["where an agency fails to reply or does not handle an "
                                 "application lawfully, to the disclosure supervising office "
                                 "(Art. 47)"]),
    ("apply.time-limit", "zh", ["可以向政府信息公开工作主管部门提出，由其督促整改（第四十七条）"]),
    ("apply.time-limit", "en", ["the government's disclosure supervising office, which can "
                                "order the agency to put it right (Art. 47)"]),
    ("apply.status", "zh", ["逾期未答复的，可以向政府信息公开工作主管部门提出（第四十七条）"]),
    ("apply.status", "en", ["disclosure supervising office (Art. 47)"]),
    # Scope and exemptions.
    ("scope.internal", "zh", ["人事任免不在第二十条所列事项中"]),
    ("scope.internal", "en", ["Personnel appointments are not among the Art. 20 items"]),
    ("exempt.law-enforcement", "zh", ["不予公开只能依据第十四条至第十六条（第十三条）"]),
    ("exempt.law-enforcement", "en", ["Only Art. 14-16 justify withholding (Art. 13)"]),
    ("exempt.privacy", "zh", ["只在办理所需的范围内提供给办理该事项的机关和工作人员"]),
    ("exempt.privacy", "en", ["passed only to the bodies and staff who handle the matter"]),
    # What the English used to drop.
    ("exempt.overview", "en", ["need not be provided (Art. 38)"]),
    ("apply.fees", "en", ["within 20 working days of receiving the notice"]),
    ("about.bot", "en", ["this office's own disclosure rules", "its written reply"]),
    ("scope.proactive", "en", ["office address, office hours, contact details and the names "
                               "of its heads", "statistics", "licensing", "penalties",
                               "budgets and final accounts", "administrative fees",
                               "procurement", "major construction projects", "poverty relief",
                               "emergency plans", "food and drugs", "civil-service recruitment",
                               "land expropriation, housing expropriation", "(Art. 21)",
                               "farmers who lost their land", "school enrolment policies"]),
    # Omissions residents hit.
    ("scope.principle", "zh", ["以一定形式记录、保存的信息（《政府信息公开条例》第二条）"]),
    ("scope.principle", "en", ["record and keep in some form (Regulations on the Disclosure "
                               "of Government Information, Art. 2)"]),
    ("apply.how", "zh", ["书面形式确有困难的，才可以口头提出，"
                         "由工作机构代为填写申请（《条例》第二十九条）",
                         "打电话咨询不等于提出申请"]),
    ("apply.how", "en", ["Only if writing is truly difficult may you apply orally",
                         "(Art. 29)", "A phone call asking about information is therefore not "
                         "an application"]),
    # Foreign applicants and applications in other languages: the Regulations say nothing.
    ("apply.who", "zh", ["外国人、外国组织能否申请", "用中文以外的语言书写"]),
    ("apply.who", "en", ["Whether foreign nationals and foreign organisations may apply",
                         "a language other than Chinese"]),
    # Applying through someone else: the Regulations say nothing, so nothing is asserted.
    ("apply.who", "zh", ["委托他人代为申请是否可以、要带哪些材料", "本助手无法确认"]),
    ("apply.who", "en", ["is not set out in the Regulations", "this assistant cannot confirm it"]),
    ("apply.fees", "zh", ["收到通知之日起20个工作日内缴纳",
                          "从发出收费通知到您缴纳费用的时间，不计算在答复期限内"]),
    ("apply.fees", "en", ["The time from the fee notice until you pay does not count toward "
                          "the reply period"]),
    ("apply.time-limit", "zh", ["从发出收费通知到您缴纳费用的时间（国办函〔2020〕109号）"]),
    ("apply.time-limit", "en", ["the time from the fee notice until you pay "
                                "(国办函〔2020〕109号)"]),
    ("apply.content", "zh", ["一事一申请"]),
    ("apply.content", "en", ["one per matter (一事一申请)"]),
    ("complain.how", "zh", ["设有举报箱"]),
    ("complain.how", "en", ["report boxes"]),
    ("scope.annual-report", "zh", ["适用1月31日前的时限（第四十九条）"]),
    ("scope.annual-report", "en", ["follows the 31 January deadline (Art. 49)"]),
    ("apply.not-handled", "zh", ["信访请向当地人民政府的信访工作机构提出",
                                 "（《条例》第三十九条）"]),
    ("apply.not-handled", "en", ["Petitions go to the petition office", "(Art. 39)"]),
]

# (topic, language, statements that were wrong and must not come back)
WRONG: list[tuple[str, str, list[str]]] = [
    ("apply.response-types", "zh", ["对答复不服的，可以投诉、申请行政复议或提起行政诉讼"]),
    ("apply.response-types", "en", ["If you disagree, complain, apply for reconsideration or sue"]),
    ("apply.time-limit", "zh", ["可以投诉（/complain），或申请行政复议、提起行政诉讼"]),
    ("apply.time-limit", "en", ["apply for reconsideration or sue"]),
    ("complain.how", "zh", ["或者申请行政复议、提起行政诉讼（《条例》第四十七条、第五十一条）"]),
    ("complain.how", "en", ["seek reconsideration or sue (Art. 47, 51)"]),
    ("complain.remedies", "zh", ["其他情形（如逾期不答复）可以选择复议或者直接起诉",
                                 "复议机关一般在60日内作出决定", "中级人民法院）"]),
    ("complain.remedies", "en", ["e.g. no reply, may go to either", "Decision within 60 days, "
                                 "extendable by 30", "Intermediate People's Court"]),
    ("scope.internal", "zh", ["人事任免、招聘录用结果等属于对外主动公开的内容"]),
    ("scope.internal", "en", ["appointments and recruitment results, however, are published"]),
    ("exempt.law-enforcement", "zh", ["的公开制度也规定不予公开"]),
    ("exempt.law-enforcement", "en", ["The office's own rules also withhold"]),
    ("exempt.privacy", "zh", ["不向他人公开"]),
    ("exempt.privacy", "en", ["and are kept confidential."]),
    ("apply.how", "zh", ["webmaster@"]),
    ("apply.how", "en", ["webmaster@"]),
    # Presented as law, though the Regulations say nothing of foreign applicants.
    ("apply.who", "zh", ["外国人、外国组织也可以申请"]),
    ("apply.who", "en", ["foreign nationals and foreign organisations may apply too"]),
]


def _cases(table: list[tuple[str, str, list[str]]]) -> list[tuple[str, str, str]]:
    return [(topic, lang, text) for topic, lang, texts in table for text in texts]


@pytest.mark.parametrize(("topic", "lang", "statement"), _cases(STATEMENTS))
def test_answer_states(topic: str, lang: str, statement: str) -> None:
    assert statement in KB.answer(topic, lang)  # type: ignore[arg-type]


@pytest.mark.parametrize(("topic", "lang", "statement"), _cases(WRONG))
def test_answer_no_longer_states(topic: str, lang: str, statement: str) -> None:
    assert statement not in KB.answer(topic, lang)  # type: ignore[arg-type]


def test_no_answer_names_a_court_or_offers_a_lawsuit_before_reconsideration_of_a_refusal(
) -> None:
    for topic in KB.topics:
        for lang in ("zh", "en"):
            text = KB.answer(topic.id, lang)  # type: ignore[arg-type]
            assert "中级人民法院（" not in text and "Intermediate People's Court" not in text
            assert "对不予公开的决定，可以直接" not in text, topic.id


def test_petitions_get_the_channel_to_use(engine: AnswerEngine) -> None:
    for question, lang, needles in (
            ("我要上访", "zh", ["第三十九条", "信访工作机构", "/complain"]),
            ("信访局在哪里", "zh", ["信访工作机构"]),
            ("where is the petition office", "en", ["Art. 39", "petition office"])):
        reply = engine.ask(question, lang)  # type: ignore[arg-type]
        assert reply.outcome is Outcome.FALLBACK and reply.hint, question
        for needle in needles:
            assert needle in reply.hint, (question, needle)
    # A question about petitions sent as applications is still the disclosure topic.
    assert engine.ask("上访的事能走信息公开吗", "zh").topic == "apply.not-handled"


def test_remedies_line_of_the_answer_notice_is_computed_not_generic() -> None:
    from bot.i18n import default_catalogue
    texts = default_catalogue()
    for lang in ("zh", "en"):
        assert "{remedy}" in texts.get(lang, "notify.answered")  # type: ignore[arg-type]
        assert "{remedy}" in texts.get(lang, "notify.withdrawn")  # type: ignore[arg-type]


@pytest.mark.parametrize("topic", sorted(CITED))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_articles_and_periods_cited_are_the_reviewed_ones(topic: str, lang: str) -> None:
    text = KB.answer(topic, lang)  # type: ignore[arg-type]
    expected_articles, expected_periods = CITED[topic]
    assert articles(text, lang) == expected_articles
    assert periods(text, lang) == expected_periods


def test_every_topic_is_reviewed() -> None:
    assert set(CITED) == set(KB.by_id)


def test_the_readers_of_citations_read_them() -> None:
    assert articles("第十四条至第十六条、第二十三条第一款第（三）项", "zh") == [14, 15, 16, 23]
    assert articles("Art. 14-16; Art. 23(1)(3); Art. 53, 62", "en") == [14, 15, 16, 23, 53, 62]
    assert periods("20个工作日，60日，6个月，1月31日，2019年，1年", "zh") == [
        (1, "y"), (6, "m"), (20, "wd"), (60, "d")]
    assert periods("20 working days, 60 days, 6 months, 1 year", "en") == [
        (1, "y"), (6, "m"), (20, "wd"), (60, "d")]
