"""Outcome codes of the national annual-report table (国办公开办函〔2021〕30号), and the
applicant columns it counts them under."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Catalogue, default_catalogue
from bot.textnorm import Lang

# The national table's outcome codes, in its order; their labels are texts
# (`outcome.<code>`, `outcome.group.<n>` in bot/locales), in the template's own words.
OUTCOMES: tuple[str, ...] = (
    "1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3",
    "5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3",
)
GROUP_NUMBERS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6")

# Columns of the table: natural persons, then the five kinds of legal person or other
# organisation, then the total.
APPLICANT_COLUMNS: tuple[str, ...] = ("natural", "business", "research", "public_interest",
                                   "legal_service", "other_org")

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


def outcome_label(code: str, lang: Lang = "zh", texts: Catalogue | None = None) -> str:
    return (texts or default_catalogue()).get(lang, f"outcome.{code}")


def group_label(group: str, lang: Lang = "zh", texts: Catalogue | None = None) -> str:
    """The heading of an outcome group, e.g. （三）不予公开."""
    return (texts or default_catalogue()).get(lang, f"outcome.group.{group}")


def column_label(column: str, lang: Lang = "zh", texts: Catalogue | None = None) -> str:
    return (texts or default_catalogue()).get(lang, f"report.column.{column}")
