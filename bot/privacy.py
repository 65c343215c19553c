"""Personal data in free text: what a resident types into a description or a question
may hold their name, ID number, phone, e-mail or address. Anything shown where more than
authorised staff may read it (the staff group) and anything written to a log goes
through here first. The full text is only ever sent privately to staff.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.validators import mask_email, mask_id, mask_name, mask_phone

# An 18-character resident ID or credit code, a 15-digit old ID; not inside a longer run.
_ID = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9A-HJ-NPQRTUWXY]{18}|[0-9]{15})"
                 r"(?![0-9A-Za-z])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Mainland mobiles with optional +86 and separators; landlines with an area code.
_PHONE = re.compile(r"(?<![0-9])((?:(?:\+|00)?86[\s-]?)?)(1[3-9][0-9](?:[\s-]?[0-9]{4}){2}"
                    r"|0[0-9]{2,3}[\s-]?[0-9]{7,8})(?![0-9])")
# A Chinese street address: a place, a road or compound, then a number, building or room.
_CN_ADDRESS = re.compile(
    r"[\u4e00-\u9fff0-9]{0,12}(?:省|市|区|县|镇|乡|街道|路|街|大道|巷|弄|胡同|村|小区|社区|花园|公寓)"
    r"[\u4e00-\u9fff0-9A-Za-z\-－#]{0,16}?[0-9０-９一二三四五六七八九十百]+"
    r"(?:号院|号楼|号|栋|幢|单元|室|楼|层)(?:[0-9０-９\-－]+(?:号院|号楼|号|栋|幢|单元|室|楼|层))*")
_EN_ADDRESS = re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|"
                         r"Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct)\b\.?")
# "My name is ..." and its Chinese forms, followed by a name of two to four characters.
_CN_NAME_CUE = re.compile(r"(我叫|我是|本人是?|姓名[:：]?|名字[:：]?|申请人[:：]?|联系人[:：]?)"
                          r"\s*([\u4e00-\u9fff·]{2,4})")
_EN_NAME_CUE = re.compile(r"\b((?:[Mm]y name is|I am|I'm|[Nn]ame:)\s+)"
                          r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})")
ADDRESS_MASK = "[地址/address]"
# What follows "我是" without being a name: a role, or the start of a sentence.
_NOT_NAMES = ("居民", "市民", "村民", "申请人", "投诉人", "群众", "业主", "学生", "记者", "律师")
_NOT_NAME_STARTS = "是在想要的因需对从来去这那一个本该"


def _name(cue: str, name: str) -> str:
    if name.startswith(_NOT_NAMES) or name[0] in _NOT_NAME_STARTS:
        return cue + name
    return cue + mask_name(name)


def mask_free_text(text: str, known: Iterable[str] = ()) -> str:
    """`text` with the personal data it is likely to hold masked: the values the resident
    gave in personal fields (`known`: their name, ID, phone...) wherever they appear,
    then ID numbers, e-mails, phone numbers, addresses and self-introductions."""
    for value in sorted((v.strip() for v in known if v and len(v.strip()) >= 2),
                        key=len, reverse=True):
        text = text.replace(value, mask_name(value))
    text = _EMAIL.sub(lambda m: mask_email(m.group()), text)
    text = _ID.sub(lambda m: mask_id(m.group()), text)
    text = _PHONE.sub(lambda m: m.group(1) + mask_phone(re.sub(r"[\s-]", "", m.group(2))),
                      text)
    text = _CN_ADDRESS.sub(ADDRESS_MASK, text)
    text = _EN_ADDRESS.sub(ADDRESS_MASK, text)
    text = _CN_NAME_CUE.sub(lambda m: _name(m.group(1), m.group(2)), text)
    return _EN_NAME_CUE.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
