"""Validation and normalisation of the fields residents type into forms.

Every validator takes the raw string as typed, returns the canonical value to store, or
raises `InvalidField` whose `code` the presentation layer maps to a message. NFKC comes
first everywhere because residents on Chinese input methods often type full-width
digits and letters (１３８…, ＡＢＣ) that mean the same as their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from bot.textnorm import strip_invisible

__all__ = [
    "InvalidField",
    "clean_text",
    "credit_code",
    "credit_code_check_char",
    "email",
    "mask_email",
    "mask_id",
    "mask_name",
    "mask_personal_data",
    "mask_phone",
    "mobile",
    "name",
    "person_name",
    "phone",
    "postcode",
    "resident_id",
    "resident_id_check_char",
    "text",
    "tidy_text",
]


class InvalidField(ValueError):
    """A field value was rejected; `code` is stable and names the rule that failed."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_ASCII_DIGITS = frozenset("0123456789")


def _nfkc(raw: str) -> str:
    return unicodedata.normalize("NFKC", strip_invisible(raw)).strip()


def _without_whitespace(value: str) -> str:
    # Long codes are often typed or pasted in groups ("110105 19491231 002X").
    return "".join(value.split())


# --- Resident identity card (GB 11643-1999) ------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_EARLIEST_BIRTH = date(1900, 1, 1)
# Province-level codes of GB/T 2260. 71 (Taiwan) is kept because the standard defines
# it; 81-83 are the residence permits for Hong Kong, Macao and Taiwan residents, which
# use the same 18-character format and are valid identity documents on the mainland.
_PROVINCES = frozenset(
    (
        *range(11, 16),  # north
        *range(21, 24),  # north-east
        *range(31, 38),  # east
        *range(41, 47),  # centre and south
        *range(50, 55),  # south-west
        *range(61, 66),  # north-west
        71,
        81,
        82,
        83,
    )
)


def resident_id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    if len(first17) != 17:
        raise InvalidField("id.length")
    if not set(first17) <= _ASCII_DIGITS:
        raise InvalidField("id.chars")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def resident_id(raw: str, today: date | None = None) -> str:
    """A mainland resident identity card number, upper-case, without spaces."""
    value = _without_whitespace(_nfkc(raw)).upper()
    if len(value) != 18:
        raise InvalidField("id.length")
    if not set(value[:17]) <= _ASCII_DIGITS or value[17] not in _ASCII_DIGITS | {"X"}:
        raise InvalidField("id.chars")
    if int(value[:2]) not in _PROVINCES:
        raise InvalidField("id.region")
    born = _birth_date(value[6:14])
    latest = today if today is not None else date.today()
    if born is None or not _ID_EARLIEST_BIRTH <= born <= latest:
        raise InvalidField("id.birthdate")
    if resident_id_check_char(value[:17]) != value[17]:
        raise InvalidField("id.checksum")
    return value


# --- Unified social credit code (GB 32100-2015) --------------------------------------

# The standard's alphabet leaves out I, O, Z, S and V so codes survive being read aloud.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: index for index, ch in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The MOD 31 check character for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise InvalidField("uscc.length")
    if not set(first17) <= _USCC_VALUE.keys():
        raise InvalidField("uscc.chars")
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code(raw: str) -> str:
    """A unified social credit code (统一社会信用代码), upper-case, without spaces."""
    value = _without_whitespace(_nfkc(raw)).upper()
    if len(value) != 18:
        raise InvalidField("uscc.length")
    if not set(value) <= _USCC_VALUE.keys():
        raise InvalidField("uscc.chars")
    if credit_code_check_char(value[:17]) != value[17]:
        raise InvalidField("uscc.checksum")
    return value


# --- Contact details ------------------------------------------------------------------

# Separators people put into phone numbers, including the dash look-alikes that some
# input methods produce and NFKC leaves alone.
_PHONE_SEPARATORS = re.compile(r"[\s()\-\u2010-\u2015\u2212]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_COUNTRY_PREFIXES = ("+86", "0086", "86")


def mobile(raw: str) -> str:
    """A mainland mobile number as its 11 digits, without country code."""
    value = _PHONE_SEPARATORS.sub("", _nfkc(raw))
    for prefix in _COUNTRY_PREFIXES:
        # A bare "86" is only a prefix when something of mobile length follows it.
        if value.startswith(prefix) and len(value) == len(prefix) + 11:
            value = value[len(prefix) :]
            break
    if not _MOBILE.fullmatch(value):
        raise InvalidField("phone.format")
    return value


_LANDLINE = re.compile(r"0[1-9][0-9]{8,10}")  # area code with its leading 0, then 7-8 digits
_SERVICE_LINE = re.compile(r"[48]00[0-9]{7}")
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{6,14}")  # E.164: at most 15 digits
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x)\s*([0-9]{1,6})$", re.I)


def phone(raw: str) -> str:
    """Any number a person can be called on, where the law asks only for "contact
    details" (Art. 29): a mainland mobile, a landline with its area code (and an
    extension), a 400/800 line, or an international number starting with + or 00."""
    value = _nfkc(raw)
    extension = ""
    if match := _EXTENSION.search(value):
        extension, value = match.group(1), value[: match.start()]
    value = _PHONE_SEPARATORS.sub("", value)
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        number = mobile(value)
    except InvalidField:
        if not (_LANDLINE.fullmatch(value) or _SERVICE_LINE.fullmatch(value)
                or _INTERNATIONAL.fullmatch(value)):
            raise InvalidField("phone.contact") from None
        number = value
    if value.startswith("+86") and not _MOBILE.fullmatch(number):
        number = "0" + value[3:]  # a mainland landline written internationally
        if not _LANDLINE.fullmatch(number):
            raise InvalidField("phone.contact")
    return f"{number} 转 {extension}" if extension else number


_EMAIL_MAX = 254
_EMAIL_LOCAL_MAX = 64


def email(raw: str) -> str:
    """A plausible e-mail address with its domain lower-cased.

    Deliberately not RFC 5322: the only proof an address works is a reply, so this only
    catches typing slips (missing @, spaces, a domain without a dot).
    """
    value = _nfkc(raw)
    if (
        not value
        or len(value) > _EMAIL_MAX
        or value.count("@") != 1
        or any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value)
    ):
        raise InvalidField("email.format")
    local, domain = value.split("@")
    labels = domain.split(".")
    if not local or len(local) > _EMAIL_LOCAL_MAX or len(labels) < 2 or not all(labels):
        raise InvalidField("email.format")
    return f"{local}@{domain.lower()}"


_POSTCODE = re.compile(r"[0-8][0-9]{5}")


def postcode(raw: str) -> str:
    """A mainland postal code: six digits, the first 0-8 (9 is not assigned)."""
    value = _nfkc(raw)
    if not _POSTCODE.fullmatch(value):
        raise InvalidField("postcode.format")
    return value


# --- Free text ------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")


def _drop_controls(value: str) -> str:
    # Tabs and other whitespace controls separate words, so they become spaces rather
    # than vanishing and gluing the words together.
    return "".join(
        ch if ch == "\n" or unicodedata.category(ch) != "Cc" else (" " if ch.isspace() else "")
        for ch in value
    )


def tidy_text(raw: str) -> str:
    """A resident's words as typed, made safe to store and show: no controls, no
    invisible characters, single spaces within lines, at most one blank line between
    paragraphs. Full-width punctuation and letters stay as they were typed."""
    value = _LINE_BREAKS.sub("\n", raw)
    # Invisible characters are invisible in the staff view yet can reorder or hide text
    # (U+202E makes "gpj.exe" read as "exe.jpg"): textnorm's one rule removes them.
    value = _drop_controls(strip_invisible(value))
    # NFC after removal so characters separated only by an invisible one can compose.
    value = unicodedata.normalize("NFC", value)
    lines = (" ".join(line.split()) for line in value.split("\n"))
    return _BLANK_LINE_RUNS.sub("\n\n", "\n".join(lines)).strip()


def clean_text(raw: str) -> str:
    """`tidy_text`, then NFKC: for values that are codes or names, where a full-width
    "ＡＢＣ" means the same as "ABC"."""
    return tidy_text(unicodedata.normalize("NFKC", tidy_text(raw)))


def text(raw: str, *, min_len: int, max_len: int) -> str:
    """A free-text field, stored as typed, whose length in characters lies in
    [min_len, max_len]."""
    value = tidy_text(raw)
    if len(value) < min_len:
        raise InvalidField("text.too_short")
    if len(value) > max_len:
        raise InvalidField("text.too_long")
    return value


_NAME_MIN = 2
_NAME_MAX = 50


def name(raw: str) -> str:
    """A person's or organisation's name on one line, 2-50 characters with a letter."""
    value = " ".join(clean_text(raw).split())
    # CJK ideographs are category Lo, so "some letter" covers Chinese names too and
    # rejects entries made only of digits or punctuation.
    has_letter = any(unicodedata.category(ch).startswith("L") for ch in value)
    if not _NAME_MIN <= len(value) <= _NAME_MAX or not has_letter:
        raise InvalidField("name.format")
    return value


_QUESTION_MARKS = frozenset("?？")


def person_name(raw: str) -> str:
    """A person's name: as `name`, but never with digits or question marks (a typed
    question or a phone number is not a name)."""
    value = name(raw)
    if any(unicodedata.category(ch) == "Nd" or ch in _QUESTION_MARKS for ch in value):
        raise InvalidField("name.person")
    return value


# --- Masking for staff notices --------------------------------------------------------


def mask_name(value: str) -> str:
    """First character kept, every other character (spaces too) starred."""
    value = value.strip()
    return value[:1] + "*" * (len(value) - 1) if value else ""


def mask_id(value: str) -> str:
    """Only the last four characters of an ID are shown."""
    value = value.strip()
    if not value:
        return ""
    # A value too short to be an ID would otherwise be shown in full.
    return "****" + value[-4:] if len(value) > 4 else "****"


def mask_phone(value: str) -> str:
    """The carrier prefix and the last four digits are shown, as on bank statements."""
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    """The domain stays readable; only the first character of the mailbox is shown."""
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at:
        return mask_name(value)
    return mask_name(local) + at + domain


_PERSONAL: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])"), mask_id),
    (re.compile(r"(?<![0-9])[1-9][0-9]{14}(?![0-9])"), mask_id),  # old 15-digit IDs
    (re.compile(r"(?<![0-9])1[3-9][0-9](?:[\s\-]?[0-9]{4}){2}(?![0-9])"), mask_phone),
    (re.compile(r"(?<![0-9])0[0-9]{2,3}[\s\-]?[0-9]{7,8}(?![0-9])"), mask_phone),  # landlines
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"), mask_email),
)


def mask_personal_data(text: str) -> str:
    """Free text with ID numbers, phone numbers and e-mail addresses masked, as kept
    for the admins' study of unanswered questions."""
    text = unicodedata.normalize("NFKC", text)
    for pattern, mask in _PERSONAL:
        text = pattern.sub(_masked(mask), text)
    return text


def _masked(mask: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
    return lambda match: mask(match.group(0))
