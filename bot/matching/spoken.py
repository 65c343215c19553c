"""The local dialect's words (Henan) in plain Mandarin, for the semantic model.

The words' ranking reads 俺, 恁 and 啥 through the base's synonyms; the model was trained
on written Mandarin and reads "俺想问问咋申请" less well than "我想问问怎么申请", so the
text it embeds is rewritten first. Only words that mean nothing else in a question.
"""

from __future__ import annotations

import re

PLAIN_MANDARIN = {
    "俺们": "我们", "俺": "我", "恁": "你们", "啥子": "什么", "啥": "什么", "咋": "怎么",
    "中不中": "可不可以",
}
_DIALECT = re.compile("|".join(sorted(PLAIN_MANDARIN, key=len, reverse=True)))


def in_plain_mandarin(text: str) -> str:
    return _DIALECT.sub(lambda match: PLAIN_MANDARIN[match.group()], text)
