"""Outcome codes of the national annual-report table (国办公开办函〔2021〕30号), and the
applicant columns it counts them under."""

from __future__ import annotations

from dataclasses import dataclass

OUTCOMES: dict[str, str] = {
    "1": "予以公开",
    "2": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3.1": "不予公开：属于国家秘密",
    "3.2": "不予公开：其他法律行政法规禁止公开",
    "3.3": "不予公开：危及“三安全一稳定”",
    "3.4": "不予公开：保护第三方合法权益",
    "3.5": "不予公开：属于三类内部事务信息",
    "3.6": "不予公开：属于四类过程性信息",
    "3.7": "不予公开：属于行政执法案卷",
    "3.8": "不予公开：属于行政查询事项",
    "4.1": "无法提供：本机关不掌握相关政府信息",
    "4.2": "无法提供：没有现成信息需要另行制作",
    "4.3": "无法提供：补正后申请内容仍不明确",
    "5.1": "不予处理：信访举报投诉类申请",
    "5.2": "不予处理：重复申请",
    "5.3": "不予处理：要求提供公开出版物",
    "5.4": "不予处理：无正当理由大量反复申请",
    "5.5": "不予处理：要求行政机关确认或重新出具已获取信息",
    "6.1": "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "6.2": "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "6.3": "其他处理：其他",
}

OUTCOMES_EN: dict[str, str] = {
    "1": "Disclosed",
    "2": "Partly disclosed",
    "3.1": "Not disclosed: state secret",
    "3.2": "Not disclosed: forbidden by other laws or administrative regulations",
    "3.3": "Not disclosed: endangers security or social stability",
    "3.4": "Not disclosed: protects a third party's lawful rights",
    "3.5": "Not disclosed: internal affairs",
    "3.6": "Not disclosed: process information",
    "3.7": "Not disclosed: law-enforcement case file",
    "3.8": "Not disclosed: administrative inquiry matter",
    "4.1": "Cannot be provided: not held by this agency",
    "4.2": "Cannot be provided: would need to be newly produced",
    "4.3": "Cannot be provided: still unclear after correction",
    "5.1": "Not processed: petition, complaint or report",
    "5.2": "Not processed: repeat request",
    "5.3": "Not processed: publication requested",
    "5.4": "Not processed: excessive repeated requests without reason",
    "5.5": "Not processed: confirmation or re-issue of information already obtained",
    "6.1": "Other: correction deadline missed",
    "6.2": "Other: fee not paid",
    "6.3": "Other",
}

GROUPS = {"1": "（一）予以公开", "2": "（二）部分公开", "3": "（三）不予公开",
          "4": "（四）无法提供", "5": "（五）不予处理", "6": "（六）其他处理"}

# Columns of the table: natural persons, then the five kinds of legal person or other
# organisation, then the total.
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
)

# Deemed withdrawals and the applicant's own withdrawal, by the national table's rows.
CORRECTION_MISSED_OUTCOME = "6.1"
FEE_UNPAID_OUTCOME = "6.2"
APPLICANT_WITHDREW_OUTCOME = "6.3"
WITHDRAWN_OUTCOME = CORRECTION_MISSED_OUTCOME

MAX_ARTICLE = 56  # the 2019 Regulations have 56 articles


@dataclass(frozen=True)
class OutcomeRule:
    """What an outcome requires before the desk records it, and the articles it rests on
    (cited in the reply letter)."""

    basis: tuple[int, ...]
    needs_article: bool = False  # a refusal cites the article it rests on
    needs_agency: bool = False  # "not held here": the agency to ask, or "none"
    min_reason: int = 1  # characters of reasons the reply must give
    needs_expired_correction: bool = False
    needs_unpaid_fee: bool = False
    needs_correction_made: bool = False


_REFUSAL = {"needs_article": True, "min_reason": 10}
RULES: dict[str, OutcomeRule] = {
    "1": OutcomeRule((36,)),
    "2": OutcomeRule((36, 37), **_REFUSAL),  # type: ignore[arg-type]
    "3.1": OutcomeRule((14, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.2": OutcomeRule((14, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.3": OutcomeRule((14, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.4": OutcomeRule((15, 32, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.5": OutcomeRule((16, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.6": OutcomeRule((16, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.7": OutcomeRule((16, 36), **_REFUSAL),  # type: ignore[arg-type]
    "3.8": OutcomeRule((36,), **_REFUSAL),  # type: ignore[arg-type]
    "4.1": OutcomeRule((36,), needs_agency=True),
    "4.2": OutcomeRule((38,), min_reason=10),
    "4.3": OutcomeRule((30, 36), min_reason=10, needs_correction_made=True),
    "5.1": OutcomeRule((39,), min_reason=10),
    "5.2": OutcomeRule((36,), min_reason=5),
    "5.3": OutcomeRule((39,), min_reason=5),
    "5.4": OutcomeRule((35,), min_reason=10),
    "5.5": OutcomeRule((36,), min_reason=5),
    "6.1": OutcomeRule((30,), min_reason=0, needs_expired_correction=True),
    "6.2": OutcomeRule((42,), min_reason=0, needs_unpaid_fee=True),
    "6.3": OutcomeRule((36,), min_reason=0),
}
NO_AGENCY = ("none", "无")  # 4.1 when no agency holds the information (Art. 36(4))


def outcome_label(code: str, lang: str = "zh") -> str:
    return (OUTCOMES_EN if lang == "en" else OUTCOMES).get(code, code)
