"""What a field is, declared once on the field: purge, staff masking and exports read
the declarations instead of lists of field names (a new personal field is masked and
purged by declaring it so, nowhere else)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.forms import BY_CASE_KIND, FORMS, form_for_case
from bot.forms.application import APPLICATION
from bot.forms.spec import FieldSpec, FormSpec, hidden
from bot.ops import PURGED, purge
from bot.services import Services
from bot.staff.views import StaffViews
from bot.validators import mask_name
from tests.helpers import Resident, fill_application


def test_every_field_says_what_it_is() -> None:
    for form in FORMS.values():
        for spec in form.fields:
            # A choice is a fixed value, never personal; evidence has limits.
            assert not (spec.kind == "choice" and spec.purged), spec.key
            assert (spec.kind == "evidence") == (spec.evidence is not None), spec.key
    personal = {spec.key for spec in APPLICATION.fields if spec.personal}
    assert {"name", "id_number", "phone", "email", "address", "postcode"} <= personal
    assert APPLICATION.field("description").free_text
    assert form_for_case("complaint").field("evidence").evidence is not None


def _with_extra_field(monkeypatch: pytest.MonkeyPatch, extra: FieldSpec) -> FormSpec:
    form = replace(APPLICATION, fields=(*APPLICATION.fields, extra))
    monkeypatch.setitem(FORMS, "apply", form)
    monkeypatch.setitem(BY_CASE_KIND, "application", form)
    return form


def _file(services: Services) -> str:
    person = Resident(services.assistant)
    fill_application(person)
    person.press_label("确认提交")
    [case] = services.repo.list_cases()
    return case.number


def test_purge_reads_the_declarations(services: Services, clock: object,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    number = _file(services)
    _with_extra_field(monkeypatch, FieldSpec("witness", mask=mask_name, optional=True))
    case = services.repo.case_by_number(number)
    assert case is not None
    data = {**case.data, "witness": "李四"}
    services.repo.db.execute("update cases set data = ?, status = 'closed', closed_at = ? "
                             "where number = ?", (json.dumps(data, ensure_ascii=False),
                                                  "2020-01-01T00:00:00.000000Z", number))
    purge(services.repo, 1, apply=True)
    purged = services.repo.case_by_number(number)
    assert purged is not None
    assert purged.data["witness"] == PURGED and purged.data["description"] == PURGED
    assert purged.data["medium"] == "electronic"  # a choice stays for the report


def test_staff_notice_masks_what_is_declared_personal(services: Services,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    number = _file(services)
    _with_extra_field(monkeypatch, FieldSpec("when_where", mask=hidden, optional=True))
    case = services.repo.case_by_number(number)
    assert case is not None
    record = replace(case, data={**case.data, "when_where": "某地"})
    views: StaffViews = services.views
    notice = views.new_case_notice(record).text
    assert "某地" not in notice and "***" in notice
    assert "张*" in notice and "张三" not in notice
