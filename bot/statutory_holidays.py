"""The public holidays that fixed rules give, for a year whose official schedule (with its
make-up working days, 调休) is not published yet.

By the national holiday rules in force since 2025 (《全国年节及纪念日放假办法》, as revised
by the State Council in November 2024), everyone has off: New Year's Day (1 January);
the Spring Festival, 4 days (lunar New Year's Eve and the 1st to 3rd of the first lunar
month); Qingming, 1 day (the solar term); Labour Day, 2 days (1 and 2 May); the Dragon
Boat Festival (5th of the 5th lunar month); the Mid-Autumn Festival (15th of the 8th lunar
month); National Day, 3 days (1 to 3 October). The published schedule usually adds
bridging days and moves weekends, which no rule predicts: a date counted with these days
alone stays provisional.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from lunardate import LunarDate

# The Qingming term by the 21st-century approximation [Y*D + C] - L (Y: the year's last
# two digits, L: leap years before it); right for 2001-2099.
_QINGMING_C = 4.81
_QINGMING_D = 0.2422


def qingming(year: int) -> date:
    y = year % 100
    return date(year, 4, int(y * _QINGMING_D + _QINGMING_C) - y // 4)


def _lunar(year: int, month: int, day: int) -> date:
    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    if not 2001 <= year <= 2099:
        return frozenset()
    new_year = _lunar(year, 1, 1)
    days = {
        date(year, 1, 1),
        new_year - timedelta(days=1), new_year, new_year + timedelta(days=1),
        new_year + timedelta(days=2),
        qingming(year),
        date(year, 5, 1), date(year, 5, 2),
        _lunar(year, 5, 5),
        _lunar(year, 8, 15),
        date(year, 10, 1), date(year, 10, 2), date(year, 10, 3),
    }
    # The Spring Festival's eve may fall in the previous solar year (never in practice
    # since the eve is late January at the earliest): keep only this year's days.
    return frozenset(day for day in days if day.year == year)
