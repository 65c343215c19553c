"""Questions that ask to see or get a government document.

A question asking for a policy document, notice, standard, list, plan or decision is a
disclosure question even when the document is about another office's service (issue
10): "低保的认定标准文件在哪能看到" is in scope, "低保怎么申请" is not. The words of
the other service (低保) must then not weigh the question down nor decline it. A
question about the papers a service wants from the resident ("要准备什么文件") asks for
the service, not for a document.
"""

from __future__ import annotations

import re

from bot.textnorm import normalize

_ZH_DOCUMENT = re.compile(
    "政策|规定|通知|文件|标准|依据|批复|批文|办法|方案|名单|公告|原文|红头|细则|决定|规划|批准")
_ZH_SEEING = re.compile(
    "公开|公布|公示|能看|看到|看看|查到|查阅|在哪|哪里|哪儿|要一份|要份|想要|挂出|贴出|"
    "出台|发布|网上")
_ZH_PAPERS = re.compile(
    "(需要|要带|带|准备|提交|交|提供|备齐|递交)些?(什么|哪些|啥|哪几样)?(证明)?(文件|材料)")
# "documents" alone is as often the papers a service asks for: it needs a verb of
# disclosure; the other nouns name a government text whatever the verb.
_EN_TEXT = re.compile(
    r"\b(polic(y|ies)|regulations?|rules|notices?|announcements?|decisions?|circulars?|"
    r"guidelines|approvals?)\b")
_EN_DOCUMENT = re.compile(r"\b(documents?|files?|records?|plans?|lists?|standards?)\b")
_EN_SEEING = re.compile(
    r"\b(read|see|get|copy|copies|find|where|public|publish\w*|releas\w*|disclos\w*|"
    r"available|online|posted)\b")
_EN_DISCLOSING = re.compile(r"\b(public|publish\w*|releas\w*|disclos\w*|posted)\b")
# The papers a service wants, a resident's own replacement copy, a notice the resident
# must publish (a lost ID card): services, not documents of the office.
_EN_PAPERS = re.compile(
    r"\b(what|which) (documents|papers)\b|\b(documents|papers) (do|does|did|should) \w+ "
    r"(need|bring)|\bbring\b|\breplacement\b|\b(do|can|should|must) i publish\b|"
    r"\bi (need|have|want) to publish\b")


def asks_for_document(text: str) -> bool:
    """Whether the question asks to see, find or get a government document."""
    text = normalize(text)
    if _ZH_DOCUMENT.search(text) and _ZH_SEEING.search(text):
        return _ZH_PAPERS.search(text) is None
    if _EN_PAPERS.search(text):
        return False
    return bool((_EN_TEXT.search(text) and _EN_SEEING.search(text))
                or (_EN_DOCUMENT.search(text) and _EN_DISCLOSING.search(text)))
