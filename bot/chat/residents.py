"""What residents get: menus, answers with follow-ups, suggestions, feedback, fallback."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from bot import callbacks
from bot.i18n import Catalogue
from bot.kb.model import CATEGORIES
from bot.matching.engine import AnswerEngine, Outcome, Reply, Suggestion
from bot.messages import Button, Context, Keyboard, Out, rows
from bot.privacy import mask_free_text
from bot.store import Repository
from bot.textnorm import Lang
from bot.validators import mask_personal_data

MAIN_MENU: tuple[tuple[str, str], ...] = (
    ("menu.scope", callbacks.category("scope")),
    ("menu.exempt", callbacks.category("exempt")),
    ("menu.how", callbacks.category("apply")),
    ("menu.apply", callbacks.action("apply")),
    ("menu.complain", callbacks.action("complain")),
    ("menu.status", callbacks.action("status")),
    ("menu.contact", callbacks.topic("contact.office")),
    ("menu.language", callbacks.language()),
)
RELATED_SHOWN = 3


class Residents:
    def __init__(self, engine: AnswerEngine, repo: Repository, texts: Catalogue) -> None:
        self.engine = engine
        self.repo = repo
        self.texts = texts

    # menus ---------------------------------------------------------------------
    def menu_keyboard(self, lang: Lang) -> Keyboard:
        buttons = [Button(self.texts.get(lang, key), data) for key, data in MAIN_MENU]
        # Two per row keeps the eight entries on one screen of a phone.
        return tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))

    def greeting(self, ctx: Context) -> Out:
        name = f"，{ctx.event.first_name}" if ctx.lang == "zh" else f", {ctx.event.first_name}"
        text = self.texts.get(ctx.lang, "greeting", name=name if ctx.event.first_name else "",
                              agency=self.agency_name(ctx.lang))
        return Out(text, self.menu_keyboard(ctx.lang))

    def menu(self, ctx: Context, edit: bool = False) -> Out:
        return Out(self.texts.get(ctx.lang, "menu_title"), self.menu_keyboard(ctx.lang),
                   edit=edit)

    def help(self, ctx: Context) -> Out:
        return Out(self.texts.get(ctx.lang, "help"), self.menu_keyboard(ctx.lang))

    def agency_name(self, lang: Lang) -> str:
        return self.engine.kb.agency.get("name", {}).get(lang, "")

    def fact(self, key: str, lang: Lang) -> str:
        return self.engine.kb.agency.get(key, {}).get(lang, "")

    def category(self, ctx: Context, category: str) -> Out:
        if category not in CATEGORIES:
            return self.menu(ctx)
        topics = self.engine.kb.in_category(category)
        buttons = [Button(topic.title[ctx.lang], callbacks.topic(topic.id)) for topic in topics]
        buttons.append(Button(self.texts.get(ctx.lang, "menu.back"), callbacks.menu()))
        title = self.texts.get(ctx.lang, "category_title",
                               category=self.texts.get(ctx.lang, f"category.{category}"))
        return Out(title, rows(*buttons))

    # answers -------------------------------------------------------------------
    def topic(self, ctx: Context, topic_id: str) -> Out:
        """A topic chosen from a menu or a suggestion."""
        if self.engine.kb.topic(topic_id) is None:
            return self.menu(ctx)
        question_id = self.repo.record_question(
            ctx.user_id, ctx.lang, f"[{topic_id}]", topic_id, 100.0, "browse")
        return self._answer(ctx, topic_id, question_id)

    def _answer(self, ctx: Context, topic_id: str, question_id: int,
                others: Sequence[Suggestion] = (),
                alternatives: Sequence[Suggestion] = ()) -> Out:
        text = self.engine.kb.answer(topic_id, ctx.lang)
        notes = []
        if others:
            notes.append(self.texts.get(ctx.lang, "also_asked"))
        if self._alternatives(topic_id, others, alternatives):
            notes.append(self.texts.get(ctx.lang, "not_sure"))
        if notes:  # an answer's block scalar may end with a newline: one blank line
            text = "\n\n".join([text.rstrip(), *notes])
        return Out(text, self.answer_buttons(ctx, topic_id, question_id, others, alternatives))

    def _alternatives(self, topic_id: str, others: Sequence[Suggestion],
                      alternatives: Sequence[Suggestion]) -> list[str]:
        """The nearest other topics of a close call that are not offered otherwise."""
        taken = {topic_id, *(other.topic for other in others)}
        return [a.topic for a in alternatives
                if a.topic not in taken and self.engine.kb.topic(a.topic)]

    def answer_buttons(self, ctx: Context, topic_id: str, question_id: int | None,
                       others: Sequence[Suggestion] = (),
                       alternatives: Sequence[Suggestion] = (), *,
                       voted: bool = False) -> Keyboard:
        """The message's other questions, the topics a close call may have meant instead,
        the answer's follow-ups, and 👍/👎 until the resident has voted (`voted`; no
        question, as for a topic chosen from a menu: no votes either)."""
        kb = self.engine.kb
        topic = kb.by_id[topic_id]
        buttons: list[tuple[Button, ...]] = []
        # The message's other questions first: the resident asked them.
        for other in others:
            if kb.topic(other.topic):
                buttons.append((Button("❓ " + kb.title(other.topic, ctx.lang),
                                       callbacks.topic(other.topic)),))
        if topic.action:
            buttons.append((Button(self.texts.get(ctx.lang, f"action.{topic.action}"),
                                   callbacks.action(topic.action)),))
        instead = self._alternatives(topic_id, others, alternatives)
        buttons += [(Button("↪ " + kb.title(alternative, ctx.lang),
                            self._offered(question_id, alternative)),)
                    for alternative in instead]
        buttons += self._follow_ups(ctx, topic.related,
                                    {*(other.topic for other in others), *instead})
        if question_id is not None and not voted:
            buttons.append((Button(self.texts.get(ctx.lang, "feedback.up"),
                                   callbacks.feedback(question_id, 1)),
                            Button(self.texts.get(ctx.lang, "feedback.down"),
                                   callbacks.feedback(question_id, -1))))
        return tuple(buttons)

    def voted_buttons(self, ctx: Context, question: dict[str, Any]) -> Keyboard | None:
        """An answer's buttons once the resident has voted on it: the same, without
        👍/👎 (None: no topic to show). A typed question is asked again (as it was kept,
        masked) for what it offered beside the answer; the same answer brings them back."""
        topic_id, question_id = question["topic"], int(question["id"])
        if not topic_id or self.engine.kb.topic(topic_id) is None:
            return None
        if question["outcome"] != Outcome.ANSWER.value:
            return self.answer_buttons(ctx, topic_id, question_id, voted=True)
        again = self.engine.ask(question["text"], ctx.lang)
        if again.topic != topic_id:
            return self.answer_buttons(ctx, topic_id, question_id, voted=True)
        return self.answer_buttons(ctx, topic_id, question_id, again.others,
                                   again.alternatives, voted=True)

    def _follow_ups(self, ctx: Context, topic_ids: Sequence[str],
                    shown: Collection[str] = ()) -> list[tuple[Button, ...]]:
        """A button for each related topic (the first RELATED_SHOWN that exist and are
        not `shown` already): under an answer, or under a decline."""
        kb = self.engine.kb
        return [(Button("» " + kb.title(topic_id, ctx.lang), callbacks.topic(topic_id)),)
                for topic_id in topic_ids[:RELATED_SHOWN]
                if kb.topic(topic_id) and topic_id not in shown]

    def ask(self, ctx: Context, text: str) -> Out:
        reply = self.engine.ask(text, ctx.lang)
        if reply.outcome is Outcome.SMALLTALK and reply.smalltalk:
            return self.small_talk(ctx, reply.smalltalk)
        # Declined questions are recorded apart, so the admins' list of unanswered
        # questions holds only what the base should have answered.
        outcome = "declined" if reply.declined else reply.outcome.value
        # Personal data is masked before it is kept for the admins' study of questions.
        question_id = self.repo.record_question(ctx.user_id, ctx.lang,
                                                mask_personal_data(text), reply.topic,
                                                reply.score, outcome)
        if reply.outcome is Outcome.ANSWER and reply.topic:
            return self._answer(ctx, reply.topic, question_id, reply.others,
                                reply.alternatives)
        if reply.outcome is Outcome.SUGGEST:
            return self._suggest(ctx, reply, question_id)
        return self.fallback(ctx, question_id, reply.hint, reply.related)

    def small_talk(self, ctx: Context, kind: str) -> Out:
        """A short friendly reply leading back to the menu; a greeting gets the welcome."""
        if kind == "greeting":
            return self.greeting(ctx)
        text = self.texts.get(ctx.lang, f"smalltalk.{kind}", agency=self.agency_name(ctx.lang))
        return Out(text, self.menu_keyboard(ctx.lang))

    @staticmethod
    def _offered(question_id: int | None, topic_id: str) -> str:
        """A topic offered beside the reply to a question: choosing it is kept with the
        question (the admins' label for it) while its answer is shown."""
        return callbacks.topic(topic_id) if question_id is None else \
            callbacks.chosen(question_id, topic_id)

    def chosen(self, ctx: Context, question_id: str, topic_id: str) -> Out:
        """A topic chosen from those offered beside a reply: its answer; the choice is
        kept when the question is the presser's own."""
        if question_id.isdigit() and self.engine.kb.topic(topic_id) is not None:
            self.repo.record_choice(int(question_id), ctx.user_id, topic_id)
        return self.topic(ctx, topic_id)

    def _suggest(self, ctx: Context, reply: Reply, question_id: int) -> Out:
        buttons = [Button(s.title, self._offered(question_id, s.topic))
                   for s in reply.suggestions[:3]]
        buttons.append(Button(self.texts.get(ctx.lang, "none_of_these"),
                              callbacks.none_of_these(question_id)))
        # A question that may be another service's: where to go first, then its topics.
        if reply.hint:
            return Out(f"{reply.hint}\n\n{self.texts.get(ctx.lang, 'did_you_mean_instead')}",
                       rows(*buttons))
        return Out(self.texts.get(ctx.lang, "did_you_mean"), rows(*buttons))

    def fallback(self, ctx: Context, question_id: int | None = None,
                 hint: str | None = None, related: Sequence[str] = ()) -> Out:
        """A question the base does not answer. When it is recognisably about something
        the office does not handle, the base's hint says where to go instead, and the
        topics that still help (the documents behind another body's decision) come first."""
        keyboard = self.menu_keyboard(ctx.lang)
        if hint:
            return Out(hint, (*self._follow_ups(ctx, related), *keyboard))
        leave = Button(self.texts.get(ctx.lang, "leave_question"),
                       callbacks.leave_question(question_id))
        return Out(self.texts.get(ctx.lang, "fallback"), ((leave,), *keyboard))

    def none_of_these(self, ctx: Context, question_id: str = "") -> Out:
        leave = Button(self.texts.get(ctx.lang, "leave_question"), callbacks.leave_question(
            int(question_id) if question_id.isdigit() else None))
        return Out(self.texts.get(ctx.lang, "none_of_these_reply"),
                   ((leave,), *self.menu_keyboard(ctx.lang)))

    def feedback(self, ctx: Context, question_id: int, vote: int) -> str:
        """The short notice shown on the button press (answerCallbackQuery)."""
        if not self.repo.record_feedback(question_id, ctx.user_id, vote):
            return self.texts.get(ctx.lang, "feedback.already")
        return self.texts.get(ctx.lang, "feedback.thanks_up" if vote > 0
                              else "feedback.thanks_down")

    # questions left for staff ------------------------------------------------------
    def leave_question_prompt(self, ctx: Context) -> Out:
        return Out(self.texts.get(ctx.lang, "leave_question_ask"))

    def leave_question(self, ctx: Context, text: str, staff_chat: int | None) -> list[Out]:
        """Keep the question for staff; tell the staff chat so someone answers it, with
        personal data masked (staff read it in full with /questions in private)."""
        def notices(number: str) -> list[Out]:
            messages = [Out(self.texts.get(ctx.lang, "leave_question_saved", number=number),
                            chat_id=ctx.chat_id)]
            if staff_chat is not None:
                messages.append(Out(self.texts.staff("staff.new_question", number=number,
                                                 question=mask_free_text(text[:500])),
                                    chat_id=staff_chat))
            return messages

        return self.repo.leave_question(ctx.user_id, ctx.chat_id, ctx.lang, text, notices)[1]

    # language ----------------------------------------------------------------------
    def language_choice(self, ctx: Context) -> Out:
        return Out(self.texts.get(ctx.lang, "lang_choose"),
                   ((Button("中文", callbacks.language("zh")),
                     Button("English", callbacks.language("en"))),))

    def set_language(self, ctx: Context, lang: Lang) -> Out:
        self.repo.set_user_lang(ctx.user_id, lang)
        ctx.lang = lang
        return Out(self.texts.get(lang, "lang_set"), self.menu_keyboard(lang))
