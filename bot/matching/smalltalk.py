"""Small talk: greetings, thanks, goodbyes, praise, insults, "are you a robot", "what can
you do". Recognised before matching, so a "thanks" is never matched against disclosure
topics (nor, worse, against the emergency numbers of an out-of-scope group), and the
pleasantries around a real question ("你好，请问…谢谢") are set aside before it is matched.

A message is small talk when, once its small-talk expressions and filler are removed,
nothing is left: "谢谢你啊" is thanks, "谢谢，申请要钱吗" is a question.
"""

from __future__ import annotations

import re

from bot.textnorm import normalize

# Expressions of each kind, separated by "|" (English ones may hold spaces).
_KIND_TEXT: dict[str, str] = {
    "greeting": """
    你好 | 您好 | 你们好 | 大家好 | 嗨 | 哈喽 | 哈啰 | 嘿 | 喂 | 在吗 | 在不在 | 有人吗 |
    有人在吗 | 早上好 | 上午好 | 中午好 | 下午好 | 晚上好 | 早安 | 早 | 晚安 | hello | hi |
    hey | hiya | howdy | good morning | good afternoon | good evening | greetings | yo |
    start | anyone there | is anyone there
    """,
    "thanks": """
    谢谢 | 多谢 | 感谢 | 谢了 | 谢啦 | 3q | 辛苦了 | 麻烦了 | 麻烦你了 | 谢谢您 | 非常感谢 |
    太感谢了 | thanks | thank you | thank u | thx | ty | cheers | many thanks |
    much appreciated | appreciate it | ok | okay | 好的 | 收到 | 明白了 | 知道了 | 懂了 |
    了解了 | got it | i see | understood | noted
    """,
    "goodbye": """
    再见 | 拜拜 | 拜 | 回见 | 下次见 | 先这样 | 没事了 | 没有了 | 没别的了 | 好的再见 | bye |
    goodbye | bye bye | see you | see ya | see you later | that's all | thats all |
    nothing else | good night
    """,
    "praise": """
    你真棒 | 真棒 | 太棒了 | 很好 | 好厉害 | 厉害 | 真厉害 | 不错 | 挺好 | 很有用 | 有帮助 |
    帮大忙了 | 点赞 | 赞 | 牛 | 好用 | 给力 | great | awesome | helpful | very helpful |
    good job | well done | nice | perfect | excellent | amazing | you are great |
    you're great | good bot | that helps | that helped | useful | very good
    """,
    "insult": """
    你真笨 | 笨蛋 | 傻 | 傻瓜 | 白痴 | 垃圾 | 没用 | 废物 | 智障 | 蠢 | 滚 | 什么破 |
    破机器人 | 答非所问 | 你有病 | stupid | idiot | useless | dumb | you suck | rubbish |
    garbage | trash | shut up | terrible | worst | useless bot | stupid bot |
    you are useless | you're useless
    """,
    "robot": """
    你是机器人吗 | 你是不是机器人 | 机器人吗 | 你是人吗 | 你是真人吗 | 是真人吗 | 是人工吗 |
    人工客服 | 转人工 | 你是ai吗 | 你是谁 | are you a robot | are you a bot | are you human |
    are you a real person | is this a bot | am i talking to a bot | am i talking to a human |
    real person | human agent | who are you | are you ai | are you an ai
    """,
    "capabilities": """
    你能干啥 | 你能做什么 | 你能干什么 | 你会什么 | 你有什么用 | 你可以做什么 | 有什么功能 |
    你都能帮我什么 | 能帮我做什么 | 怎么用 | 怎么使用 | what can you do | what do you do |
    how can you help | what can i ask | how does this work | what are you for | help me |
    what can you help with
    """,
}
KINDS: dict[str, tuple[str, ...]] = {
    kind: tuple(" ".join(p.split()) for p in text.split("|") if p.strip())
    for kind, text in _KIND_TEXT.items()
}

# Words that may surround small talk without making it a question.
FILLER = frozenset("""
啊 呀 哦 哈 哈哈 嗯 嗯嗯 噢 哇 呢 吧 嘛 了 的 你 您 你们 大家 很 真 太 非常 好 好吧
行 那 那么 就 先 这样 so very much a lot you u so much dear bot sir madam
madame guys all again lol haha hmm ah oh wow there everyone folks and for that this
your help 啦 哟 喔 哈喽 么 吗 我 我们 了解
""".split())

_ALL = sorted(((phrase, kind) for kind, phrases in KINDS.items() for phrase in phrases),
              key=lambda item: -len(item[0]))
_LATIN = re.compile(r"[a-z0-9']")


def _find(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping small-talk expressions in normalised text, longest first;
    Latin ones only as whole words ("hi" is not in "this")."""
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    for phrase, kind in _ALL:
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            whole = not _LATIN.match(phrase[0]) or (
                (start == 0 or not _LATIN.match(text[start - 1]))
                and (end == len(text) or not _LATIN.match(text[end])))
            if whole and not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append((start, end, kind))
            start = text.find(phrase, start + 1)
    return sorted(found)


def _rest(text: str, found: list[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for start, end, _ in found:
        out.append(text[last:start])
        out.append(" ")
        last = end
    out.append(text[last:])
    return " ".join("".join(out).split())


def _is_filler(rest: str) -> bool:
    if not rest:
        return True
    for word in rest.split():
        if word in FILLER:
            continue
        if all(ch in "".join(FILLER) for ch in word) and not _LATIN.match(word[0]):
            continue  # runs of Chinese particles: 啊啊, 哈哈哈
        return False
    return True


PRIORITY = ("insult", "robot", "capabilities", "goodbye", "thanks", "praise", "greeting")


def small_talk(text: str) -> str | None:
    """The kind of small talk a whole message is, or None for anything else."""
    normalized = normalize(text)
    found = _find(normalized)
    if not found or not _is_filler(_rest(normalized, found)):
        return None
    kinds = {kind for _, _, kind in found}
    return next(kind for kind in PRIORITY if kind in kinds)


def strip_pleasantries(text: str) -> str:
    """A question without the greeting before it or the thanks after it, for matching
    ("你好，请问申请要钱吗？谢谢" -> "请问申请要钱吗"); the text itself when nothing
    would be left."""
    normalized = normalize(text)
    found = [f for f in _find(normalized) if f[2] in ("greeting", "thanks", "goodbye")]
    kept = [(s, e, k) for s, e, k in found
            if _is_filler(normalized[:s].strip()) or _is_filler(normalized[e:].strip())
            or s == 0 or e == len(normalized)]
    rest = _rest(normalized, kept)
    return rest if rest and not _is_filler(rest) else text


_CLAUSE_END = re.compile(r"[。？！?!；;\n]+|(?<=[吗呢])[，,]|(?<=[a-z])\.(?=\s|$)")
MIN_PART = 4  # characters of a part worth matching on its own


def split_questions(text: str) -> list[str]:
    """The questions of a message asking several things ("要钱吗？多久答复？"): its
    sentences and question clauses, each long enough to stand alone; one item or none
    for an ordinary question."""
    parts = [part.strip(" ，,、") for part in _CLAUSE_END.split(text)]
    return [part for part in parts if len(part.replace(" ", "")) >= MIN_PART]
