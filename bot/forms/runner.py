"""Walking a resident through a form: consent, one field at a time, summary, confirm.

Every step is saved as a draft before the reply goes out, so a restart of the bot
resumes exactly where the resident was. Nothing but the draft is stored until the
resident confirms; confirming twice (a double tap, a redelivered update) files one case.
Leaving is always one button away and always asked about before a draft is thrown away.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from bot import callbacks
from bot.filing import CaseService
from bot.forms import FORMS, evidence, words
from bot.forms.draft import CONSENT, EDIT_MENU, SUMMARY, Draft
from bot.forms.screens import Screens
from bot.forms.spec import FieldSpec
from bot.i18n import Catalogue
from bot.messages import Button, Context, Media, Out
from bot.store import Repository
from bot.textnorm import Lang
from bot.validators import InvalidField

__all__ = ["FORMS", "Draft", "FormRunner"]

# Art. 39: what reads as a complaint or petition rather than a request for information,
# and the reverse. Deliberately few, clear words: a hint, never a refusal.
COMPLAINT_SIGNS = re.compile(r"投诉|举报|检举|信访|上访|不作为|乱作为|贪污|受贿|腐败|索贿|渎职|"
                             r"complain|misconduct|corrupt|bribe")
REQUEST_SIGNS = re.compile(r"申请公开|依申请|提供.{0,10}(文件|资料|信息)|公开.{0,6}(文件|资料)|"
                           r"(想要|索取|调取).{0,10}(文件|资料|信息)|request (a |the )?(document|"
                           r"record|information)")
# What a resident typed in one form that means the same in the other (switching forms).
CARRIED = {
    ("apply", "complain"): {"description": "details", "name": "name", "phone": "phone"},
    ("complain", "apply"): {"details": "description", "name": "name", "phone": "phone"},
}


class FormRunner:
    def __init__(self, repo: Repository, texts: Catalogue, cases: CaseService,
                 expiry_days: int, fact: Callable[[str, Lang], str]) -> None:
        self.repo = repo
        self.texts = texts
        self.cases = cases
        self.expiry_days = expiry_days
        self.screens = Screens(texts, expiry_days, fact)

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

    def _prompt(self, ctx: Context, draft: Draft) -> list[Out]:
        return self.screens.prompt(ctx, draft)

    # starting, pausing ---------------------------------------------------------------
    def start(self, ctx: Context, form_name: str) -> list[Out]:
        existing = self._load(ctx.user_id, form_name)
        if existing is not None:
            existing.answers.pop("_paused", None)
            self._save(ctx, existing)  # also makes it the active draft
            return [Out(self.t(ctx, "form.resumed")), *self._prompt(ctx, existing)]
        draft = Draft(FORMS[form_name], CONSENT, {"_token": secrets.token_hex(6)})
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def confirm_leaving(self, ctx: Context, draft: Draft) -> Out:
        """Discard the draft, or keep going: asked before anything typed is lost."""
        return self.screens.confirm_leaving(ctx, draft)

    def pause(self, ctx: Context, draft: Draft) -> Out:
        """The resident turned to something else (/start, /menu): typed text is a
        question again until they continue; the draft is kept."""
        draft.answers["_paused"] = True
        self._save(ctx, draft)
        return self.screens.waiting(ctx, draft)

    def interrupted(self, ctx: Context, draft: Draft, text: str) -> Out:
        """A question asked in the middle of a form was answered: the form waits at its
        step. Where the step wants the resident's own words, what was typed may have been
        meant as the answer after all: that is offered when it would fit."""
        fits = self.free_text_step(draft) and self.fits(draft, text)
        if fits:
            draft.answers["_pending"] = text
        else:
            draft.answers.pop("_pending", None)
        self._save(ctx, draft)
        return self.screens.waiting(ctx, draft, pending_fits=fits)

    def fits(self, draft: Draft, text: str) -> bool:
        """Whether `text` is a valid answer to the current text step."""
        spec = draft.field()
        if spec is None or spec.kind != "text":
            return False
        try:
            spec.read(text, draft.answers)
        except InvalidField:
            return False
        return True

    def expects_text(self, draft: Draft) -> bool:
        spec = draft.field()
        return spec is not None and spec.kind == "text"

    def free_text_step(self, draft: Draft) -> bool:
        spec = draft.field()
        return spec is not None and spec.free_text

    # input ---------------------------------------------------------------------
    def typed_button(self, ctx: Context, draft: Draft, text: str) -> list[Out] | None:
        """Text typed where buttons are shown that names one of them ("同意", "公民",
        "电子版", "I agree"): taken as that button. None when it names none, or more
        than one."""
        spec = draft.field()
        if draft.step == CONSENT:
            said = words.consent_answer(text)
            if said is not None:
                return self.on_button(ctx, draft.form.name, "consent", said)
        elif spec is None or spec.kind != "choice":
            return None
        wanted = words.label_core(text)
        if not wanted:
            return None
        offered = [(words.label_core(button.label), pressed)
                   for out in self.screens.prompt(ctx, draft) for row in out.buttons
                   for button in row
                   if (pressed := callbacks.decode(button.data)) is not None
                   and pressed.kind is callbacks.Kind.FORM
                   and pressed.part(1) in ("consent", "c")]
        exact = [pressed for label, pressed in offered if label == wanted]
        # "同意" names "✅ 同意，开始填写" but not "❌ 不同意".
        starts = [pressed for label, pressed in offered
                  if len(wanted) >= 2 and label.startswith(wanted)]
        chosen = exact or starts
        if len(chosen) != 1:
            return None
        return self.on_button(ctx, draft.form.name, chosen[0].part(1), chosen[0].part(2))

    def on_text(self, ctx: Context, draft: Draft, text: str) -> list[Out]:
        draft.answers.pop("_paused", None)  # typing into the form is carrying on with it
        if words.is_leaving(text):
            return [self.screens.confirm_leaving(ctx, draft)]
        if words.is_back(text):
            return self._back(ctx, draft)
        spec = draft.field()
        if spec is None or spec.kind == "choice":
            return [Out(self.t(ctx, "form.use_buttons")), *self._prompt(ctx, draft)]
        if spec.evidence is not None:
            if words.is_done(text):
                return self._advance(ctx, draft)
            return [Out(self.t(ctx, "form.evidence.send_media")), *self._prompt(ctx, draft)]
        if spec.is_optional(draft.answers) and words.is_skip(text):
            return self._skip(ctx, draft, spec.key)
        return self._answer(ctx, draft, spec, text)

    def _answer(self, ctx: Context, draft: Draft, spec: FieldSpec, text: str) -> list[Out]:
        try:
            value = spec.read(text, draft.answers)
        except InvalidField as error:
            return [Out(self.t(ctx, f"invalid.{error.code}")), *self._prompt(ctx, draft)]
        draft.answers[spec.key] = value
        draft.answers.pop("_pending", None)
        notes = self._art39_hint(ctx, draft, spec)
        return notes + self._advance(ctx, draft)

    def on_media(self, ctx: Context, draft: Draft, media: Sequence[Media]) -> list[Out]:
        """Files sent together (an album) get one reply."""
        spec = draft.field()
        if spec is None or spec.evidence is None:
            return [Out(self.t(ctx, "non_text_form")), *self._prompt(ctx, draft)]
        draft.answers.pop("_paused", None)
        intake = evidence.take(draft.evidence, spec.evidence, media)
        self._save(ctx, draft)
        lines = [self.t(ctx, key, **values) for key, values in
                 evidence.acknowledgement(intake, len(draft.evidence), spec.evidence)]
        return [Out("\n".join(lines), tuple(self.screens.evidence_buttons(ctx, draft)))]

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
            "cancel": lambda c, d, v: [self.screens.confirm_leaving(c, d)],
            "discard": lambda c, d, v: self._discard(c, d), "resume": self._resume,
            "use": self._use_pending, "rmlist": self._evidence_list, "rm": self._remove,
            "switch": self._switch,
        }.get(action)
        if handler is None:
            return []
        return handler(ctx, draft, value)

    # steps ---------------------------------------------------------------------
    def _stale(self, ctx: Context, draft: Draft) -> list[Out]:
        return [Out(self.t(ctx, "form.stale_button")), *self._prompt(ctx, draft)]

    def _consent(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        if draft.step != CONSENT:
            return self._stale(ctx, draft)
        if value != "yes":
            self.repo.delete_draft(ctx.user_id, draft.form.name)
            return [Out(self.t(ctx, "form.consent_declined"))]
        draft.answers["_consented"] = True
        return self._advance(ctx, draft, after=None)

    def _choice(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        spec = draft.field()
        if spec is None or spec.kind != "choice" or value not in spec.options(draft.answers):
            return self._stale(ctx, draft)  # a button from an earlier step
        draft.answers[spec.key] = value
        return self._advance(ctx, draft)

    def _skip(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        spec = draft.field()
        if spec is None or spec.key != value or not spec.is_optional(draft.answers):
            return self._stale(ctx, draft)
        draft.answers.pop(spec.key, None)
        return self._advance(ctx, draft)

    def _evidence_done(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        spec = draft.field()
        if spec is None or spec.evidence is None:
            return self._stale(ctx, draft)
        return self._advance(ctx, draft)

    def _advance(self, ctx: Context, draft: Draft, after: str | None = "") -> list[Out]:
        """Move to the next field (passing those carried over from another form), or
        back to the summary when editing."""
        current = draft.step if after == "" else after
        draft.answers.pop("_paused", None)
        carried: list[str] = draft.answers.get("_carried", [])
        if draft.answers.get("_editing"):
            missing = draft.form.missing(draft.answers)
            nxt: FieldSpec | None = missing[0] if missing else None
        else:
            nxt = draft.form.next_field(None if current in (CONSENT, None) else current,
                                        draft.answers)
            while nxt is not None and nxt.key in carried and draft.answers.get(nxt.key):
                carried.remove(nxt.key)
                nxt = draft.form.next_field(nxt.key, draft.answers)
        draft.step = nxt.key if nxt else SUMMARY
        if draft.step == SUMMARY:
            draft.answers.pop("_editing", None)
            missing = draft.form.missing(draft.answers)
            if missing:  # e.g. a carried answer that does not fit: ask it, then back here
                draft.step = missing[0].key
                draft.answers["_editing"] = True
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
            return self._stale(ctx, draft)
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

    # leaving, waiting, resuming ---------------------------------------------------
    def _discard(self, ctx: Context, draft: Draft) -> list[Out]:
        self.repo.delete_draft(ctx.user_id, draft.form.name)
        return [Out(self.t(ctx, f"form.{draft.form.name}.discarded"))]

    def _resume(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        draft.answers.pop("_paused", None)
        draft.answers.pop("_pending", None)
        self._save(ctx, draft)
        return self._prompt(ctx, draft)

    def _use_pending(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        pending = draft.answers.pop("_pending", None)
        spec = draft.field()
        if not isinstance(pending, str) or spec is None or spec.kind != "text":
            return self._stale(ctx, draft)
        draft.answers.pop("_paused", None)
        return self._answer(ctx, draft, spec, pending)

    # evidence ---------------------------------------------------------------------
    def _evidence_list(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        spec = draft.field()
        if spec is None or spec.evidence is None or not draft.evidence:
            return self._stale(ctx, draft)
        return [self.screens.evidence_list(ctx, draft)]

    def _remove(self, ctx: Context, draft: Draft, value: str) -> list[Out]:
        """`value` is "index:count"; a list shown before the evidence changed is old."""
        index, _, count = value.partition(":")
        spec = draft.field()
        if (spec is None or spec.evidence is None or not index.isdigit()
                or count != str(len(draft.evidence)) or int(index) >= len(draft.evidence)):
            return self._stale(ctx, draft)
        removed = draft.evidence.pop(int(index))
        self._save(ctx, draft)
        name = self.screens.evidence_name(ctx, removed)
        return [Out(self.t(ctx, "form.evidence.removed", item=name)),
                *self._prompt(ctx, draft)]

    # switching between the application and the complaint (Art. 39) ---------------
    def _switch(self, ctx: Context, draft: Draft, target: str) -> list[Out]:
        mapping = CARRIED.get((draft.form.name, target))
        if mapping is None:
            return self._stale(ctx, draft)
        form = FORMS[target]
        answers: dict[str, Any] = {"_token": secrets.token_hex(6), "_from": draft.form.name}
        for source, key in mapping.items():
            value = draft.answers.get(source)
            if value and self._valid_for(form.field(key), str(value)):
                answers[key] = value
        answers["_carried"] = [key for key in mapping.values() if key in answers]
        switched = Draft(form, CONSENT, answers)
        self._save(ctx, switched)
        notes = [Out(self.t(ctx, "form.switched", kept=self.screens.t(
            ctx, f"form.{draft.form.name}.kept")))]
        return notes + self._prompt(ctx, switched)

    @staticmethod
    def _valid_for(spec: FieldSpec, value: str) -> bool:
        try:
            spec.read(value, {})
        except InvalidField:
            return False
        return True

    # confirming ---------------------------------------------------------------------
    def _confirm(self, ctx: Context, draft: Draft | None, form_name: str,
                 token: str) -> list[Out]:
        existing = self.cases.by_submission(token) if token else None
        if existing is not None and existing.user_id == ctx.user_id:
            return [Out(self.t(ctx, "form.already_submitted", number=existing.number))]
        if draft is None or draft.step != SUMMARY or draft.token != token:
            return [Out(self.t(ctx, "form.expired"))] if draft is None else self._stale(
                ctx, draft)
        if draft.form.missing(draft.answers):
            return self._advance(ctx, draft, after=None)
        receipt = self.cases.submit(draft.form, ctx.user_id, ctx.chat_id, ctx.lang,
                                    draft.answers, token)
        origin = draft.answers.get("_from")
        if isinstance(origin, str) and origin in FORMS:
            self.repo.delete_draft(ctx.user_id, origin)  # the switched-from draft
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
        button = Button(self.t(ctx, f"form.switch.{target}"),
                        callbacks.form(draft.form.name, "switch", target))
        return [Out(self.t(ctx, key), ((button,),))]
