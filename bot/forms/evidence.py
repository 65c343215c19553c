"""Taking evidence into a draft: one file or a whole album at once, answered with one
message that says what was kept and why anything was not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.forms.spec import EvidenceLimits
from bot.messages import Media


@dataclass
class Intake:
    """What became of the files sent together."""

    added: int = 0
    duplicates: int = 0
    refused: int = 0  # a kind that is not evidence (a sticker, a program)
    too_big: int = 0
    over_limit: int = 0

    @property
    def rejected(self) -> int:
        return self.duplicates + self.refused + self.too_big + self.over_limit


def take(evidence: list[dict[str, Any]], limits: EvidenceLimits,
         media: Sequence[Media]) -> Intake:
    """Add each acceptable file to `evidence`, in the order sent."""
    intake = Intake()
    known = {item["file_id"] for item in evidence}
    for item in media:
        if limits.refuses(item.kind, item.name, item.mime):
            intake.refused += 1
        elif item.size > limits.max_bytes:
            intake.too_big += 1
        elif item.file_id in known:
            intake.duplicates += 1
        elif len(evidence) >= limits.max_items:
            intake.over_limit += 1
        else:
            evidence.append({"file_id": item.file_id, "kind": item.kind, "mime": item.mime,
                             "size": item.size, "name": item.name})
            known.add(item.file_id)
            intake.added += 1
    return intake


Line = tuple[str, dict[str, Any]]  # a text key and its values


def acknowledgement(intake: Intake, count: int, limits: EvidenceLimits) -> list[Line]:
    """The text keys (with their values) of the one reply to a batch, in reading order."""
    lines: list[Line] = []
    if intake.added:
        lines.append(("form.evidence.added", {"added": intake.added, "count": count,
                                              "max": limits.max_items}))
    if intake.duplicates:
        lines.append(("form.evidence.duplicate", {"n": intake.duplicates}))
    if intake.refused:
        lines.append(("form.evidence.bad_kind", {"n": intake.refused}))
    if intake.too_big:
        lines.append(("form.evidence.too_big", {"n": intake.too_big,
                                                "mb": limits.max_bytes // (1024 * 1024)}))
    if intake.over_limit:
        lines.append(("form.evidence.over_limit", {"n": intake.over_limit,
                                                   "max": limits.max_items}))
    elif count >= limits.max_items:
        lines.append(("form.evidence.limit", {"max": limits.max_items}))
    elif intake.added:
        lines.append(("form.evidence.more", {}))
    return lines
