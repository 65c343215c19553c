"""The knowledge base as the engine uses it, and the schema its YAML files must follow."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.textnorm import Lang

CATEGORIES = ("scope", "exempt", "apply", "complain", "contact", "about")
ACTIONS = ("apply", "complain", "status")
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

Category = Literal["scope", "exempt", "apply", "complain", "contact", "about"]
Action = Literal["apply", "complain", "status"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BilingualText(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class PhrasingsSchema(_Strict):
    zh: list[str] = Field(min_length=8)
    en: list[str] = Field(min_length=3)


class KeywordsSchema(_Strict):
    zh: list[str] = []
    en: list[str] = []


# Button data carries a topic's id with a question's number, in Telegram's 64 bytes.
MAX_ID_LENGTH = 40


class TopicSchema(_Strict):
    id: str = Field(pattern=r"^[a-z]+\.[a-z0-9-]+$", max_length=MAX_ID_LENGTH)
    category: Category
    title: BilingualText
    phrasings: PhrasingsSchema
    keywords: KeywordsSchema = KeywordsSchema()
    answer: BilingualText
    related: list[str] = []
    action: Action | None = None


class TopicFileSchema(_Strict):
    topics: list[TopicSchema]


class DeclinePhrasingsSchema(_Strict):
    zh: list[str] = Field(min_length=1)
    en: list[str] = []


class DeclineSchema(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", max_length=MAX_ID_LENGTH)
    phrasings: DeclinePhrasingsSchema
    hint: BilingualText | None = None
    related: list[str] = []
    within: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")


class DeclineFileSchema(_Strict):
    out_of_scope: list[DeclineSchema]


class FactSchema(_Strict):
    """One agency fact: `value` (the same in both languages) or `zh` and `en`, and its
    status: `confirmed: <the source that states it>` or `unconfirmed: <why not>`.
    Exactly one status line, so confirming a fact is a one-line change."""

    value: str | None = Field(default=None, min_length=1)
    zh: str | None = Field(default=None, min_length=1)
    en: str | None = Field(default=None, min_length=1)
    confirmed: str | None = Field(default=None, min_length=1)
    unconfirmed: str | None = Field(default=None, min_length=1)


class AgencyFileSchema(_Strict):
    agency: dict[str, str | FactSchema]


class SynonymsFileSchema(_Strict):
    synonyms: dict[str, list[str]]


@dataclass(frozen=True)
class Topic:
    id: str
    category: str
    title: dict[Lang, str]
    phrasings: dict[Lang, tuple[str, ...]]
    keywords: dict[Lang, tuple[str, ...]]
    answer: dict[Lang, str]
    related: tuple[str, ...] = ()
    action: str | None = None

    @classmethod
    def from_schema(cls, schema: TopicSchema) -> Topic:
        return cls(
            id=schema.id,
            category=schema.category,
            title={"zh": schema.title.zh, "en": schema.title.en},
            phrasings={"zh": tuple(schema.phrasings.zh), "en": tuple(schema.phrasings.en)},
            keywords={"zh": tuple(schema.keywords.zh), "en": tuple(schema.keywords.en)},
            answer={"zh": schema.answer.zh, "en": schema.answer.en},
            related=tuple(schema.related),
            action=schema.action,
        )


@dataclass(frozen=True)
class Decline:
    """Questions the office does not answer (other services, chit-chat), recognised so
    the bot can decline them plainly, with a hint of where to go instead."""

    id: str
    phrasings: dict[Lang, tuple[str, ...]]
    hint: dict[Lang, str] | None = None
    # Topics the office does answer that still help (the documents behind a decision):
    # offered as buttons under the decline.
    related: tuple[str, ...] = ()
    # A part of another group with a hint of its own: matched as that group (splitting a
    # group's phrasings weakens every signal that counts them), then told apart by the
    # nearest phrasing.
    within: str | None = None

    @classmethod
    def from_schema(cls, schema: DeclineSchema) -> Decline:
        hint: dict[Lang, str] | None = {"zh": schema.hint.zh, "en": schema.hint.en} \
            if schema.hint else None
        phrasings: dict[Lang, tuple[str, ...]] = {"zh": tuple(schema.phrasings.zh),
                                                  "en": tuple(schema.phrasings.en)}
        return cls(schema.id, phrasings, hint, tuple(schema.related), schema.within)


@dataclass(frozen=True)
class AgencyFact:
    """An agency fact in both languages, with the source that confirms it or the reason
    it is not confirmed. Only confirmed facts are ever shown to people as fact."""

    key: str
    text: dict[Lang, str]
    source: str | None = None  # set when confirmed
    doubt: str | None = None  # set when unconfirmed

    @property
    def confirmed(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class KnowledgeBase:
    """`agency` holds the confirmed facts only (what may be shown as fact); `facts` holds
    every fact with its status. A line of an answer that uses an unconfirmed fact is left
    out, so the answers are written to read naturally without such lines."""

    topics: tuple[Topic, ...]
    agency: dict[str, dict[Lang, str]]
    synonyms: dict[str, tuple[str, ...]]
    declines: tuple[Decline, ...] = ()
    facts: dict[str, AgencyFact] = field(default_factory=dict)
    by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {topic.id: topic for topic in self.topics})

    def topic(self, topic_id: str) -> Topic | None:
        return self.by_id.get(topic_id)

    def decline(self, decline_id: str) -> Decline | None:
        return next((d for d in self.declines if d.id == decline_id), None)

    def matched_declines(self) -> list[Decline]:
        """The out-of-scope groups as they are matched: those that are no other's part."""
        return [d for d in self.declines if d.within is None]

    def parts_of(self, decline_id: str) -> list[Decline]:
        return [d for d in self.declines if d.within == decline_id]

    def in_category(self, category: str) -> list[Topic]:
        return [topic for topic in self.topics if topic.category == category]

    def unconfirmed(self) -> list[AgencyFact]:
        return [fact for fact in self.facts.values() if not fact.confirmed]

    def render(self, text: str, lang: Lang) -> str:
        """Replace `{{key}}` placeholders with the agency's confirmed facts in `lang`,
        leaving out every line that uses an unconfirmed fact."""
        return render_facts(text, lang, self.agency, set(self.facts) - set(self.agency))

    def answer(self, topic_id: str, lang: Lang) -> str:
        return self.render(self.by_id[topic_id].answer[lang], lang)

    def title(self, topic_id: str, lang: Lang) -> str:
        return self.by_id[topic_id].title[lang]


def render_facts(text: str, lang: Lang, confirmed: dict[str, dict[Lang, str]],
                 unconfirmed: set[str]) -> str:
    """`text` with placeholders of confirmed facts filled in and the lines that use an
    unconfirmed one left out; an unknown placeholder stays visible (validation reports
    it)."""

    def fact(match: re.Match[str]) -> str:
        value = confirmed.get(match.group(1))
        return value[lang] if value else match.group(0)

    kept = [line for line in text.split("\n")
            if not unconfirmed.intersection(PLACEHOLDER.findall(line))]
    return PLACEHOLDER.sub(fact, "\n".join(kept))
