"""A knowledge base as the engine answers from it: loaded, its words indexed, its
phrasings' meanings attached once embedded. A reload builds a new one beside the serving
one and swaps it in whole (bot.matching.engine)."""

from __future__ import annotations

import gc
import hashlib
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pydantic
import yaml

from bot.kb.loader import load_knowledge_base
from bot.kb.model import KnowledgeBase
from bot.kb.snapshot import base_from_state, base_state
from bot.matching.features import Analyzer, SynonymMap
from bot.matching.indexcache import IndexCache, source_digest
from bot.matching.pinyin_input import PinyinReader, base_reader
from bot.matching.ranker import DECLINED_PREFIX, Matcher
from bot.matching.segment import Segmenter
from bot.textnorm import conversion_tables_mark, normalize

if TYPE_CHECKING:  # numpy and the model load only when the semantic signal is on
    from bot.matching.semantic import SemanticIndex, TalkIndex


class IndexedBase:
    """A base with its matcher (and its semantic index once the phrasings are
    embedded): what a reload replaces in one step."""

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter,
                 cache: IndexCache | None = None, previous: IndexedBase | None = None
                 ) -> None:
        """`previous`: the base this one replaces (a reload), whose work is reused."""
        self.kb = kb
        synonyms = SynonymMap(kb.synonyms)
        self.matcher: Matcher = Matcher(kb, Analyzer(segmenter, synonyms), cache,
                                        previous.matcher if previous else None)
        self.semantic: SemanticIndex | None = None
        self.talk: TalkIndex | None = None
        self.phrased = phrased_as_filed(kb)

    @cached_property
    def pinyin(self) -> PinyinReader:
        """Reads questions typed in pinyin, built at the first one (~0.2 s; a second
        the first time on a machine, bot.matching.pinyin_input)."""
        return base_reader(self.matcher.analyzer.segmenter, self.matcher.chinese_word_counts())

    def texts(self) -> tuple[list[str], list[int]]:
        pairs = Matcher.texts(self.kb)
        return [text for _, _, text in pairs], [group for group, _, _ in pairs]


@dataclass(frozen=True)
class PreparedBase:
    """A base loaded, checked and indexed, not yet answering (AnswerEngine.prepare)."""

    folder: Path
    content: str  # knowledge_fingerprint of the files it was built from
    index: IndexedBase


def knowledge_fingerprint(folder: Path) -> str:
    """A digest of every file of a knowledge folder: a prepared base, or a checked base
    kept in the cache, is used only for the very files it was built from (an edit
    makes it stale)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            digest.update(f"{relative.as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# The code that reads and checks a base (paths from bot/matching): a change is a miss.
_CHECKING_SOURCES = ("../kb/loader.py", "../kb/model.py", "../kb/snapshot.py",
                     "../textnorm.py", "../workdays.py")


def load_checked(folder: Path, cache: IndexCache, fingerprint: str | None = None
                 ) -> KnowledgeBase:
    """The base of `folder` as load_knowledge_base reads and checks it, or as an earlier
    successful load of the very same files, by the same code, left it in `cache` (a
    third of a second of start-up, against a few milliseconds). Only a base that passed
    every check is kept, so a broken file is reported on every load. `fingerprint`: the
    folder's knowledge_fingerprint when already computed. Raises KnowledgeBaseError."""
    if cache.folder is None:
        return load_knowledge_base(folder)
    digest = hashlib.sha256(source_digest(*_CHECKING_SOURCES))
    for part in (fingerprint or knowledge_fingerprint(folder), pydantic.VERSION,
                 yaml.__version__, conversion_tables_mark()):
        digest.update(f"{part}\0".encode())
    key = digest.hexdigest()[:24]
    state = cache.load(key)
    if state is not None:
        try:
            return base_from_state(state)
        except ValueError:
            pass  # another layout: read again below
    kb = load_knowledge_base(folder)
    cache.save(key, base_state(kb))
    return kb


def as_typed(text: str) -> str:
    """A text up to width, case, spacing and its closing punctuation: a question typed
    as a phrasing is written is that phrasing."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split()).rstrip("?!.。～~ ")


def phrased_as_filed(kb: KnowledgeBase) -> dict[str, str]:
    """Each phrasing as typed, with its topic or out-of-scope group: a question an admin
    taught the bot (`kb learn`) gets that answer, whatever the rankings would say."""
    filed = {as_typed(text): topic.id for topic in kb.topics
             for lang in ("zh", "en") for text in topic.phrasings[lang]}
    # A part of an out-of-scope group is filed under itself, for its own hint.
    filed |= {as_typed(text): DECLINED_PREFIX + decline.id for decline in kb.declines
              for lang in ("zh", "en") for text in decline.phrasings[lang]}
    return filed


def domain_words(kb: KnowledgeBase) -> set[str]:
    words = {normalize(term) for term in kb.synonyms}
    for topic in kb.topics:
        for lang in ("zh", "en"):
            words.update(normalize(keyword) for keyword in topic.keywords[lang])
    return words


@contextmanager
def collection_paused(collect: bool = False) -> Iterator[None]:
    """Build an index with the cyclic garbage collector paused, then move what was built
    out of its sight.

    A base's index is millions of small objects (postings, features) that live as long
    as the base: the automatic collections while they are created find nothing to free
    and cost a tenth of a second of start-up, and every later full collection would walk
    them all, a pause of hundreds of milliseconds in the middle of some question at
    10,000 topics. Plain reference counting still frees a replaced index. `collect`:
    first free what the build left in cycles (worth its ~0.1 s on a reload, not at
    start, where it is a few hundred objects kept once)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect:
            gc.collect()
        gc.freeze()
        if was_enabled:
            gc.enable()
