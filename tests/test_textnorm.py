from bot.textnorm import compact, detect_language, normalize


def test_full_width_traditional_case_and_punctuation_fold_together() -> None:
    assert normalize("申請政府資訊公開，要收費嗎？？") == "申请政府资讯公开 要收费吗"
    assert normalize("ＨＯＷ　Long？") == "how long"
    assert compact("收费 吗 😀!!") == "收费吗"


def test_invisible_and_bidi_characters_are_dropped() -> None:
    assert normalize("收\u200b费\u202e吗") == "收费吗"


def test_language_is_detected_per_question() -> None:
    assert detect_language("申请要收费吗") == "zh"
    assert detect_language("is it free?") == "en"
    assert detect_language("ｆｅｅ") == "en"
    assert detect_language("12345", default="en") == "en"
    assert detect_language("fee 收费") == "zh"


def test_the_separator_table_stays_bounded_and_correct() -> None:
    from bot.textnorm import _TO_SPACE, normalize

    rare = "".join(chr(code) for code in range(0x4E00, 0x4E00 + _TO_SPACE.LIMIT + 500))
    normalize(rare)
    assert len(_TO_SPACE) <= _TO_SPACE.LIMIT
    assert normalize("申请，要收费吗？👍 yes!") == "申请 要收费吗 yes"
