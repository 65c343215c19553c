"""Dialect and spoken words in plain Mandarin: the one table both rankings read a
question through.

Residents write as they speak: Henan (俺, 恁, 咋, 中不中), the south-west (啥子, 莫得,
啷个), the north-east (嘎哈), Cantonese (冇, 点样, 系咪). The words' ranking reads the
rewritten text (bot.matching.features, before the base's synonyms), and so does the model,
which was trained on written Mandarin and reads "俺想问问咋申请" less well than
"我想问问怎么申请". Only words that mean nothing else inside a Chinese question: not 没得
("没得到答复" is "did not get"), not 么子 (in "什么子女"), not 弄啥 alone ("要弄啥材料").
"""

from __future__ import annotations

import re

PLAIN_MANDARIN = {
    # Henan and the north
    "俺们": "我们", "俺": "我", "恁": "你们", "额滴": "我的", "咋整": "怎么办", "咋": "怎么",
    "中不中": "可不可以", "弄啥嘞": "干什么", "搁哪": "在哪", "瞅瞅": "看看", "瞅": "看",
    "信儿": "消息", "嘎哈": "干什么", "木有": "没有",
    # the south-west
    "啥子": "什么", "撒子": "什么", "啥": "什么", "莫得": "没有", "啷个": "怎么", "晓得": "知道",
    # Cantonese, as typed in simplified and in traditional characters
    "冇": "没有", "点样": "怎样", "點樣": "怎樣", "乜嘢": "什么", "咩": "什么", "嘅": "的",
    "佢": "他", "喺": "在", "睇": "看", "畀": "给", "系咪": "是不是", "係咪": "是不是",
    "唔该": "谢谢", "唔該": "謝謝", "唔": "不",
}
_DIALECT = re.compile("|".join(sorted(PLAIN_MANDARIN, key=len, reverse=True)))


def in_plain_mandarin(text: str) -> str:
    return _DIALECT.sub(lambda match: PLAIN_MANDARIN[match.group()], text)
