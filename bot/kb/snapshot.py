"""A checked knowledge base as plain values (tuples, dicts, strings), and back.

Reading and checking the base's YAML takes about a third of a second, a fifth of the
bot's start-up; the answer engine keeps what a successful load produced in its cache
folder (bot.matching.indexed.load_checked) and reads it back in milliseconds while the files and
the code that checks them are unchanged. Plain values only, so the file is read with
`marshal` and can never run code.
"""

from __future__ import annotations

from typing import Any

from bot.kb.model import AgencyFact, Decline, KnowledgeBase, Topic

FORMAT = 2


def base_state(kb: KnowledgeBase) -> tuple[Any, ...]:
    """The base as plain values (marshal-able)."""
    topics = tuple((t.id, t.category, dict(t.title), dict(t.phrasings), dict(t.keywords),
                    dict(t.answer), t.related, t.action) for t in kb.topics)
    declines = tuple((d.id, dict(d.phrasings), dict(d.hint) if d.hint else None,
                      d.related, d.within)
                     for d in kb.declines)
    facts = {key: (f.key, dict(f.text), f.source, f.doubt) for key, f in kb.facts.items()}
    agency = {key: dict(text) for key, text in kb.agency.items()}
    return FORMAT, topics, agency, dict(kb.synonyms), declines, facts


def base_from_state(state: tuple[Any, ...]) -> KnowledgeBase:
    """The base `base_state` described; raises ValueError for any other value."""
    try:
        version, topics, agency, synonyms, declines, facts = state
        if version != FORMAT:
            raise ValueError(f"snapshot format {version!r}")
        return KnowledgeBase(
            tuple(Topic(*fields) for fields in topics), agency, synonyms,
            tuple(Decline(*fields) for fields in declines),
            {key: AgencyFact(*fields) for key, fields in facts.items()})
    except (TypeError, AttributeError) as error:
        raise ValueError(f"not a knowledge-base snapshot: {error}") from error
