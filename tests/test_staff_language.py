"""Language as a setting: staff read in the configured staff language; the office's time
zone is a setting that reaches the clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import ConfigError, load_settings
from bot.matching.engine import AnswerEngine
from bot.services import build_services
from tests.helpers import Resident, fill_application


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_staff_chat_notice_is_in_the_staff_language(
        tmp_path: Path, engine: AnswerEngine, clock: FixedClock, lang: str) -> None:
    settings = load_settings({"DISCLOSURE_STAFF_LANGUAGE": lang}, db_path=str(tmp_path / "db"),
                             staff_ids="500", staff_chat_id="-1000")
    services = build_services(settings, clock=clock, engine=engine)
    try:
        person = Resident(services.assistant)  # the resident writes in Chinese
        fill_application(person)
        outs = person.press_label("确认提交")
        [notice] = [o for o in outs if o.chat_id == -1000]
        number = services.repo.list_cases()[0].number
        kind = services.texts.get(lang, "kind.application")
        expected = services.texts.get(lang, "staff.new_case", number=number, kind=kind,
                                      received="", due="", summary="")
        assert notice.text.splitlines()[0] == expected.splitlines()[0]
        name_line = services.texts.get(lang, "staff.field_line",
                                       label=services.texts.get(lang, "label.name"), value="张*")
        assert name_line in notice.text.splitlines()
        assert [b.label for row in notice.buttons for b in row] == [
            services.texts.get(lang, "staff.btn.view"), services.texts.get(lang, "staff.btn.take")]
    finally:
        services.close()


def test_an_unknown_staff_language_or_time_zone_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError, match="staff_language"):
        load_settings({"DISCLOSURE_STAFF_LANGUAGE": "fr"})
    with pytest.raises(ConfigError, match="time zone"):
        load_settings({"DISCLOSURE_TIMEZONE": "Mars/Olympus"})


def test_the_time_zone_setting_reaches_the_clock(tmp_path: Path, engine: AnswerEngine) -> None:
    settings = load_settings({"DISCLOSURE_TIMEZONE": "Asia/Urumqi"}, db_path=str(tmp_path / "db"))
    services = build_services(settings, engine=engine)
    try:
        assert str(services.clock.zone) == "Asia/Urumqi"
    finally:
        services.close()
