"""Form field validators and masks.

The check characters are recomputed here from the published algorithms, written out
independently of the module, so a slip in the module's tables shows up as a failure.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import validators as v

TODAY = date(2025, 6, 1)

# --- Independent reference implementations --------------------------------------------

# GB 11643-1999: weight of position i (1-based from the left) is 2^(18-i) mod 11.
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
ID_CHECK_FOR_REMAINDER = {0: "1", 1: "0", 2: "X", 3: "9", 4: "8", 5: "7"}
ID_CHECK_FOR_REMAINDER |= {6: "6", 7: "5", 8: "4", 9: "3", 10: "2"}

# GB 32100-2015: weight of position i (0-based) is 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37]
PROVINCES += [41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]


def reference_id_check(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_FOR_REMAINDER[total % 11]


def reference_uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def test_reference_tables_match_the_published_ones() -> None:
    assert ID_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert USCC_WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(PROVINCES))
    area = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    first17 = f"{province}{area}{born:%Y%m%d}{sequence}"
    return first17 + reference_id_check(first17)


@st.composite
def valid_credit_codes(draw: st.DrawFn) -> str:
    first17 = draw(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
    return first17 + reference_uscc_check(first17)


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)

FAST = settings(max_examples=150, deadline=None)


# --- Resident ID ------------------------------------------------------------------------


def test_known_resident_id_is_valid() -> None:
    assert v.resident_id("11010519491231002X", today=TODAY) == "11010519491231002X"


def test_resident_id_lower_case_x_spaces_and_full_width() -> None:
    assert v.resident_id(" 110105 19491231 002x ", today=TODAY) == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２Ｘ"
    assert v.resident_id(full_width, today=TODAY) == "11010519491231002X"


@FAST
@given(valid_ids())
def test_generated_resident_ids_pass(number: str) -> None:
    assert v.resident_id(number, today=TODAY) == number
    assert v.resident_id_check_char(number[:17]) == number[17]


@FAST
@given(valid_ids(), st.integers(0, 17), st.integers(1, 9))
def test_one_changed_digit_is_caught(number: str, position: int, shift: int) -> None:
    # Shifting by 1-9 within the position's alphabet always yields a different character.
    alphabet = "0123456789X" if position == 17 else "0123456789"
    new = alphabet[(alphabet.index(number[position]) + shift) % len(alphabet)]
    mutated = number[:position] + new + number[position + 1 :]
    with pytest.raises(v.InvalidField) as caught:
        v.resident_id(mutated, today=TODAY)
    if position == 17 or 2 <= position < 6 or position >= 14:
        # Neither the region nor the birth date changed, so only the checksum can object.
        assert caught.value.code == "id.checksum"
    else:
        assert caught.value.code in {"id.region", "id.birthdate", "id.checksum"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "id.length"),
        ("11010519491231002", "id.length"),
        ("11010519491231002XX", "id.length"),
        ("110105194912310A2X", "id.chars"),
        ("11010519491231002Y", "id.chars"),
        ("X1010519491231002X", "id.chars"),
        ("91010519491231002X", "id.region"),
        ("01010519491231002X", "id.region"),
        ("16010519491231002X", "id.region"),
        ("110105194902300021", "id.birthdate"),  # 30 February
        ("110105189912310021", "id.birthdate"),  # before 1900
        ("110105202507010021", "id.birthdate"),  # after TODAY
        ("110105194912310021", "id.checksum"),
        ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "id.chars"),  # Arabic-Indic digits are digits, not ours
    ],
)
def test_resident_id_errors(raw: str, code: str) -> None:
    with pytest.raises(v.InvalidField) as caught:
        v.resident_id(raw, today=TODAY)
    assert caught.value.code == code


def test_birth_date_today_is_accepted_and_default_today_is_the_real_one() -> None:
    first17 = f"110105{TODAY:%Y%m%d}001"
    number = first17 + reference_id_check(first17)
    assert v.resident_id(number, today=TODAY) == number
    assert v.resident_id("11010519491231002X") == "11010519491231002X"


def test_invalid_field_is_a_value_error_with_code() -> None:
    error = v.InvalidField("id.length")
    assert isinstance(error, ValueError)
    assert error.code == "id.length"


# --- Unified social credit code ---------------------------------------------------------


def test_known_credit_code_is_valid() -> None:
    assert v.credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert v.credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert v.credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


@FAST
@given(valid_credit_codes())
def test_generated_credit_codes_pass(code: str) -> None:
    assert v.credit_code(code) == code
    assert v.credit_code(code.lower()) == code
    assert v.credit_code_check_char(code[:17]) == code[17]


@FAST
@given(valid_credit_codes(), st.integers(0, 17), st.integers(1, 30))
def test_one_changed_credit_code_character_is_caught(code: str, position: int, shift: int) -> None:
    # MOD 31 over a prime modulus catches every single substitution.
    new = USCC_ALPHABET[(USCC_ALPHABET.index(code[position]) + shift) % 31]
    mutated = code[:position] + new + code[position + 1 :]
    with pytest.raises(v.InvalidField) as caught:
        v.credit_code(mutated)
    assert caught.value.code == "uscc.checksum"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "uscc.length"),
        ("91350100M000100Y4", "uscc.length"),
        ("91350100M000100Y433", "uscc.length"),
        ("91350100M000100I43", "uscc.chars"),  # I, O, S, V, Z are not in the alphabet
        ("91350100O000100Y43", "uscc.chars"),
        ("91350100M000100Y4-", "uscc.chars"),
        ("91350100M000100Y44", "uscc.checksum"),
    ],
)
def test_credit_code_errors(raw: str, code: str) -> None:
    with pytest.raises(v.InvalidField) as caught:
        v.credit_code(raw)
    assert caught.value.code == code


def test_check_char_helpers_refuse_bad_input() -> None:
    for bad in ("", "1" * 16, "1" * 18):
        with pytest.raises(v.InvalidField):
            v.resident_id_check_char(bad)
        with pytest.raises(v.InvalidField):
            v.credit_code_check_char(bad)
    with pytest.raises(v.InvalidField):
        v.resident_id_check_char("1" * 16 + "A")
    with pytest.raises(v.InvalidField):
        v.credit_code_check_char("1" * 16 + "I")


# --- Mobile, e-mail, postcode -------------------------------------------------------------


@FAST
@given(
    mobiles,
    st.sampled_from(["", "+86", "86", "0086", "+86 ", "(+86) ", "０086"]),
    st.sampled_from(["", " ", "-", "－", "　"]),
)
def test_generated_mobiles_pass(number: str, prefix: str, separator: str) -> None:
    typed = prefix + number[:3] + separator + number[3:7] + separator + number[7:]
    assert v.mobile(typed) == number


@pytest.mark.parametrize(
    "raw",
    ["+86 138 1234 8000", "138-1234-8000", "(0086)13812348000", "８６１３８１２３４８０００"],
)
def test_mobile_examples(raw: str) -> None:
    assert v.mobile(raw) == "13812348000"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "12812348000",  # second digit 2
        "1381234800",  # 10 digits
        "138123480001",  # 12 digits
        "0375-2667985",  # landline
        "+1 13812348000",
        "8613812348000x",
        "+8613812348000 ext 1",
        "861381234800",  # "86" + 10 digits is neither a prefixed nor a bare mobile
    ],
)
def test_mobile_errors(raw: str) -> None:
    with pytest.raises(v.InvalidField) as caught:
        v.mobile(raw)
    assert caught.value.code == "phone.format"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abc@example.com", "abc@example.com"),
        (" Zhang.San@Example.COM ", "Zhang.San@example.com"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ", "zhang@example.cn"),
        ("user+tag@mail.gov.cn", "user+tag@mail.gov.cn"),
    ],
)
def test_email_valid(raw: str, expected: str) -> None:
    assert v.email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "abc@",
        "@example.com",
        "a@b@example.com",
        "a b@example.com",
        "ab@example",
        "ab@.example.com",
        "ab@example..com",
        "ab@example.com.",
        "a@" + "x" * 250 + ".com",
        "a\x00b@example.com",
    ],
)
def test_email_errors(raw: str) -> None:
    with pytest.raises(v.InvalidField) as caught:
        v.email(raw)
    assert caught.value.code == "email.format"


def test_postcode() -> None:
    assert v.postcode(" 467000 ") == "467000"
    assert v.postcode("０１００００") == "010000"
    for bad in ("", "46700", "4670000", "967000", "46700a", "467 000"):
        with pytest.raises(v.InvalidField) as caught:
            v.postcode(bad)
        assert caught.value.code == "postcode.format"


# --- Free text and names ------------------------------------------------------------------


def test_clean_text_removes_invisible_and_control_characters() -> None:
    raw = "申请\u202e公开\u200b信息\x07\x1b  材料\u2066x\u2069\ufeff"
    assert v.clean_text(raw) == "申请公开信息 材料x"


def test_clean_text_whitespace_and_lines() -> None:
    raw = "  第一行\t  有   空格 \r\n\r\n\r\n\r\n  第二行\u3000全角  \n"
    assert v.clean_text(raw) == "第一行 有 空格\n\n第二行 全角"
    assert v.clean_text("ＡＢＣ１２３") == "ABC123"


INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}
INVISIBLE |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("a\u200b\u0301")
@example("\u2028\u2029\x85\r\n")
def test_clean_text_properties(raw: str) -> None:
    cleaned = v.clean_text(raw)
    assert cleaned == cleaned.strip()
    assert v.clean_text(cleaned) == cleaned
    for ch in cleaned:
        assert ord(ch) not in INVISIBLE
        assert ch == "\n" or unicodedata.category(ch) != "Cc"
    for line in cleaned.split("\n"):
        assert "  " not in line
        assert line == line.strip()
    assert "\n\n\n" not in cleaned


def test_text_length_limits() -> None:
    assert v.text("  你好  ", min_len=2, max_len=2) == "你好"
    with pytest.raises(v.InvalidField) as short:
        v.text("你\u200b", min_len=2, max_len=10)
    assert short.value.code == "text.too_short"
    with pytest.raises(v.InvalidField) as long:
        v.text("一二三", min_len=1, max_len=2)
    assert long.value.code == "text.too_long"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三", "张三"),
        ("  欧阳\n娜娜 ", "欧阳 娜娜"),
        ("John  Smith", "John Smith"),
        ("平顶山市某某科技有限公司", "平顶山市某某科技有限公司"),
        ("Ｊｏｈｎ", "John"),
        ("3M China", "3M China"),
    ],
)
def test_name_valid(raw: str, expected: str) -> None:
    assert v.name(raw) == expected


@pytest.mark.parametrize("raw", ["", "张", "12345", "--", "!!!", "张" * 51, "\u200b张\u200b"])
def test_name_errors(raw: str) -> None:
    with pytest.raises(v.InvalidField) as caught:
        v.name(raw)
    assert caught.value.code == "name.format"


# --- Masks -------------------------------------------------------------------------------


def test_masks() -> None:
    assert v.mask_name("张三") == "张*"
    assert v.mask_name("欧阳娜娜") == "欧***"
    assert v.mask_name("John Smith") == "J*********"
    assert v.mask_id("11010519491231002X") == "****002X"
    assert v.mask_phone("13812348000") == "138****8000"
    assert v.mask_email("abc@example.com") == "a**@example.com"


def test_masks_of_empty_and_short_values() -> None:
    for mask in (v.mask_name, v.mask_id, v.mask_phone, v.mask_email):
        assert mask("") == ""
    assert v.mask_id("12") == "****"
    assert v.mask_phone("1234") == "****"
    assert v.mask_email("nobody") == "n*****"


@FAST
@given(valid_ids(), mobiles)
def test_masks_hide_the_middle(number: str, phone: str) -> None:
    assert v.mask_id(number) == "****" + number[-4:]
    assert number[:14] not in v.mask_id(number)
    assert v.mask_phone(phone) == phone[:3] + "****" + phone[7:]
