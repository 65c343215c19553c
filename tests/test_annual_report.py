"""A year of sample cases, handled through the desk as staff would, gives the annual
report in the 2021 national format: its layout row by row, balanced in every column,
with carried-over cases, fees, and reconsideration and litigation results."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.clock import FixedClock
from bot.services import Services
from bot.staff.carryover import import_carried_over
from bot.staff.report import annual_report, as_csv, as_markdown, template_rows

STAFF = 500

# The 2021 template (国办公开办函〔2021〕30号), table 三, as printed: each row's labels.
TEMPLATE = [
    ("一、本年新收政府信息公开申请数量", "", ""),
    ("二、上年结转政府信息公开申请数量", "", ""),
    ("三、本年度办理结果", "（一）予以公开", ""),
    ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    ("三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("三、本年度办理结果", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("三、本年度办理结果", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("三、本年度办理结果", "（六）其他处理", "3.其他"),
    ("三、本年度办理结果", "（七）总计", ""),
    ("四、结转下年度继续办理", "", ""),
]


def test_the_layout_is_the_templates() -> None:
    assert [tuple(levels) for _, *levels in template_rows()] == TEMPLATE


def register(services: Services, applicant: str, received: date) -> str:
    case = services.cases.register("application", "letter", received,
                                   {"name": "申请人", "description": "某项政府信息"},
                                   "staff:500", applicant_type=applicant)
    return case.number


def test_a_year_of_cases_balances(services: Services, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 1, 5, 2, tzinfo=UTC)
    carried, problems = import_carried_over(
        services.cases,
        "kind,channel,received_on,applicant_type,status\n"
        "application,letter,2025-12-22,business,accepted\n"
        "application,in-person,2025-12-29,,received\n", "staff:500")
    assert problems == [] and len(carried) == 2
    workflow = services.workflow
    workflow.answer(carried[0].number, STAFF, "1", "所申请的文件见附件")
    a = register(services, "natural", date(2026, 1, 5))
    workflow.answer(a, STAFF, "3.4", "涉及第三方商业秘密，第三方不同意公开", article="15")
    workflow.record_remedy(a, STAFF, review="corrected")
    clock.moment = datetime(2026, 3, 2, 2, tzinfo=UTC)
    b = register(services, "research", date(2026, 3, 2))
    workflow.charge_fee(b, STAFF, "pages", 150)
    workflow.record_payment(b, STAFF)
    workflow.answer(b, STAFF, "2", "除个人信息外予以公开，个人信息依法不公开", article="15")
    workflow.record_remedy(b, STAFF, lawsuit="upheld", after_review=False)
    c = register(services, "legal_service", date(2026, 3, 2))
    workflow.charge_fee(c, STAFF, "pieces", 12)
    d = register(services, "natural", date(2026, 3, 2))
    workflow.request_correction(d, STAFF, "请写明文件的名称")
    clock.moment = datetime(2026, 5, 6, 2, tzinfo=UTC)
    workflow.expire_deadlines()  # c: fee unpaid (6.2); d: not corrected (6.1)
    e = register(services, "public_interest", date(2026, 5, 6))
    workflow.withdraw(e, None, STAFF)  # 6.3
    clock.moment = datetime(2026, 12, 28, 2, tzinfo=UTC)
    register(services, "other_org", date(2026, 12, 28))  # carried forward to 2027
    services.cases.register("complaint", "in-person", date(2026, 6, 1), {"details": "x"},
                            "staff:500")

    table = annual_report(services.repo, 2026)
    assert table.check() == []
    rows = {row_id: values for row_id, _, values in table.rows()}
    #                    natural business research public legal other total
    assert rows["new"] == [2, 0, 1, 1, 1, 1, 6]
    assert rows["carried_over"] == [1, 1, 0, 0, 0, 0, 2]
    assert rows["1"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["2"] == [0, 0, 1, 0, 0, 0, 1]
    assert rows["3.4"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["6.1"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["6.2"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["6.3"] == [0, 0, 0, 1, 0, 0, 1]
    assert rows["total"] == [2, 1, 1, 1, 1, 0, 6]
    assert rows["carried_forward"] == [1, 0, 0, 0, 0, 1, 2]  # the imported one and 12-28
    remedies = {block: values for block, _, values in table.remedy_rows()}
    assert remedies["review"] == [0, 1, 0, 0, 1]
    assert remedies["direct_lawsuit"] == [1, 0, 0, 0, 1]
    assert remedies["lawsuit_after_review"] == [0, 0, 0, 0, 0]
    assert (table.fees_noticed, table.fees_noticed_amount) == (2, 1800)
    assert (table.fees_paid, table.fees_paid_amount) == (1, 1700)
    assert (table.complaints_received, table.complaints_handled) == (1, 0)

    markdown = as_markdown(table)
    row = ("| 三、本年度办理结果 | （三）不予公开 | 4.保护第三方合法权益 "
           "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    assert row in markdown
    assert "| 行政复议 | 0 | 1 | 0 | 0 | 1 |" in markdown
    assert "发出收费通知 2 件，金额 1800 元；实际收取信息处理费 1 件，金额 1700 元" in markdown
    assert as_csv(table).splitlines()[0].startswith("row,level1,level2,level3,自然人")
    # The next year starts from what this one carried forward.
    following = annual_report(services.repo, 2027)
    assert next(v for r, _, v in following.rows() if r == "carried_over")[-1] == 2
    assert following.check() == []
