"""What a resident sees of a form: the question of a step with its buttons, the summary,
the edit menu, and the small screens around them (leaving, waiting, evidence)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import callbacks
from bot.forms.draft import CONSENT, EDIT_MENU, SUMMARY, Draft
from bot.forms.spec import FieldSpec
from bot.i18n import Catalogue
from bot.messages import Button, Context, Keyboard, Out
from bot.textnorm import Lang


class Screens:
    def __init__(self, texts: Catalogue, expiry_days: int,
                 fact: Callable[[str, Lang], str]) -> None:
        self.texts = texts
        self.expiry_days = expiry_days
        self.fact = fact

    def t(self, ctx: Context, key: str, **values: Any) -> str:
        return self.texts.get(ctx.lang, key, **values)

    def button(self, ctx: Context, key: str, draft: Draft, action: str, *values: str) -> Button:
        return Button(self.t(ctx, key), callbacks.form(draft.form.name, action, *values))

    # the current step ------------------------------------------------------------
    def prompt(self, ctx: Context, draft: Draft) -> list[Out]:
        form = draft.form.name
        if draft.step == CONSENT:
            return [Out(self.t(ctx, f"form.{form}.consent", retention=self.expiry_days,
                               office=self.fact("name", ctx.lang)), (
                (self.button(ctx, "form.consent.yes", draft, "consent", "yes"),),
                (self.button(ctx, "form.consent.no", draft, "consent", "no"),)))]
        if draft.step == SUMMARY:
            return [self.summary(ctx, draft)]
        if draft.step == EDIT_MENU:
            return [self.edit_choices(ctx, draft)]
        spec = draft.form.field(draft.step)
        number, total = draft.form.position(spec.key, draft.answers)
        step = self.t(ctx, "form.step", n=number, total=total)
        return [Out(f"{step}\n{self.question(ctx, draft, spec)}",
                    self.field_buttons(ctx, draft, spec))]

    def question(self, ctx: Context, draft: Draft, spec: FieldSpec) -> str:
        key = f"ask.{draft.form.name}.{spec.key}"
        if spec.prompt_variant is not None:
            key += "." + spec.prompt_variant(draft.answers)
        if spec.evidence is not None:
            return self.t(ctx, key, count=len(draft.evidence), max=spec.evidence.max_items)
        return self.t(ctx, key)

    def field_buttons(self, ctx: Context, draft: Draft, spec: FieldSpec) -> Keyboard:
        form = draft.form.name
        rows: list[tuple[Button, ...]] = []
        if spec.kind == "choice":
            choices = [Button(self.t(ctx, f"choice.{spec.key}.{v}"), callbacks.form(form, "c", v))
                       for v in spec.options(draft.answers)]
            rows += [tuple(choices[i:i + spec.columns])
                     for i in range(0, len(choices), spec.columns)]
        if spec.evidence is not None:
            rows += self.evidence_buttons(ctx, draft)
        elif spec.is_optional(draft.answers):
            rows.append((self.button(ctx, "form.skip", draft, "skip", spec.key),))
        rows.append((self.button(ctx, "form.back", draft, "back"),
                     self.button(ctx, "form.cancel", draft, "cancel")))
        return tuple(rows)

    def evidence_buttons(self, ctx: Context, draft: Draft) -> list[tuple[Button, ...]]:
        rows: list[tuple[Button, ...]] = [
            (self.button(ctx, "form.evidence.done", draft, "done"),)]
        if draft.evidence:
            rows.append((self.button(ctx, "form.evidence.remove", draft, "rmlist"),))
        return rows

    # around the steps ----------------------------------------------------------------
    def waiting(self, ctx: Context, draft: Draft, pending_fits: bool = False) -> Out:
        """After a question answered in the middle of a form: the form waits, kept."""
        number, total = self.where(draft)
        rows: list[tuple[Button, ...]] = [
            (self.button(ctx, "form.continue", draft, "resume"),)]
        if pending_fits:
            rows.append((self.button(ctx, "form.use_as_answer", draft, "use"),))
        rows.append((self.button(ctx, "form.cancel", draft, "cancel"),))
        return Out(self.t(ctx, f"form.{draft.form.name}.waiting", n=number, total=total),
                   tuple(rows))

    def where(self, draft: Draft) -> tuple[int, int]:
        spec = draft.field()
        if spec is not None:
            return draft.form.position(spec.key, draft.answers)
        total = len(draft.form.applicable(draft.answers))
        return (1 if draft.step == CONSENT else total, total)  # consent opens step 1

    def confirm_leaving(self, ctx: Context, draft: Draft) -> Out:
        return Out(self.t(ctx, f"form.{draft.form.name}.leave_confirm"), (
            (self.button(ctx, "form.leave.yes", draft, "discard"),),
            (self.button(ctx, "form.leave.no", draft, "resume"),)))

    def evidence_list(self, ctx: Context, draft: Draft) -> Out:
        count = len(draft.evidence)
        rows = [(Button(f"🗑 {index + 1}. {self.evidence_name(ctx, item)}",
                        callbacks.form(draft.form.name, "rm", f"{index}:{count}")),)
                for index, item in enumerate(draft.evidence)]
        rows.append((self.button(ctx, "form.evidence.keep_all", draft, "resume"),))
        return Out(self.t(ctx, "form.evidence.remove_which"), tuple(rows))

    def evidence_name(self, ctx: Context, item: dict[str, Any]) -> str:
        kind = self.t(ctx, f"form.evidence.kind.{item.get('kind', 'document')}")
        name = str(item.get("name") or "")
        return f"{kind} {name[:30]}".strip()

    # summary and edits -----------------------------------------------------------------
    def summary(self, ctx: Context, draft: Draft) -> Out:
        separator = "：" if ctx.lang == "zh" else ": "
        lines = [self.t(ctx, f"form.{draft.form.name}.summary")]
        for spec in draft.form.applicable(draft.answers):
            lines.append(f"• {self.t(ctx, f'label.{spec.key}')}{separator}"
                         f"{self.show(ctx, spec, draft)}")
        buttons = (
            (self.button(ctx, "form.confirm", draft, "confirm", draft.token),),
            (self.button(ctx, "form.edit", draft, "edit"),),
            (self.button(ctx, "form.cancel", draft, "cancel"),),
        )
        return Out("\n".join(lines), buttons)

    def show(self, ctx: Context, spec: FieldSpec, draft: Draft) -> str:
        value = draft.answers.get(spec.key)
        if spec.evidence is not None:
            return self.t(ctx, "form.evidence.count", count=len(value or []))
        if value in (None, ""):
            return self.t(ctx, "form.not_given")
        if spec.kind == "choice":
            return self.t(ctx, f"choice.{spec.key}.{value}")
        return str(value)

    def edit_choices(self, ctx: Context, draft: Draft) -> Out:
        form = draft.form.name
        buttons = [Button(self.t(ctx, f"label.{spec.key}"), callbacks.form(form, "editf", spec.key))
                   for spec in draft.form.applicable(draft.answers)]
        pairs = [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]
        pairs.append((self.button(ctx, "form.back_to_summary", draft, "summary"),))
        return Out(self.t(ctx, "form.edit_which"), tuple(pairs))
