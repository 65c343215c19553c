"""bot/remedies.py: the remedy paragraph for every outcome, with computed last days, and
the notices residents get with it (answer, withdrawal, overdue status)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.clock import FixedClock
from bot.i18n import default_catalogue
from bot.messages import Out
from bot.remedies import Remedy, add_months, no_reply_remedy, remedy_for
from bot.services import Services
from bot.staff.outcomes import OUTCOMES
from tests.helpers import Resident, fill_application

TEXTS = default_catalogue()
STAFF, RESIDENT = 500, 42
NOTICE = date(2026, 11, 26)
BODY = {"reconsideration_body": {"zh": "平顶山市人民政府",
                                 "en": "the Pingdingshan Municipal People's Government"}}


def render(remedy: Remedy) -> dict[str, str]:
    return {lang: remedy.render(TEXTS, lang) for lang in ("zh", "en")}


@pytest.mark.parametrize("code", sorted(OUTCOMES))
def test_every_outcome_has_a_paragraph_with_the_reconsideration_date(code: str) -> None:
    remedy = remedy_for(code, NOTICE, BODY)
    assert remedy.starts == NOTICE
    assert remedy.reconsider_by == date(2027, 1, 25)  # 60 days after 2026-11-26
    for lang, text in render(remedy).items():
        assert text and not text.startswith("remedy."), (code, lang)
        assert "2027-01-25" in text and "2026-11-26" in text, (code, lang)
        assert "{" not in text, (code, lang, text)
    assert "60日内" in render(remedy)["zh"] and "60 days" in render(remedy)["en"]


@pytest.mark.parametrize("code", ["2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"])
def test_refusals_go_to_reconsideration_before_any_lawsuit(code: str) -> None:
    remedy = remedy_for(code, NOTICE, BODY)
    assert remedy.key == "remedy.refused" and remedy.sue_by is None
    text = render(remedy)
    assert "须先申请行政复议" in text["zh"] and "第二十三条" in text["zh"]
    assert "向平顶山市人民政府申请行政复议" in text["zh"]
    assert "收到复议决定书之日起15日内" in text["zh"]
    assert "6个月" not in text["zh"]
    assert "must go to reconsideration first (Reconsideration Law Art. 23)" in text["en"]
    assert "to the Pingdingshan Municipal People's Government by 2027-01-25" in text["en"]
    assert "6 months" not in text["en"]


@pytest.mark.parametrize(("code", "key"), [
    ("1", "remedy.disclosed"), ("4.1", "remedy.not_held"), ("4.2", "remedy.cannot_provide"),
    ("4.3", "remedy.cannot_provide"), ("5.1", "remedy.petition"), ("5.2", "remedy.not_handled"),
    ("5.5", "remedy.not_handled"), ("6.1", "remedy.withdrawn"), ("6.2", "remedy.withdrawn"),
    ("6.3", "remedy.other")])
def test_other_outcomes_offer_both_routes_with_dates(code: str, key: str) -> None:
    remedy = remedy_for(code, NOTICE, BODY)
    assert remedy.key == key
    assert remedy.sue_by == date(2027, 5, 26)  # 6 months (Litigation Law Art. 46)
    text = render(remedy)
    assert "2027-05-26" in text["zh"] and "6个月" in text["zh"]
    assert "2027-05-26" in text["en"] and "6 months" in text["en"]
    assert "建议先申请复议" in text["zh"]
    assert "reconsideration first is advised" in text["en"].lower()


def test_not_held_names_the_agency_to_ask_when_given() -> None:
    generic = render(remedy_for("4.1", NOTICE, BODY))
    assert "第三十六条" in generic["zh"] and "能够确定负责机关的" in generic["zh"]
    assert "(Art. 36)" in generic["en"]
    named = render(remedy_for("4.1", NOTICE, BODY, refer_to="平顶山市自然资源和规划局"))
    assert "负责公开该信息的机关是平顶山市自然资源和规划局" in named["zh"]
    assert "能够确定负责机关的" not in named["zh"]


def test_petitions_are_pointed_to_their_channel() -> None:
    text = render(remedy_for("5.1", NOTICE, BODY))
    assert "第三十九条" in text["zh"] and "/complain" in text["zh"]
    assert "(Art. 39)" in text["en"]


def test_withdrawals_invite_a_new_application() -> None:
    text = render(remedy_for("6.1", NOTICE, BODY))
    assert "重新提交申请（/apply）" in text["zh"] and "new application" in text["en"]


def test_no_reply_counts_from_the_expiry_of_the_reply_period() -> None:
    due = date(2026, 12, 24)
    remedy = no_reply_remedy(due, BODY)
    assert remedy.key == "remedy.no_reply" and remedy.starts == due
    assert remedy.reconsider_by == date(2027, 2, 22)  # 60 days after the expiry
    assert remedy.sue_by == date(2027, 6, 24)  # 6 months after the expiry
    text = render(remedy)
    assert "自答复期限届满之日起60日内，《行政复议法实施条例》第十六条" in text["zh"]
    assert "第二十三条第一款第（三）项" in text["zh"] and "各地法院认识不一" in text["zh"]
    assert "第六十六条" in text["zh"] and "2027-06-24" in text["zh"]
    assert "第四十七条" in text["zh"]
    assert "Implementing Regulations of the Reconsideration Law, Art. 16" in text["en"]
    assert "Art. 23(1)(3)" in text["en"] and "courts differ" in text["en"]
    assert "Art. 66" in text["en"] and "(Art. 47)" in text["en"]


def test_an_unconfirmed_body_is_never_named() -> None:
    text = render(remedy_for("3.1", NOTICE, {}))
    assert "平顶山市人民政府" not in text["zh"] and "请向本机关询问" in text["zh"]
    assert "ask the office which body" in text["en"]
    no_reply = render(no_reply_remedy(NOTICE, {}))
    assert "具体部门请向本机关询问" in no_reply["zh"]
    assert "ask the office which one" in no_reply["en"]


def test_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError):
        remedy_for("9.9", NOTICE, BODY)


def test_months_end_on_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 7, 15), 6) == date(2027, 1, 15)


# the notices ------------------------------------------------------------------------
def file_application(services: Services) -> tuple[Resident, str]:
    person = Resident(services.assistant, RESIDENT)
    fill_application(person)
    person.press_label("确认提交")
    return person, services.repo.list_cases()[-1].number


def to_chat(outs: list[Out], chat_id: int) -> str:
    return "\n".join(out.text for out in outs if out.chat_id == chat_id)


def test_answer_notice_ends_with_the_remedy_for_that_outcome(services: Services) -> None:
    _, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/answer {number} 3.4 article=15 涉及第三方个人隐私，不予公开。")
    notice = to_chat(staff.last, RESIDENT)
    assert "涉及第三方个人隐私" in notice
    assert "2027-01-25" in notice and "须先申请行政复议" in notice
    # The shipped base has not confirmed the reconsideration body: it is not named.
    assert "平顶山市人民政府" not in notice and "请向本机关询问" in notice
    assert "或提起行政诉讼（发送" not in notice


def test_disclosure_notice_offers_both_routes(services: Services) -> None:
    _, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/answer {number} 1 已提供，见附件。")
    notice = to_chat(staff.last, RESIDENT)
    assert "2027-01-25" in notice and "2027-05-26" in notice and "须先" not in notice


def test_withdrawal_notice_carries_its_remedy(services: Services, clock: FixedClock) -> None:
    _, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/correct {number} 请补充文件名称")
    clock.advance(days=40)  # 2027-01-05
    [notice] = services.workflow.expire_corrections()
    assert "视为放弃" in notice.text and "/apply" in notice.text
    assert "2027-03-06" in notice.text  # 60 days from the notice date


def test_overdue_status_shows_the_no_reply_remedy(services: Services,
                                                  clock: FixedClock) -> None:
    resident, number = file_application(services)
    due = str(services.repo.case_by_number(number).due_date)
    resident.say(f"/status {number}")
    assert "届满而未答复" not in resident.text
    clock.advance(days=40)
    resident.say(f"/status {number}")
    assert f"答复期限已于 {due} 届满而未答复" in resident.text
    assert "第十六条" in resident.text and "第四十七条" in resident.text
