"""Walking a resident through a form: consent, one field at a time, summary, confirm.

Every step is saved as a draft before the reply goes out, so a restart of the bot
resumes exactly where the resident was. Nothing but the draft is stored until the
resident confirms; confirming twice (a double tap, a redelivered update) files one case.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import callbacks
from bot.filing import CaseService
from bot.forms.application import APPLICATION
from bot.forms.complaint import (
    COMPLAINT,
    EVIDENCE_KINDS,
    MAX_EVIDENCE,
    MAX_EVIDENCE_BYTES,
)
from bot.forms.spec import FieldSpec, FormSpec
from bot.i18n import Catalogue
from bot.messages import Button, Context, Keyboard, Media, Out
from bot.store import Repository
from bot.textnorm import Lang
from bot.validators import InvalidField, mask_email, mask_id, mask_name, mask_phone

FORMS: dict[str, FormSpec] = {APPLICATION.name: APPLICATION, COMPLAINT.name: COMPLAINT}
CONSENT = "_consent"
SUMMARY = "_summary"
EDIT_MENU = "_edit"
BACK_WORDS = {"back", "返回", "上一步", "后退"}
DONE_WORDS = {"done", "完成", "好了", "没有了", "跳过"}

# Art. 39: what reads as a complaint or petition rather than a request for information,
# and the reverse. Deliberately few, clear words: a hint, never a refusal.
COMPLAINT_SIGNS = re.compile(r"投诉|举报|检举|信访|上访|不作为|乱作为|贪污|受贿|腐败|索贿|渎职|"
                             r"complain|misconduct|corrupt|bribe")
REQUEST_SIGNS = re.compile(r"申请公开|依申请|提供.{0,10}(文件|资料|信息)|公开.{0,6}(文件|资料)|"
                           r"(想要|索取|调取).{0,10}(文件|资料|信息)|request (a |the )?(document|"
                           r"record|information)")


@dataclass
class Draft:
    form: FormSpec
    step: str
    answers: dict[str, Any]

    @property
    def token(self) -> str:
        return str(self.answers.get("_token", ""))


class FormRunner:
    def __init__(self, repo: Repository, texts: Catalogue, cases: CaseService,
                 expiry_days: int, fact: Callable[[str, Lang], str]) -> None:
        self.repo = repo
        self.texts = texts
        self.cases = cases
        self.expiry_days = expiry_days
        self.fact = fact

    # reading and writing drafts ------------------------------------------------
    def active(self, user_id: int) -> Draft | None:
        """The draft the resident is working on: the most recently touched one."""
        for row in self.repo.active_drafts(user_id):
            if row["form"] in FORMS:
                return Draft(FORMS[row["form"]], row["step"], row["data"])
        return None

    def _load(self, user_id: int, form: str) -> Draft | None:
        row = self.repo.draft(user_id, form)
        return Draft(FORMS[form], row["step"], row["data"]) if row else None

    def _save(self, ctx: Context, draft: Draft) -> None:
        self.repo.save_draft(ctx.user_id, draft.form.name, chat_id=ctx.chat_id, lang=ctx.lang,
                             step=draft.step, data=draft.answers, expiry_days=self.expiry_days)

    def t(self, ctx: Context, key: str, **values: Any) -> str:
        return self.texts.get(ctx.lang, key, **values)

    # starting ------------------------------------------------------------------
    def start(self, ctx: Context, form_name: str) -> list[Out]:
        existing = self._load(ctx.user_id, form_name)
        if existing is not None:
            return [Out(self.t(ctx, "form.resumed")), *self._prompt(ctx, existing)]
        draft = Draft(FORMS[form_name], CONSENT, {"_token": secrets.token_hex(6)})
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    # input ---------------------------------------------------------------------
    def on_text(self, ctx: Context, draft: Draft, text: str) -> list[Out]:
        word = text.strip().lower()
        if word in BACK_WORDS:
            return self._back(ctx, draft)
        if draft.step in (CONSENT, SUMMARY, EDIT_MENU):
            return [Out(self.t(ctx, "form.use_buttons")), *self._prompt(ctx, draft)]
        spec = draft.form.field(draft.step)
        if spec.kind == "evidence":
            if word in DONE_WORDS:
                return self._advance(ctx, draft)
            return [Out(self.t(ctx, "form.evidence.send_media")), *self._prompt(ctx, draft)]
        if spec.kind == "choice":
            return [Out(self.t(ctx, "form.use_buttons")), *self._prompt(ctx, draft)]
        try:
            value = spec.read(text, draft.answers)
        except InvalidField as error:
            return [Out(self.t(ctx, f"invalid.{error.code}")), *self._prompt(ctx, draft)]
        draft.answers[spec.key] = value
        notes = self._art39_hint(ctx, draft, spec)
        return notes + self._advance(ctx, draft)

    def on_media(self, ctx: Context, draft: Draft, media: Media) -> list[Out]:
        if draft.step != "evidence":
            return [Out(self.t(ctx, "non_text_form")), *self._prompt(ctx, draft)]
        evidence: list[dict[str, Any]] = draft.answers.setdefault("evidence", [])
        if media.kind not in EVIDENCE_KINDS:
            return [Out(self.t(ctx, "form.evidence.bad_kind"), self._done_row(ctx, draft))]
        if media.size > MAX_EVIDENCE_BYTES:
            return [Out(self.t(ctx, "form.evidence.too_big"), self._done_row(ctx, draft))]
        if len(evidence) >= MAX_EVIDENCE:
            return [Out(self.t(ctx, "form.evidence.limit", max=MAX_EVIDENCE), self._done_row(
                ctx, draft))]
        if any(item["file_id"] == media.file_id for item in evidence):
            return []  # the same file sent twice (e.g. a redelivered update)
        evidence.append({"file_id": media.file_id, "kind": media.kind, "mime": media.mime,
                         "size": media.size, "name": media.name})
        self._save(ctx, draft)
        return [Out(self.t(ctx, "form.evidence.added", count=len(evidence), max=MAX_EVIDENCE),
                    self._done_row(ctx, draft))]

    def on_button(self, ctx: Context, form_name: str, action: str, value: str) -> list[Out]:
        draft = self._load(ctx.user_id, form_name)
        if action == "confirm":
            return self._confirm(ctx, draft, form_name, value)
        if draft is None:
            return [Out(self.t(ctx, "form.expired"))]
        handler: Callable[[Context, Draft, str], list[Out]] | None = {
            "consent": self._consent, "c": self._choice, "skip": self._skip,
            "back": lambda c, d, v: self._back(c, d), "done": self._evidence_done,
            "edit": lambda c, d, v: self._edit_menu(c, d), "editf": self._edit_field,
            "summary": lambda c, d, v: self._to_summary(c, d),
        }.get(action)
        if handler is None:
            return []
        return handler(ctx, draft, value)

    # steps ---------------------------------------------------------------------
    def _consent(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        if draft.step != CONSENT:
            return self._prompt(ctx, draft)
        if value != "yes":
            self.repo.delete_draft(ctx.user_id, draft.form.name)
            return [Out(self.t(ctx, "form.consent_declined"))]
        draft.answers["_consented"] = True
        return self._advance(ctx, draft, after=None)

    def _choice(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        if draft.step in (CONSENT, SUMMARY, EDIT_MENU):
            return self._prompt(ctx, draft)
        spec = draft.form.field(draft.step)
        if spec.kind != "choice" or value not in spec.choices:
            return self._prompt(ctx, draft)  # a stale button from an earlier step
        draft.answers[spec.key] = value
        return self._advance(ctx, draft)

    def _skip(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        if draft.step != value or draft.step.startswith("_"):
            return self._prompt(ctx, draft)
        spec = draft.form.field(draft.step)
        if not spec.is_optional(draft.answers):
            return self._prompt(ctx, draft)
        draft.answers.pop(spec.key, None)
        return self._advance(ctx, draft)

    def _evidence_done(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        if draft.step != "evidence":
            return self._prompt(ctx, draft)
        return self._advance(ctx, draft)

    def _advance(self, ctx: Context, draft: Draft, after: str | None = "") -> list[Out]:
        """Move to the next field, or back to the summary when editing."""
        current = draft.step if after == "" else after
        if draft.answers.get("_editing"):
            missing = draft.form.missing(draft.answers)
            nxt: FieldSpec | None = missing[0] if missing else None
        else:
            nxt = draft.form.next_field(None if current in (CONSENT, None) else current,
                                        draft.answers)
        draft.step = nxt.key if nxt else SUMMARY
        if draft.step == SUMMARY:
            draft.answers.pop("_editing", None)
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def _back(self, ctx: Context, draft: Draft) -> list[Out]:
        if draft.step == CONSENT:
            return self._prompt(ctx, draft)
        if draft.step in (SUMMARY, EDIT_MENU):
            previous = draft.form.applicable(draft.answers)[-1]
        else:
            previous_spec = draft.form.previous_field(draft.step, draft.answers)
            if previous_spec is None:
                draft.step = CONSENT
                self._save(ctx, draft)
                return self._prompt(ctx, draft)
            previous = previous_spec
        draft.step = previous.key
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def _edit_menu(self, ctx: Context, draft: Draft) -> list[Out]:
        draft.step = EDIT_MENU
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def _edit_field(self, ctx: Context, draft: Draft, key: str) -> list[Out]:
        if key not in [f.key for f in draft.form.applicable(draft.answers)]:
            return self._prompt(ctx, draft)
        draft.step = key
        draft.answers["_editing"] = True
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def _to_summary(self, ctx: Context, draft: Draft) -> list[Out]:
        if draft.form.missing(draft.answers):
            return self._prompt(ctx, draft)
        draft.step = SUMMARY
        draft.answers.pop("_editing", None)
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def _confirm(self, ctx: Context, draft: Draft | None, form_name: str,
                 token: str) -> list[Out]:
        existing = self.cases.by_submission(token) if token else None
        if existing is not None and existing.user_id == ctx.user_id:
            return [Out(self.t(ctx, "form.already_submitted", number=existing.number))]
        if draft is None or draft.step != SUMMARY or draft.token != token:
            return [Out(self.t(ctx, "form.expired"))] if draft is None else self._prompt(
                ctx, draft)
        if draft.form.missing(draft.answers):
            return self._advance(ctx, draft, after=None)
        receipt = self.cases.submit(draft.form, ctx.user_id, ctx.chat_id, ctx.lang,
                                    draft.answers, token)
        return self.cases.receipt_messages(receipt, ctx.lang)

    def _art39_hint(self, ctx: Context, draft: Draft, spec: FieldSpec) -> list[Out]:
        """Art. 39: a complaint filed as an application (or the reverse) is pointed to the
        right form, once, without stopping the resident."""
        value = str(draft.answers.get(spec.key, ""))
        if spec.key == "description" and COMPLAINT_SIGNS.search(value.lower()):
            key, target = "form.hint.use_complaint", "complain"
        elif spec.key == "details" and REQUEST_SIGNS.search(value.lower()):
            key, target = "form.hint.use_application", "apply"
        else:
            return []
        button = Button(self.t(ctx, f"form.switch.{target}"), callbacks.action(target))
        return [Out(self.t(ctx, key), ((button,),))]

    # what the resident sees ----------------------------------------------------
    def _prompt(self, ctx: Context, draft: Draft) -> list[Out]:
        form = draft.form.name
        if draft.step == CONSENT:
            return [Out(self.t(ctx, f"form.{form}.consent", retention=self.expiry_days,
                                office=self.fact("name", ctx.lang)), (
                (Button(self.t(ctx, "form.consent.yes"), callbacks.form(form, "consent", "yes")),),
                (Button(self.t(ctx, "form.consent.no"), callbacks.form(form, "consent", "no")),)))]
        if draft.step == SUMMARY:
            return [self._summary(ctx, draft)]
        if draft.step == EDIT_MENU:
            return [self._edit_choices(ctx, draft)]
        spec = draft.form.field(draft.step)
        text = self.t(ctx, f"ask.{form}.{spec.key}")
        if spec.kind == "evidence":
            count = len(draft.answers.get("evidence", []))
            text = self.t(ctx, f"ask.{form}.evidence", count=count, max=MAX_EVIDENCE)
        return [Out(text, self._field_buttons(ctx, draft, spec))]

    def _field_buttons(self, ctx: Context, draft: Draft, spec: FieldSpec) -> Keyboard:
        form = draft.form.name
        rows: list[tuple[Button, ...]] = []
        if spec.kind == "choice":
            choices = [Button(self.t(ctx, f"choice.{spec.key}.{v}"), callbacks.form(form, "c", v))
                       for v in spec.choices]
            rows += [tuple(choices[i:i + spec.columns])
                     for i in range(0, len(choices), spec.columns)]
        if spec.kind == "evidence":
            rows.append(self._done_row(ctx, draft)[0])
        elif spec.is_optional(draft.answers):
            rows.append((Button(self.t(ctx, "form.skip"), callbacks.form(form, "skip", spec.key)),))
        rows.append((Button(self.t(ctx, "form.back"), callbacks.form(form, "back")),))
        return tuple(rows)

    def _done_row(self, ctx: Context, draft: Draft) -> Keyboard:
        done = callbacks.form(draft.form.name, "done")
        return ((Button(self.t(ctx, "form.evidence.done"), done),),)

    def _summary(self, ctx: Context, draft: Draft) -> Out:
        lines = [self.t(ctx, f"form.{draft.form.name}.summary")]
        for spec in draft.form.applicable(draft.answers):
            lines.append(f"• {self.t(ctx, f'label.{spec.key}')}：{self.show(ctx, spec, draft)}"
                         if ctx.lang == "zh" else
                         f"• {self.t(ctx, f'label.{spec.key}')}: {self.show(ctx, spec, draft)}")
        form = draft.form.name
        buttons = (
            (Button(self.t(ctx, "form.confirm"), callbacks.form(form, "confirm", draft.token)),),
            (Button(self.t(ctx, "form.edit"), callbacks.form(form, "edit")),),
            (Button(self.t(ctx, "form.cancel"), callbacks.cancel()),),
        )
        return Out("\n".join(lines), buttons)

    def show(self, ctx: Context, spec: FieldSpec, draft: Draft) -> str:
        value = draft.answers.get(spec.key)
        if spec.kind == "evidence":
            return self.t(ctx, "form.evidence.count", count=len(value or []))
        if value in (None, ""):
            return self.t(ctx, "form.not_given")
        if spec.kind == "choice":
            return self.t(ctx, f"choice.{spec.key}.{value}")
        return str(value)

    def _edit_choices(self, ctx: Context, draft: Draft) -> Out:
        form = draft.form.name
        buttons = [Button(self.t(ctx, f"label.{spec.key}"), callbacks.form(form, "editf", spec.key))
                   for spec in draft.form.applicable(draft.answers)]
        pairs = [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]
        back = callbacks.form(form, "summary")
        pairs.append((Button(self.t(ctx, "form.back_to_summary"), back),))
        return Out(self.t(ctx, "form.edit_which"), tuple(pairs))


def masked(spec: FieldSpec, value: Any) -> str:
    """A personal value as staff notices show it: enough to recognise, not to misuse."""
    text = str(value)
    if spec.key in ("name", "contact_person"):
        return mask_name(text)
    if spec.key == "id_number" or spec.key == "credit_code":
        return mask_id(text)
    if spec.key == "phone":
        return mask_phone(text)
    if "email" in spec.key:
        return mask_email(text)
    return "***"
