"""Splitting normalised text into the words matching compares.

jieba's full dictionary takes most of a second to load, which would blow the start-up
budget; words that rare in general Chinese matter little for matching a disclosure
question, so a trimmed copy is built once and cached, and the knowledge base's own
terms are added on top so they are never split.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bot.imports import without_pkg_resources
from bot.wholefile import replace_whole

with without_pkg_resources():
    import jieba

MIN_WORD_FREQUENCY = 50
LATIN_WORD = re.compile(r"[a-z0-9]+")  # an English word or a number, once normalised
_SPACE = re.compile(r"\s+")

# Words that appear in almost any request to any office. They may support a match but
# never carry one alone ("怎么办理护照" must not look like a disclosure question).
GENERIC_ZH = frozenset("""
申请 办理 怎么 怎么样 怎样 如何 查询 请问 问 问下 问一下 一下 咨询 我 我们 你
你们 您 他 她 它 的 了 吗 呢 吧 啊 呀 哦 么 嘛 是 不是 要 想 想要 能 能不能
可以 可不可以 需要 在 和 与 及 或 或者 还 还是 也 都 就 会 有 个 这 那 这个
那个 去 来 给 让 把 被 对 从 到 用 做 弄 搞 咋 咋办 怎么办 得 地 着 过 好
请 帮 帮忙 帮我 告诉 知道 一般 具体 相关 情况 事情 东西 里 中 上 下 想问
""".split())

GENERIC_EN = frozenset("""
a an the i me my mine you your we our us he she it its they them their this that these
those is am are was were be been being do does did doing done have has had can could
will would should shall may might must to of in on at by for with from about as into
than then so if or and but not no yes how please tell know want need get got some any
one just also very apply application
""".split())


# "有个人倒在地上" is someone lying on the ground, but jieba cuts it 有/个人, and 个人
# ("personal") is a privacy word. After 有, 个人 is "a person", and 有个人 then reads as
# 有人 ("someone"), unless a noun it would qualify follows ("有个人信息泄露了").
_PERSONAL_NOUNS = frozenset("""
信息 隐私 资料 数据 档案 情况 名义 身份 问题 事情 原因 的 事 账户 住址 电话 号码 意见
""".split())


def _someone(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token == "个人" and out and out[-1] == "有" and \
                (i + 1 == len(tokens) or tokens[i + 1] not in _PERSONAL_NOUNS):
            out[-1] = "有人"
        else:
            out.append(token)
    return out


def _stem(word: str) -> str:
    """A deliberately small English stemmer: plural and verb endings only."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _trimmed_dictionary() -> Path:
    source = Path(jieba.__file__).parent / "dict.txt"
    digest = hashlib.sha1(f"{source.stat().st_size}:{MIN_WORD_FREQUENCY}".encode()).hexdigest()
    cache_root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for folder in (cache_root / "disclosure-bot", Path(tempfile.gettempdir())):
        target = folder / f"jieba-{digest[:12]}.txt"
        if target.exists():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            kept = [line for line in source.read_text(encoding="utf-8").splitlines()
                    if int(line.split(" ")[1]) >= MIN_WORD_FREQUENCY]
            replace_whole(target, "\n".join(kept) + "\n")  # for concurrent starters
            return target
        except OSError:
            continue
    return source


def _prefix_dictionary(words_file: Path) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary of a words file (word and prefix frequencies, their
    total), kept beside the file. jieba caches it too, but reads its cache back with
    `marshal.load` on an open file, object by object: 0.15-0.2 s against ~0.04 s for the
    same bytes read at once, a tenth of the start-up budget."""
    cached = words_file.with_name(words_file.name + ".prefixes.marshal")
    try:
        frequencies, total = marshal.loads(cached.read_bytes())
        if isinstance(frequencies, dict) and isinstance(total, int):
            return frequencies, total
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing or unreadable: built again below
    with open(words_file, "rb") as source:
        frequencies, total = jieba.Tokenizer.gen_pfdict(source)
    with contextlib.suppress(OSError):  # a read-only folder: built on every start
        replace_whole(cached, marshal.dumps((frequencies, total)))
    return frequencies, total


class Segmenter:
    """Word segmentation for Chinese and English, with the base's terms kept whole."""

    def __init__(self, domain_words: Iterable[str] = ()) -> None:
        jieba.setLogLevel(logging.WARNING)
        words_file = self.words_file = _trimmed_dictionary()
        self._tokenizer = jieba.Tokenizer(dictionary=str(words_file))
        # What Tokenizer.initialize() sets, from the faster cache above.
        self._tokenizer.FREQ, self._tokenizer.total = _prefix_dictionary(words_file)
        self._tokenizer.initialized = True
        self.added: set[str] = set()  # words added to the dictionary: part of the index key
        for word in domain_words:
            self.add_word(word)

    def add_word(self, word: str) -> None:
        """Keep a term of the base whole (jieba would otherwise split rare compounds)."""
        word = word.strip()
        if len(word) >= 2 and not LATIN_WORD.fullmatch(word) and " " not in word:
            self._tokenizer.add_word(word, freq=200000)
            self.added.add(word)

    def frequencies(self) -> dict[str, int]:
        """Every word of the dictionary with its frequency, the base's terms included."""
        return {word: count for word, count in self._tokenizer.FREQ.items() if count > 0}

    def words(self, normalized: str) -> list[str]:
        """Words of normalised text; English words are stemmed."""
        out: list[str] = []
        for chunk in _SPACE.split(normalized):
            if not chunk:
                continue
            if LATIN_WORD.fullmatch(chunk):
                out.append(_stem(chunk))
                continue
            for token in _someone(self._tokenizer.lcut(chunk, HMM=True)):
                token = token.strip()
                if token:
                    out.append(_stem(token) if LATIN_WORD.fullmatch(token) else token)
        return out

    def plain_words(self, chinese: str) -> list[str]:
        """Chinese cut by the dictionary alone: a pair of characters it does not know (a
        slip, "包告") stays two words, where guessing would join it into one."""
        return list(self._tokenizer.lcut(chinese, HMM=False))


def is_generic(word: str) -> bool:
    return word in GENERIC_ZH or word in GENERIC_EN
