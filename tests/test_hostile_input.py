"""Hostile and odd input through the text handler and every form field: always a polite
reply, never an exception, nothing stored that a form did not accept, the database
intact."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.forms.application import APPLICATION
from bot.messages import Event, Media
from bot.services import Services
from tests.helpers import NASTY, Resident, fill_application, said

FORM_FIELDS = [f.key for f in APPLICATION.fields if f.kind == "text"]
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                max_size=300)


def _integrity(services: Services) -> None:
    assert services.repo.db.execute("pragma integrity_check").fetchone()[0] == "ok"


def _polite(outs: list) -> None:  # type: ignore[type-arg]
    for out in outs:
        assert out.text.strip(), "an empty reply"
        assert "Traceback" not in out.text and "Error" not in out.text


@pytest.mark.parametrize("text", NASTY)
def test_listed_nasty_text_gets_a_polite_reply(services: Services, text: str) -> None:
    person = Resident(services.assistant, 77)
    outs = person.say(text)
    _polite(outs)
    assert outs or text.strip() == ""  # the rate limiter is far away; something is said
    _integrity(services)
    if not text.startswith(("/apply", "/complain")):  # only a form's command starts one
        assert services.repo.active_drafts(77) == []


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_random_unicode_questions(services: Services, text: str) -> None:
    services.assistant.limiter.limit = 10**9
    person = Resident(services.assistant, 78)
    _polite(person.say(text or " "))
    assert services.repo.active_drafts(78) == []


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FORM_FIELDS), text=st.one_of(texts, st.sampled_from(NASTY)))
def test_random_input_in_every_form_field(services: Services, field: str, text: str) -> None:
    assistant = services.assistant
    for limiter in (assistant.limiter, assistant.form_limiter, assistant.button_limiter):
        limiter.limit = 10**9  # input is the subject here, not flooding
    person = Resident(services.assistant, 79)
    for _ in range(3):  # the previous examples' drafts (an application, maybe a complaint)
        person.say("/cancel")
        if said("form.leave.yes") not in [label for label, _ in person.buttons()]:
            break
        person.press_label(said("form.leave.yes"))
    assert services.repo.active_drafts(79) == []
    person.say("/apply")
    person.press_label("同意")
    applicant = "business" if field in ("org_name", "credit_code", "contact_person") else \
        "natural"
    person.press(f"f:apply:c:{applicant}")
    draft = services.repo.draft(79, "apply")
    assert draft is not None
    # Jump straight to the field under test, as an edit from the summary would.
    prefilled = {**draft["data"], "delivery": "post", "phone": "13812348000"}
    prefilled.pop(field, None)
    services.repo.save_draft(79, "apply", chat_id=79, lang="zh", step=field, data=prefilled,
                             expiry_days=7)
    outs = person.say(text)
    _polite(outs)
    stored = (services.repo.draft(79, "apply") or {"data": {}})["data"].get(field)
    if stored is not None:
        spec = APPLICATION.field(field)
        assert stored == spec.read(text, {"id_type": "passport"} if field == "id_number"
                                   else {})  # only what the validator accepted
    assert services.repo.list_cases() == []
    _integrity(services)


@pytest.mark.parametrize("data", [
    "s:accept:YSQ-2026-000001", "f:apply:confirm:deadbeef", "f:apply:c:natural",
    "f:evil:c:x", "t:../../etc/passwd", "fb:1:1", "fb:-5:9", "st:YSQ-2026-000001",
    "corr:YSQ-2026-000001", "x" * 64, "", "lang:klingon", "m:nothing", "f:apply:editf:_token",
])
def test_forged_callback_data_does_nothing_harmful(services: Services, data: str) -> None:
    owner = Resident(services.assistant, 42)  # a real case to forge buttons against
    fill_application(owner)
    owner.press_label("确认提交")
    [before] = services.repo.list_cases()
    assert before.number == "YSQ-2026-000001"
    events = services.repo.case_events(before.id)
    person = Resident(services.assistant, 80)
    _polite(person.press(data))
    [after] = services.repo.list_cases()
    assert after == before and services.repo.case_events(before.id) == events
    assert "张三" not in "\n".join(o.text for o in person.last)
    _integrity(services)


@pytest.mark.parametrize("media", [
    Media("sticker"), Media("voice", "V1"), Media("location"), Media("contact"),
    Media("video", "VID", "video/mp4", 999_999_999), Media("document", "D", "x/y", 10**10),
])
def test_unexpected_media_everywhere(services: Services, media: Media) -> None:
    person = Resident(services.assistant, 81)
    _polite(person.send_media(media))
    person.say("/complain")
    person.press_label("同意")
    _polite(person.send_media(media))
    reaction = services.assistant.handle(Event(user_id=81, chat_id=81, kind="media",
                                               media=media, private=False))
    _polite(reaction.messages)
    assert services.repo.list_cases() == []


def test_oversized_evidence_is_refused(services: Services) -> None:
    person = Resident(services.assistant, 82)
    person.say("/complain")
    person.press_label("同意")
    person.press_label("其他")
    person.press_label("跳过")
    person.say("这是一段足够长的关于问题的详细描述，用来进入证据步骤。")
    person.press_label("跳过")
    person.send_media(Media("document", "BIG", "application/pdf", 50 * 1024 * 1024, "big.pdf"))
    assert "太大" in person.text
    draft = services.repo.draft(82, "complain")
    assert draft is not None and draft["data"].get("evidence", []) == []


def test_sql_metacharacters_are_stored_verbatim(services: Services) -> None:
    person = Resident(services.assistant, 83)
    person.press("leave")
    person.say("'); DELETE FROM cases; --")
    [row] = services.repo.all("select text from staff_questions")
    assert row["text"] == "'); DELETE FROM cases; --"
    conn = sqlite3.connect(services.settings.db_path)
    assert conn.execute("select count(*) from staff_questions").fetchone()[0] == 1
