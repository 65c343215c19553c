"""Dialect words rewritten in plain Mandarin, for both rankings."""

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
    ("我的申请点样查？系咪要等好耐", "我的申请怎样查？是不是要等好耐"),  # Cantonese
    ("莫得人理我，啷个办", "没有人理我，怎么办"),  # south-west
    ("申请要交钱吗", "申请要交钱吗"),
    ("一直没得到答复", "一直没得到答复"),  # 没得 is "did not get" here
    ("能查到什么子女信息", "能查到什么子女信息"),
    ("", ""),
])
def test_dialect_words_become_plain_mandarin_and_nothing_else_changes(text: str,
                                                                      plain: str) -> None:
    assert in_plain_mandarin(text) == plain


def test_both_rankings_read_the_dialect_through_the_same_table() -> None:
    from bot.matching.features import Analyzer, SynonymMap
    from bot.matching.segment import Segmenter

    analyzer = Analyzer(Segmenter(set()), SynonymMap({}))
    spoken, plain = analyzer.analyze("俺想问问咋申请"), analyzer.analyze("我想问问怎么申请")
    assert spoken.normalized == plain.normalized
