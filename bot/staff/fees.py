"""Information-processing fees (Art. 42; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》).

Disclosure is free; a fee is charged only for clearly excessive volume or frequency, by
one of two methods per application (never both):
- by application (按件): an applicant's applications in one calendar month, the first 10
  free, the 11th to 30th 100 yuan each, then 100 yuan more per application for each
  further band of 10 (31st-40th 200 yuan, 41st-50th 300 yuan, ...);
- by volume (按量): pages of one application, up to 30 free, pages 31-100 10 yuan each,
  101-200 20 yuan each, over 200 40 yuan each.
The applicant pays within 20 working days of the notice or the application counts as
withdrawn; the reply period stops from the notice until payment.

Unconfirmed here (not in the sources this project keeps): how pages are counted for
information provided electronically; waivers for applicants in hardship. Staff decide
those; the code only applies the tiers above.
"""

from __future__ import annotations

from enum import StrEnum

PAYMENT_DAYS = 20  # working days from the fee notice


class FeeMethod(StrEnum):
    PIECES = "pieces"  # 按件计收
    PAGES = "pages"  # 按量计收


FREE_PIECES = 10
PIECE_BAND = 10
PIECE_STEP = 100
FIRST_PAID_BAND_END = 30
PAGE_TIERS: tuple[tuple[int, int, int], ...] = (  # (first page, last page, yuan a page)
    (31, 100, 10),
    (101, 200, 20),
    (201, 10**9, 40),
)


def fee_for_piece(nth_this_month: int) -> int:
    """The fee for an applicant's nth application in a calendar month."""
    if nth_this_month <= FREE_PIECES:
        return 0
    if nth_this_month <= FIRST_PAID_BAND_END:
        return PIECE_STEP
    bands_over = (nth_this_month - FIRST_PAID_BAND_END - 1) // PIECE_BAND + 1
    return PIECE_STEP * (1 + bands_over)


def fee_for_pages(pages: int) -> int:
    """The fee for one application of `pages` pages; each tier charges only its part."""
    total = 0
    for first, last, price in PAGE_TIERS:
        if pages >= first:
            total += (min(pages, last) - first + 1) * price
    return total


def fee(method: FeeMethod, quantity: int) -> int:
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    return fee_for_piece(quantity) if method is FeeMethod.PIECES else fee_for_pages(quantity)
