"""The local dialect rewritten in plain Mandarin for the semantic model."""

from __future__ import annotations

import pytest

from bot.matching.spoken import in_plain_mandarin


@pytest.mark.parametrize(("text", "plain"), [
    ("俺们村的低保名单贴哪儿了", "我们村的低保名单贴哪儿了"),
    ("俺爹不识字，俺替他来问问", "我爹不识字，我替他来问问"),
    ("恁给俺说道说道啥不能给", "你们给我说道说道什么不能给"),
    ("啥子时候答复", "什么时候答复"),
    ("咋办", "怎么办"),
    ("中不中", "可不可以"),
    ("申请要交钱吗", "申请要交钱吗"),
    ("", ""),
])
def test_dialect_words_become_plain_mandarin_and_nothing_else_changes(text: str,
                                                                      plain: str) -> None:
    assert in_plain_mandarin(text) == plain
