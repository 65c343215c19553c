"""What admins need to know about the knowledge base on disk: problems a reload would
refuse, and the agency facts still marked for the office to confirm."""

from __future__ import annotations

import re
from pathlib import Path

from bot.kb.loader import validate_folder

UNCONFIRMED_MARK = "TODO office to confirm"
KEY_LINE = re.compile(r"^  ([A-Za-z_][A-Za-z0-9_]*):")


def unconfirmed_facts(folder: Path) -> list[str]:
    """Agency facts (keys of agency.yaml) marked, on their line or in the comment just
    above, as not yet confirmed by the office: never to be presented as certain."""
    path = folder / "agency.yaml"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    found: list[str] = []
    marked = False
    for line in lines:
        if line.lstrip().startswith("#"):
            marked = marked or UNCONFIRMED_MARK in line
            continue
        match = KEY_LINE.match(line)
        if match and (marked or UNCONFIRMED_MARK in line) and match.group(1) not in found:
            found.append(match.group(1))
        if line.strip():
            marked = False
    return found


def problems(folder: Path) -> list[str]:
    return [str(problem) for problem in validate_folder(folder)]
