"""What the answer engine says: an answer, suggestions, a polite decline or small talk,
as the conversation layer and `disclosure-bot ask --json` read it. `bot.matching.engine`
re-exports it ("X as X"), so callers take it with the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.textnorm import Lang


class Outcome(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"
    SMALLTALK = "smalltalk"  # greetings, thanks, goodbyes...: `Reply.smalltalk` says which


@dataclass(frozen=True)
class Suggestion:
    topic: str
    title: str
    score: float


@dataclass(frozen=True)
class Reply:
    query: str
    lang: Lang
    outcome: Outcome
    topic: str | None
    score: float
    answer: str | None
    suggestions: list[Suggestion] = field(default_factory=list)
    hint: str | None = None  # a declined (or doubted) question: where to go instead
    declined: bool = False  # recognised as outside what the office answers
    related: tuple[str, ...] = ()  # a declined question: topics that still help
    smalltalk: str | None = None  # the kind of small talk (bot.matching.smalltalk)
    others: list[Suggestion] = field(default_factory=list)  # the message's other questions
    # An answer the decision was less than sure of: the nearest other topics, offered
    # under it (not part of `as_json`, whose contract is fixed).
    alternatives: list[Suggestion] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "lang": self.lang,
            "topic": self.topic,
            "score": self.score,
            "answer": self.answer,
            "suggestions": [
                {"topic": s.topic, "title": s.title, "score": s.score} for s in self.suggestions
            ],
        }


@dataclass(frozen=True)
class ReloadReport:
    count: int
    added: list[str]
    removed: list[str]
    changed: list[str]
