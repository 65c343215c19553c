"""The answer engine: a question in, an answer, suggestions or a polite decline out.

It owns the live knowledge base and swaps it atomically on reload: the new base is
loaded, validated and indexed completely before the reference changes, so a question
being answered meanwhile sees either the old base or the new one, never a mix.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bot.config import MatchingSettings
from bot.kb.loader import load_knowledge_base
from bot.kb.model import KnowledgeBase
from bot.matching.features import Analyzer, SynonymMap
from bot.matching.ranker import DECLINED_PREFIX, Matcher
from bot.matching.segment import Segmenter
from bot.textnorm import Lang, detect_language, normalize


class Outcome(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"


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
    hint: str | None = None  # for a declined question: where to go instead

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


class _Index:
    """A base with its matcher: what a reload replaces in one step."""

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter) -> None:
        self.kb = kb
        synonyms = SynonymMap(kb.synonyms)
        self.matcher = Matcher(kb, Analyzer(segmenter, synonyms))


def _domain_words(kb: KnowledgeBase) -> set[str]:
    words = {normalize(term) for term in kb.synonyms}
    for topic in kb.topics:
        for lang in ("zh", "en"):
            words.update(normalize(keyword) for keyword in topic.keywords[lang])
    return words


class AnswerEngine:
    def __init__(self, kb: KnowledgeBase, settings: MatchingSettings | None = None,
                 knowledge_dir: Path | None = None) -> None:
        self.settings = settings or MatchingSettings()
        self.knowledge_dir = knowledge_dir
        self._segmenter = Segmenter(_domain_words(kb))
        self._index = _Index(kb, self._segmenter)
        self._reload_lock = threading.Lock()

    @classmethod
    def from_folder(cls, folder: Path, settings: MatchingSettings | None = None
                    ) -> AnswerEngine:
        return cls(load_knowledge_base(folder), settings, folder)

    @property
    def kb(self) -> KnowledgeBase:
        return self._index.kb

    def ask(self, question: str, lang: Lang | None = None) -> Reply:
        index = self._index  # one base for the whole question, even if a reload lands
        lang = lang or detect_language(question)
        ranked = index.matcher.rank(question, limit=4)
        if ranked and ranked[0].topic_id.startswith(DECLINED_PREFIX):
            decline = index.kb.decline(ranked[0].topic_id[len(DECLINED_PREFIX):])
            hint = decline.hint[lang] if decline and decline.hint else None
            return Reply(question, lang, Outcome.FALLBACK, None,
                         round(min(ranked[0].score, 1.0) * 100, 1), None, [],
                         hint=index.kb.render(hint, lang) if hint else None)
        ranked = [s for s in ranked if not s.topic_id.startswith(DECLINED_PREFIX)][:3]
        suggestions = [Suggestion(s.topic_id, index.kb.title(s.topic_id, lang),
                                  round(min(s.score, 1.0) * 100, 1)) for s in ranked]
        top = ranked[0] if ranked else None
        score = round(min(top.score, 1.0) * 100, 1) if top else 0.0
        margin = (top.score - ranked[1].score) * 100 if top and len(ranked) > 1 else 100.0
        confident = (top is not None and top.evidence and score >= self.settings.confident
                     and margin >= self.settings.margin)
        if top is not None and confident:
            return Reply(question, lang, Outcome.ANSWER, top.topic_id, score,
                         index.kb.answer(top.topic_id, lang), suggestions)
        shown = [s for s in suggestions if s.score >= self.settings.suggest]
        if shown and top is not None and top.evidence:
            return Reply(question, lang, Outcome.SUGGEST, None, score, None, shown)
        return Reply(question, lang, Outcome.FALLBACK, None, score, None, [])

    def gist(self, question: str) -> str:
        """The distinctive words of a question (synonyms mapped, generic words dropped):
        what two questions must share to count as the same question."""
        return self._index.matcher.analyzer.analyze(question).content

    def reload(self, folder: Path | None = None) -> ReloadReport:
        """Load, check and index a base, then swap it in; raises KnowledgeBaseError."""
        folder = folder or self.knowledge_dir
        if folder is None:
            raise ValueError("no knowledge folder to reload from")
        with self._reload_lock:
            kb = load_knowledge_base(folder)
            for word in _domain_words(kb):
                self._segmenter.add_word(word)
            fresh = _Index(kb, self._segmenter)
            old = self._index.kb
            self._index = fresh
            self.knowledge_dir = folder
        old_ids, new_ids = set(old.by_id), set(kb.by_id)
        return ReloadReport(
            count=len(kb.topics),
            added=sorted(new_ids - old_ids),
            removed=sorted(old_ids - new_ids),
            changed=sorted(i for i in old_ids & new_ids if old.by_id[i] != kb.by_id[i]),
        )
