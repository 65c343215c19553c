"""Button payloads: what the builders make, `decode` reads back; anything else is None."""

from __future__ import annotations

import pytest

from bot import callbacks
from bot.callbacks import Callback, Kind


@pytest.mark.parametrize(("data", "expected"), [
    (callbacks.menu(), Callback(Kind.MENU)),
    (callbacks.topic("apply.fees"), Callback(Kind.TOPIC, ("apply.fees",))),
    (callbacks.feedback(12, -1), Callback(Kind.FEEDBACK, ("12", "-1"))),
    (callbacks.staff("accept", "YSQ-2026-000001"),
     Callback(Kind.STAFF, ("accept", "YSQ-2026-000001"))),
    (callbacks.form("apply", "c", "a:b"), Callback(Kind.FORM, ("apply", "c", "a:b"))),
    (callbacks.language(), Callback(Kind.LANG)),
    (callbacks.none_of_these(7), Callback(Kind.NONE_OF_THESE, ("7",))),
])
def test_builders_round_trip(data: str, expected: Callback) -> None:
    assert callbacks.decode(data) == expected


@pytest.mark.parametrize("data", ["", "x", "zz:1", "s:", "s:view", "t:", "fb:1", "f:apply",
                                  "st:", "corr:"])
def test_anything_the_bot_never_made_decodes_to_none(data: str) -> None:
    assert callbacks.decode(data) is None


def test_payloads_over_telegrams_64_bytes_are_refused_when_built() -> None:
    with pytest.raises(ValueError):
        callbacks.topic("长" * 30)
