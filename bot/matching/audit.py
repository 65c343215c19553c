"""Words of other services that topic phrasings use in passing.

A word only out-of-scope phrasings use (护照, 医保, passport) counts against every topic,
so "护照办理进度怎么查" is declined instead of answered as a question about an
application's progress. One topic phrasing that mentions it in passing ("用护照证明身份行
不行") makes it a topic word, and that protection is gone for every question naming it.
`kb learn` warns when a new phrasing would do this; this audit finds the phrasings that
already do, so an admin can reword them (docs/knowledge-base.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.matching.ranker import Matcher

MOST_TOPIC_USES = 2  # a word more topic texts use is a topic's own word
FEWEST_OTHER_USES = 4  # ... and fewer out-of-scope uses say little about other services


@dataclass(frozen=True)
class PassingWord:
    word: str
    other_uses: int  # out-of-scope phrasings using it
    topic_texts: tuple[tuple[str, str], ...]  # (topic id, text) of the topic texts using it


def words_in_passing(matcher: Matcher, most_topic_uses: int = MOST_TOPIC_USES,
                     fewest_other_uses: int = FEWEST_OTHER_USES) -> list[PassingWord]:
    """The words at most `most_topic_uses` topic texts and at least `fewest_other_uses`
    out-of-scope phrasings use, most out-of-scope uses first. A topic's keyword is meant
    (it is listed on purpose), so it is never reported."""
    topics = len(matcher.kb.topics)
    texts = [text for _, _, text in Matcher.texts(matcher.kb)]
    topic_texts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    other_uses: dict[str, int] = defaultdict(int)
    keywords = matcher.topic_keywords()
    for number, (group, words) in enumerate(matcher.indexed_words()):
        for word in words:
            if group < topics:
                topic_texts[word].append((matcher.topic_ids[group], texts[number]))
            else:
                other_uses[word] += 1
    found = [PassingWord(word, uses, tuple(topic_texts[word]))
             for word, uses in other_uses.items()
             if uses >= fewest_other_uses and 0 < len(topic_texts[word]) <= most_topic_uses
             and word not in keywords]
    return sorted(found, key=lambda p: (-p.other_uses, p.word))
