from bot.i18n import Catalogue, default_catalogue, normalize_lang


def test_both_languages_have_the_same_messages() -> None:
    texts = default_catalogue()
    assert texts.keys("zh") == texts.keys("en")
    assert len(texts.keys("zh")) > 40


def test_placeholders_are_filled_and_unknown_ones_stay_visible() -> None:
    texts = Catalogue({"zh": {"hi": "你好{name}{oops}"}, "en": {}})
    assert texts.get("zh", "hi", name="小明") == "你好小明{oops}"
    assert texts.get("en", "hi", name="Ming") == "你好Ming{oops}"  # falls back to Chinese


def test_telegram_language_codes() -> None:
    assert normalize_lang("en-US") == "en"
    assert normalize_lang("zh-hans") == "zh"
    assert normalize_lang(None) == "zh"
    assert normalize_lang("ru") == "zh"
