"""Text and files sent while a form is open: an answer to the step, a word that steers
the form, or a question the resident wants answered first.

A question is answered and the form waits at its step with a "continue" button; the
draft is kept. A form the resident turned away from (/start, /menu) is paused: typed
text is a question again until they continue.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.chat.residents import Residents
from bot.forms import words
from bot.forms.runner import Draft, FormRunner
from bot.i18n import Catalogue
from bot.language import clear_language
from bot.matching.engine import Outcome
from bot.messages import Context, Media, Out


class FormChat:
    def __init__(self, forms: FormRunner, residents: Residents, texts: Catalogue) -> None:
        self.forms = forms
        self.residents = residents
        self.texts = texts

    def text(self, ctx: Context, draft: Draft, text: str) -> list[Out]:
        if draft.paused and not (words.is_leaving(text) or words.is_back(text)):
            return [self._answer(ctx, text)]
        chosen = self.forms.typed_button(ctx, draft, text)
        if chosen is not None:
            return chosen
        if self._is_question(ctx, draft, text):
            answer = self._answer(ctx, text)
            return [answer, self.forms.interrupted(ctx, draft, text)]
        return self.forms.on_text(ctx, draft, text)

    def media(self, ctx: Context, draft: Draft | None, media: Sequence[Media],
              caption: str) -> list[Out]:
        """Evidence goes into a complaint at its evidence step. A caption that asks a
        question is answered, with how to attach evidence when no complaint takes it."""
        spec = draft.field() if draft is not None else None
        at_evidence = spec is not None and spec.evidence is not None
        messages: list[Out] = []
        if at_evidence and draft is not None:
            messages += self.forms.on_media(ctx, draft, media)
        if caption.strip() and (words.looks_like_question(caption) or not at_evidence):
            messages.insert(0, self._answer(ctx, caption))
        if not at_evidence:
            if draft is None or draft.paused:
                lines = [] if caption.strip() else [self.texts.get(ctx.lang, "non_text")]
                if any(item.file_id for item in media):
                    lines.append(self.texts.get(ctx.lang, "media.how_to_attach"))
                messages.append(Out("\n".join(lines)))
            else:
                messages.append(Out(self.texts.get(ctx.lang, "non_text_form")))
                messages += self.forms.screens.prompt(ctx, draft)
        return messages

    def _answer(self, ctx: Context, text: str) -> Out:
        # A question typed in English gets an English answer, whatever the chat language
        # (and one typed in pinyin a Chinese one).
        question_ctx = Context(ctx.event, clear_language(text) or ctx.lang, ctx.roles)
        return self.residents.ask(question_ctx, text)

    def _is_question(self, ctx: Context, draft: Draft, text: str) -> bool:
        """Whether what was typed at this step is a question rather than an answer.

        At a step that wants a name, a number or a code, a question's shape is enough.
        Where the answer is free text (a description of the information wanted), only a
        question the knowledge base answers with confidence is taken as one. At a step
        answered with buttons, any question-shaped text or confident match is one."""
        if any(check(text) for check in (words.is_leaving, words.is_back, words.is_done,
                                         words.is_skip)):
            return False
        shaped = words.looks_like_question(text)
        if self.forms.expects_text(draft):
            if self.forms.free_text_step(draft):
                return shaped and self._confident(ctx, text)
            return shaped or (not self.forms.fits(draft, text) and self._confident(ctx, text))
        return shaped or self._confident(ctx, text)

    def _confident(self, ctx: Context, text: str) -> bool:
        reply = self.residents.engine.ask(text, clear_language(text) or ctx.lang)
        return reply.outcome is Outcome.ANSWER
