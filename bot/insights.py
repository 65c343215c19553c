"""What residents asked: which questions the base could not answer, and how each topic
is doing. The admins' guide to which phrasings or topics to add."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

from bot.clock import from_iso
from bot.i18n import LANGUAGES
from bot.matching.engine import AnswerEngine
from bot.store import Repository
from bot.textnorm import compact

SIMILAR = 75  # rapidfuzz ratio at which two questions count as the same question


@dataclass
class QuestionGroup:
    example: str
    question_id: int = 0  # the example's row: what an admin's one-tap "learn" refers to
    count: int = 0
    downvoted: int = 0
    variants: list[str] = field(default_factory=list)
    nearest_topic: str | None = None
    nearest_score: float = 0.0
    # What the askers chose from the topics offered beside the reply: their own label.
    chosen: Counter[str] = field(default_factory=Counter)


def _unanswered_rows(repo: Repository, since: date | None) -> list[dict[str, object]]:
    start = (since or date(1970, 1, 1)).isoformat()
    rows = repo.questions_since(start)
    # "declined" (recognised as another office's business) is a right answer, not a gap;
    # an answer whose asker chose another topic offered beside it was a wrong one.
    return [r for r in rows if r["outcome"] in ("fallback", "suggest") or r["vote"] == -1
            or (r["chosen"] is not None and r["chosen"] != r["topic"])]


def unanswered(repo: Repository, engine: AnswerEngine, since: date | None = None,
               top: int = 20) -> list[QuestionGroup]:
    """Unanswered or 👎 questions, grouped by similarity, most frequent first."""
    groups: list[tuple[str, QuestionGroup]] = []
    learned = _phrasings(engine)
    for row in _unanswered_rows(repo, since):
        text = str(row["text"])
        if not compact(text) or text.startswith("["):  # "[topic]" rows are menu browsing
            continue
        if compact(text) in learned and row["vote"] != -1:
            continue  # an admin already attached it to a topic (a 👎 still counts)
        key = engine.gist(text).replace(" ", "") or compact(text)
        group = next((g for k, g in groups if fuzz.ratio(k, key) >= SIMILAR), None)
        if group is None:
            group = QuestionGroup(text, int(str(row["id"])))
            groups.append((key, group))
        group.count += 1
        group.downvoted += int(row["vote"] == -1)
        if row["chosen"] is not None:
            group.chosen[str(row["chosen"])] += 1
        if text not in group.variants and len(group.variants) < 5:
            group.variants.append(text)
    ranked = sorted((g for _, g in groups), key=lambda g: -g.count)[:top]
    for group in ranked:
        if group.chosen:  # what the askers picked outranks what the engine would guess
            group.nearest_topic, group.nearest_score = group.chosen.most_common(1)[0][0], 100.0
            continue
        reply = engine.ask(group.example)
        best = reply.topic or (reply.suggestions[0].topic if reply.suggestions else None)
        group.nearest_topic, group.nearest_score = best, reply.score
    return ranked


def by_topic(groups: list[QuestionGroup]) -> list[tuple[str | None, list[QuestionGroup]]]:
    """The groups under their likely topic, the topic with most questions first."""
    topics: dict[str | None, list[QuestionGroup]] = defaultdict(list)
    for group in groups:
        topics[group.nearest_topic].append(group)
    return sorted(topics.items(), key=lambda item: -sum(g.count for g in item[1]))


def _phrasings(engine: AnswerEngine) -> set[str]:
    kb = engine.kb
    texts = {compact(p) for t in kb.topics for lang in LANGUAGES for p in t.phrasings[lang]}
    return texts | {compact(p) for d in kb.declines for lang in LANGUAGES
                    for p in d.phrasings[lang]}


@dataclass
class TopicWeek:
    questions: int = 0
    up: int = 0
    down: int = 0


@dataclass
class Stats:
    weeks: dict[str, dict[str, TopicWeek]]  # week -> topic (or "(none)") -> counts
    answered: Counter[str]
    total: Counter[str]


def _week(moment: datetime) -> str:
    monday = moment.date() - timedelta(days=moment.weekday())
    return monday.isoformat()


def stats(repo: Repository, since: date | None = None) -> Stats:
    """Questions per topic, answer rate and 👍/👎, by week (weeks start on Monday)."""
    weeks: dict[str, dict[str, TopicWeek]] = defaultdict(lambda: defaultdict(TopicWeek))
    answered: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in repo.questions_since((since or date(1970, 1, 1)).isoformat()):
        week = _week(from_iso(str(row["asked_at"])))
        topic = str(row["topic"] or "(none)")
        cell = weeks[week][topic]
        cell.questions += 1
        cell.up += int(row["vote"] == 1)
        cell.down += int(row["vote"] == -1)
        total[week] += 1
        answered[week] += int(row["outcome"] in ("answer", "browse"))
    return Stats({w: dict(t) for w, t in weeks.items()}, answered, total)
