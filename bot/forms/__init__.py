"""Step-by-step forms: the disclosure application (Art. 29) and the complaint.

The registry lives here, with the forms: the runner, staff views, exports and the
retention purge all find a form by its name or by the kind of case it files.
"""

from __future__ import annotations

from bot.forms.application import APPLICATION
from bot.forms.complaint import COMPLAINT
from bot.forms.spec import FormSpec

FORMS: dict[str, FormSpec] = {APPLICATION.name: APPLICATION, COMPLAINT.name: COMPLAINT}
BY_CASE_KIND: dict[str, FormSpec] = {form.case_kind: form for form in FORMS.values()}


def form_for_case(kind: str) -> FormSpec:
    """The form that files cases of this kind ("application", "complaint")."""
    return BY_CASE_KIND[kind]
