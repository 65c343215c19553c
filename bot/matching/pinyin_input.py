"""Questions typed in pinyin ("shenqing gongkai zenme ban", "xiexie"), read as Chinese.

A resident without a Chinese keyboard (a borrowed computer, a phone abroad) types the
sounds instead. Such a message is Chinese, not English: its reply is in Chinese, and it
is matched as the Chinese words it spells (申请公开怎么办), found by the most likely
reading under the dictionary's word frequencies, the base's own terms first.

A message reads as pinyin only when every Latin word in it splits into pinyin
syllables and at least one of them is no English word at all; a message whose words are
mostly common English ("can you ban me", "women") stays English.
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.textnorm import CASE_NUMBER_TOKEN, has_cjk
from bot.wholefile import replace_whole

if TYPE_CHECKING:  # jieba loads with the segmenter, not with the language check
    from bot.matching.segment import Segmenter

# Every toneless syllable of Mandarin (ü typed as u or v), without the interjections
# hm, hng, lo, m, n and ng, which would let English words ("hmm", "helo") pass for pinyin.
SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai
can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua
chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de
dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa
fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai
guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang
hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang
kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le
lei leng li lia lian liang liao lie lin ling liu long lou lu luan lue lun luo ma mai
man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao
ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nue nuo o ou pa pai
pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie
qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui
run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei
wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang
yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha
zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui
zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
_LONGEST = max(map(len, SYLLABLES))
# Latin words Chinese speakers type among Chinese ones: kept as they are.
_KEPT = frozenset("ok okay app apply pdf email wechat qq id sos hi hello".split())
_LATIN_RUN = re.compile(r"[A-Za-züÜ]+(?:['’][A-Za-züÜ]+)*")
# A word this frequent in English is taken as English ("women", "can", "me"); one
# English hardly knows ("shen", "xiexie"; not "ciao") says the message is pinyin.
COMMON_ENGLISH = 50_000
RARE_ENGLISH = 100
# A word this long the dictionary lacks is kept whole in its Latin letters, not spelt
# out one character per syllable.
_MAX_WORD_LETTERS = 24
# What one use of a word in the base's own text adds to its dictionary frequency.
BASE_WORD_WEIGHT = 20_000


def _plain(word: str) -> str:
    return word.lower().replace("ü", "u").replace("v", "u").replace("’", "'")


def syllables_of(word: str) -> list[str] | None:
    """A Latin word split into pinyin syllables ("shenqing" -> shen, qing; "xi'an" ->
    xi, an), or None when it is not pinyin."""
    parts: list[str] = []
    for piece in _plain(word).split("'"):
        split = _split(piece)
        if split is None:
            return None
        parts.extend(split)
    return parts or None


def _typed(word: str) -> list[tuple[str, bool]] | None:
    """`syllables_of` a word typed after a space, each syllable with whether the
    resident separated it from the one before (the word's first, and after an
    apostrophe)."""
    typed: list[tuple[str, bool]] = []
    for piece in _plain(word).split("'"):
        split = _split(piece)
        if split is None:
            return None
        typed.extend((syllable, index == 0) for index, syllable in enumerate(split))
    return typed or None


@lru_cache(maxsize=4096)
def _split(letters: str) -> tuple[str, ...] | None:
    """The split into the fewest syllables, one starting with a vowel inside a word
    counting as four (pinyin would write "fang'an"; without the apostrophe "fangan"
    is fan-gan, but "gongan" can only be gong-an)."""
    if not letters.isascii() or not letters.isalpha():
        return None
    # best[i]: the cheapest split of letters[i:], as (cost, syllables)
    best: list[tuple[int, tuple[str, ...]] | None] = [None] * len(letters) + [(0, ())]
    for start in range(len(letters) - 1, -1, -1):
        for end in range(start + 1, min(len(letters), start + _LONGEST) + 1):
            syllable, rest = letters[start:end], best[end]
            if syllable not in SYLLABLES or rest is None:
                continue
            cost = rest[0] + (4 if start and syllable[0] in "aoe" else 1)
            current = best[start]
            if current is None or cost < current[0]:
                best[start] = (cost, (syllable, *rest[1]))
    found = best[0]
    return found[1] if found else None


def english_frequency(word: str) -> int:
    from bot.matching.features import english_words

    words = english_words()
    frequency = words.get(word, 0) if isinstance(words, Mapping) else int(word in words)
    return int(frequency)


def _latin_words(text: str) -> list[str]:
    return [m.group(0) for m in _LATIN_RUN.finditer(CASE_NUMBER_TOKEN.sub(" ", text))
            if m.group(0).lower() not in _KEPT]


def reads_as_pinyin(text: str) -> bool:
    """Whether a message without Chinese characters is pinyin (see the module's note)."""
    if has_cjk(text):
        return False
    words = _latin_words(text)
    if not words or any(syllables_of(word) is None for word in words):
        return False
    frequencies = [english_frequency(_plain(word)) for word in words]
    common = sum(1 for frequency in frequencies if frequency >= COMMON_ENGLISH)
    return min(frequencies) < RARE_ENGLISH and common * 2 < len(words)


def holds_pinyin(text: str) -> bool:
    """Whether a message is pinyin, or Chinese with pinyin words among its characters
    ("我想shenqing公开"; not an English question quoting Chinese, "Henan noodles (烩面)")."""
    if not has_cjk(text):
        return reads_as_pinyin(text)
    words = _latin_words(text)
    return any(_pinyin_word_in_chinese(word) for word in words) and \
        all(syllables_of(word) is not None for word in words)


def _pinyin_word_in_chinese(word: str) -> bool:
    """A Latin word among Chinese characters that is pinyin: two syllables at least,
    and no English word."""
    split = syllables_of(word)
    return split is not None and len(split) >= 2 and \
        english_frequency(_plain(word)) < RARE_ENGLISH


class PinyinReader:
    """Reads pinyin as Chinese words: the reading with the highest probability under
    the words' frequencies (a unigram model), syllables kept whole."""

    def __init__(self, frequencies: Mapping[str, int], readings: Mapping[str, str]) -> None:
        """`frequencies`: word -> frequency (jieba's, the base's terms raised);
        `readings`: word -> its toneless syllables joined by spaces."""
        total = sum(f for f in frequencies.values() if f > 0) or 1
        # letters -> the likeliest word spelt so per way of cutting them into syllables:
        # (cost, word, cuts), the cuts a bit mask of the offsets where a syllable ends
        # (xian: 先 with none, 西安 with bit 2 after "xi"). Tuples, not sets: the reader
        # holds every word of the dictionary, and sets would triple its memory.
        self._words: dict[str, list[tuple[float, str, int]]] = {}
        for word, frequency in frequencies.items():
            reading = readings.get(word)
            if frequency <= 0 or not reading:
                continue
            syllables = reading.split()
            cuts = sum(1 << end for end in itertools.accumulate(len(s) for s in syllables[:-1]))
            spelt = self._words.setdefault("".join(syllables), [])
            cost = math.log(total / frequency)
            same = next((i for i, known in enumerate(spelt) if known[2] == cuts), None)
            if same is None:
                spelt.append((cost, word, cuts))
            elif cost < spelt[same][0]:
                spelt[same] = (cost, word, cuts)
        # A syllable no word covers is kept in letters, at a cost above any word's.
        self._unknown = math.log(total) + 10

    def read(self, text: str) -> str:
        """The text with its pinyin in Chinese characters (see `holds_pinyin`)."""
        if not has_cjk(text):
            return self._read_latin(text)

        def in_chinese(match: re.Match[str]) -> str:
            word = match.group(0)
            return self._spell(_typed(word) or []) if _pinyin_word_in_chinese(word) else word

        return _LATIN_RUN.sub(in_chinese, text)

    def _read_latin(self, text: str) -> str:
        pieces, position = [], 0
        for number in CASE_NUMBER_TOKEN.finditer(text):  # kept whole, as typed
            pieces += [self._read_words(text[position:number.start()]), f" {number.group(0)} "]
            position = number.end()
        pieces.append(self._read_words(text[position:]))
        return " ".join("".join(pieces).split())

    def _read_words(self, text: str) -> str:
        out: list[str] = []
        run: list[tuple[str, bool]] = []  # syllables of consecutive pinyin words

        def flush() -> None:
            if run:
                out.append(self._spell(run))
                run.clear()

        position = 0
        for match in _LATIN_RUN.finditer(text):
            between, word = text[position:match.start()], match.group(0)
            position = match.end()
            split = None if word.lower() in _KEPT else _typed(word)
            if between.strip():  # punctuation or a number ends a run of pinyin
                flush()
                out.append(between.strip())
            if split is None:  # a word kept as typed ("wechat", a case number)
                flush()
                out.append(f" {word} ")
            else:
                run.extend(split)
        flush()
        out.append(text[position:].strip())
        return "".join(out)

    def _spell(self, syllables: list[tuple[str, bool]]) -> str:
        """Syllables, each with whether the resident separated it from the one before
        (a space or an apostrophe), in the characters of their likeliest words."""
        count = len(syllables)
        # best[i]: the cheapest reading of the first i syllables, as (cost, words)
        unread: tuple[float, list[str]] = (math.inf, [])
        best = [(0.0, list[str]())] + [unread] * count
        for start in range(count):
            cost, words = best[start]
            if math.isinf(cost):
                continue
            letters, typed = "", 0
            for end in range(start + 1, count + 1):
                syllable, separated = syllables[end - 1]
                if separated and end - 1 > start:
                    typed |= 1 << len(letters)
                letters += syllable
                if len(letters) > _MAX_WORD_LETTERS:
                    break
                found = min(((spent, word) for spent, word, cuts in self._words.get(letters, ())
                             if typed & ~cuts == 0), default=None)
                if found is None and end == start + 1:
                    found = (self._unknown, letters)
                if found is not None and cost + found[0] < best[end][0]:
                    best[end] = (cost + found[0], [*words, found[1]])
        return "".join(best[count][1])


def dictionary_readings(words_file: Path, words: Iterable[str]) -> dict[str, str]:
    """Each word's toneless syllables (pypinyin's, which knows a word's own reading of
    a character: 银行 yin hang, 重复 chong fu), kept beside the words file: pypinyin
    takes most of a second over jieba's dictionary."""
    cached = words_file.with_name(words_file.name + ".pinyin.marshal")
    readings: dict[str, str] = {}
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        loaded = marshal.loads(cached.read_bytes())
        if isinstance(loaded, dict):
            readings = loaded
    wanted = list(words)
    missing = [word for word in wanted if word not in readings]
    if not missing:
        return readings
    from pypinyin import Style, lazy_pinyin

    for word in missing:
        readings[word] = " ".join(_plain(s) for s in lazy_pinyin(word, style=Style.NORMAL,
                                                                 errors="ignore"))
    with contextlib.suppress(OSError):
        replace_whole(cached, marshal.dumps(readings))
    return readings


def base_reader(segmenter: Segmenter, base_words: Mapping[str, int]) -> PinyinReader:
    """The reader for a base: jieba's frequencies, each word the base's titles and
    phrasings use raised by how often they use it ("wo yao" is 我要, not 我药)."""
    frequencies = segmenter.frequencies()
    for word, count in base_words.items():
        if word in frequencies:
            frequencies[word] += count * BASE_WORD_WEIGHT
    readings = dictionary_readings(segmenter.words_file, frequencies)
    return PinyinReader(frequencies, readings)
