"""The disclosure application, field by field, as Art. 29 asks: who applies and how to
reach them, what information they want, in what form. No purpose is asked: the 2019
revision dropped that condition (Art. 27)."""

from __future__ import annotations

from bot.forms.spec import (
    Answers,
    FieldSpec,
    FormSpec,
    contact_phone,
    credit_code,
    email,
    hidden,
    identity_number,
    person_name,
    postcode,
    text_between,
)
from bot.validators import mask_email, mask_id, mask_name, mask_phone

# Subtypes of the national annual-report table (国办公开办函〔2021〕30号).
APPLICANT_TYPES = ("natural", "business", "research", "public_interest", "legal_service",
                   "other_org")
ID_TYPES = ("resident_id", "passport", "hk_macao_permit", "taiwan_permit", "other")
DELIVERY = ("email", "online", "post", "pickup")
PAPER_DELIVERY = ("post", "pickup")  # a paper copy cannot be e-mailed or shown online
MIN_DESCRIPTION = 10


def is_person(answers: Answers) -> bool:
    return answers.get("applicant_type") == "natural"


def is_organisation(answers: Answers) -> bool:
    return answers.get("applicant_type") not in (None, "natural")


def _needs_email(answers: Answers) -> bool:
    return answers.get("delivery") == "email" and not answers.get("email")


def _by_post(answers: Answers) -> bool:
    return answers.get("delivery") == "post"


def _has_phone(answers: Answers) -> bool:
    """Art. 29 asks for a way to reach the applicant: a phone, or else an e-mail."""
    return bool(answers.get("phone"))


def _email_prompt(answers: Answers) -> str:
    return "optional" if _has_phone(answers) else "required"


def _id_prompt(answers: Answers) -> str:
    return "resident_id" if answers.get("id_type") == "resident_id" else "other"


def _deliveries(answers: Answers) -> tuple[str, ...]:
    return PAPER_DELIVERY if answers.get("medium") == "paper" else DELIVERY


APPLICATION = FormSpec(
    name="apply",
    case_kind="application",
    fields=(
        FieldSpec("applicant_type", kind="choice", choices=APPLICANT_TYPES),
        FieldSpec("name", parse=person_name, when=is_person, mask=mask_name),
        FieldSpec("org_name", parse=text_between(2, 100), when=is_organisation),
        FieldSpec("credit_code", parse=credit_code, when=is_organisation, mask=mask_id),
        FieldSpec("contact_person", parse=person_name, when=is_organisation, mask=mask_name),
        FieldSpec("id_type", kind="choice", choices=ID_TYPES, when=is_person),
        FieldSpec("id_number", parse=identity_number, when=is_person, mask=mask_id,
                  prompt_variant=_id_prompt, variants=("resident_id", "other")),
        FieldSpec("phone", parse=contact_phone, optional=True, mask=mask_phone),
        FieldSpec("email", parse=email, optional_when=_has_phone, mask=mask_email,
                  prompt_variant=_email_prompt, variants=("optional", "required")),
        FieldSpec("description", parse=text_between(MIN_DESCRIPTION, 2000), free_text=True),
        FieldSpec("document_number", parse=text_between(2, 100), optional=True),
        FieldSpec("medium", kind="choice", choices=("electronic", "paper"), columns=2),
        FieldSpec("delivery", kind="choice", choices=DELIVERY, columns=2,
                  choices_when=_deliveries),
        FieldSpec("delivery_email", parse=email, when=_needs_email, mask=mask_email),
        FieldSpec("address", parse=text_between(5, 200), when=_by_post, mask=hidden),
        FieldSpec("postcode", parse=postcode, when=_by_post, mask=hidden),
    ),
)
