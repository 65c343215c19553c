"""Which language to answer a person in: decided here, and only here.

- The person's current language: the one they chose (/lang) or last wrote in, else
  their Telegram client's language, else Chinese.
- A message follows its own language when that is clear: any Han character makes it
  Chinese; English needs real words ("how long", "fees?"), so `ok`, `hi`, a case number
  or a bare number keeps the current language. Pinyin ("shenqing zenme ban") is Chinese.
- A button answers in the language of the message it sits on.
"""

from __future__ import annotations

import re
import unicodedata

from bot.matching.pinyin_input import reads_as_pinyin
from bot.textnorm import CASE_NUMBER_TOKEN, Lang

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Latin tokens Chinese speakers type too: they say nothing about the language wanted.
UNIVERSAL = frozenset("""
ok okay k hi hello hey bye byebye thx thanks yes no yeah yep nope hmm lol haha
app apply start menu help status lang id pdf email wechat qq sos
""".split())


def normalize_lang(code: str | None) -> Lang:
    """Telegram's language_code (e.g. 'zh-hans', 'en-US') to one of ours; Chinese default."""
    if code and code.lower().startswith("en"):
        return "en"
    return "zh"


def clear_language(text: str) -> Lang | None:
    """The language a text is clearly written in, or None when it does not say."""
    if not text:
        return None
    if _CJK.search(text):
        # The bot's own messages in English may quote a Chinese name: Chinese only when
        # Han characters are not a small minority beside Latin letters.
        han = len(_CJK.findall(text))
        latin = len(re.findall(r"[A-Za-z]", text))
        return "zh" if han * 4 >= latin else "en"
    if reads_as_pinyin(text):  # typed without a Chinese keyboard: "shenqing zenme ban"
        return "zh"
    folded = CASE_NUMBER_TOKEN.sub(" ", unicodedata.normalize("NFKC", text).lower())
    words = [w for w in _WORD.findall(folded) if w not in UNIVERSAL]
    if len(words) >= 2 or any(len(w) >= 4 for w in words):
        return "en"
    return None


def decide_language(stored: str | None, client: str | None, text: str | None = None,
                    *, sits_on: str | None = None) -> Lang:
    """The language to answer in.

    stored: the person's saved language (None if never set); client: their Telegram
    language code; text: a free-text question, when the message is one; sits_on: for a
    button, the text of the message it is attached to.
    """
    current: Lang = stored if stored in ("zh", "en") else normalize_lang(client)  # type: ignore[assignment]
    if sits_on is not None:
        return clear_language(sits_on) or current
    if text is not None:
        return clear_language(text) or current
    return current
