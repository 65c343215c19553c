"""Adding a phrasing to the knowledge base's YAML files without disturbing them.

The files are written by people: comments, blank lines, the order of keys and the block
style all matter to whoever edits them next (and to clean merges). So a phrasing is
added by inserting one line after the last item of the right `phrasings:` list, with
that list's own indentation; nothing else in the file changes. The edited file must
still load and validate, otherwise it is left exactly as it was.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.kb.loader import KnowledgeBaseError, load_knowledge_base
from bot.textnorm import Lang, compact
from bot.wholefile import replace_whole

OUT_OF_SCOPE_FILE = "out_of_scope.yaml"
_ID_LINE = re.compile(r"^(\s*)-\s+id:\s*['\"]?([A-Za-z0-9.\-_]+)['\"]?\s*$")
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z_]+):\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^(\s*)-\s+\S")


class EditError(Exception):
    """The phrasing cannot be added; the message says why, in one line."""


def _scalar(text: str) -> str:
    """The text as a YAML scalar: plain when that reads back identically, else quoted."""
    plain = text.strip()
    risky = (not plain or plain[0] in "!&*[]{}|>'\"%@`#,?:-" or ": " in plain
             or " #" in plain or plain.lower() in ("yes", "no", "true", "false", "null", "~")
             or re.fullmatch(r"[0-9.+\-eE]+", plain) is not None)
    return json.dumps(plain, ensure_ascii=False) if risky else plain


def _find_block(lines: list[str], group_id: str) -> tuple[int, int, int]:
    """The first and past-the-end line of the list item `- id: group_id`, and its
    indentation."""
    for number, line in enumerate(lines):
        match = _ID_LINE.match(line)
        if match and match.group(2) == group_id:
            indent = len(match.group(1))
            end = number + 1
            while end < len(lines):
                stripped = lines[end].strip()
                own = len(lines[end]) - len(lines[end].lstrip())
                if stripped and not stripped.startswith("#") and own <= indent:
                    break
                end += 1
            return number, end, indent
    raise EditError(f"no topic or group {group_id}")


def _insertion_point(lines: list[str], start: int, end: int, lang: Lang) -> tuple[int, str]:
    """Where the new item goes (after the last item of `phrasings: lang:`) and the
    indentation its items use."""
    phrasings = next((n for n in range(start, end)
                      if (m := _KEY_LINE.match(lines[n])) and m.group(2) == "phrasings"), None)
    if phrasings is None:
        raise EditError("no phrasings list")
    base = len(lines[phrasings]) - len(lines[phrasings].lstrip())
    for number in range(phrasings + 1, end):
        match = _KEY_LINE.match(lines[number])
        if not match:
            continue
        own = len(match.group(1))
        if own <= base:
            break
        if match.group(2) != lang:
            continue
        last, indent = number, ""
        for item in range(number + 1, end):
            stripped = lines[item].strip()
            if not stripped or stripped.startswith("#"):
                continue
            item_match = _ITEM_LINE.match(lines[item])
            if not item_match or len(item_match.group(1)) <= own:
                break
            last, indent = item, item_match.group(1)
        return last + 1, indent or " " * (own + 2)
    raise EditError(f"no {lang} phrasings list")


def _file_for(folder: Path, group_id: str) -> Path:
    candidates = [folder / OUT_OF_SCOPE_FILE] if "." not in group_id else \
        sorted((folder / "topics").glob("*.yaml"))
    for path in candidates:
        if path.exists() and re.search(rf"-\s+id:\s*['\"]?{re.escape(group_id)}['\"]?\s*$",
                                       path.read_text(encoding="utf-8"), re.MULTILINE):
            return path
    raise EditError(f"no topic or group {group_id}")


def add_phrasing(folder: Path, group_id: str, lang: Lang, text: str) -> Path:
    """Add `text` to the phrasings of a topic (`apply.fees`) or an out-of-scope group
    (`other-services`); returns the file changed. Raises EditError when the phrasing is
    already there, the target does not exist, or the result would not validate."""
    text = " ".join(text.split())
    if not text:
        raise EditError("empty phrasing")
    kb = load_knowledge_base(folder)
    existing = {compact(p) for t in kb.topics for lg in ("zh", "en")
                for p in (*t.phrasings[lg], t.title[lg])}
    existing |= {compact(p) for d in kb.declines for lg in ("zh", "en")
                 for p in d.phrasings[lg]}
    if compact(text) in existing:
        raise EditError("already a phrasing")
    path = _file_for(folder, group_id)
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    start, end, _ = _find_block(lines, group_id)
    at, indent = _insertion_point(lines, start, end, lang)
    lines.insert(at, f"{indent}- {_scalar(text)}")
    replace_whole(path, "\n".join(lines))  # a crash or a reload never sees half of it
    try:
        load_knowledge_base(folder)
    except KnowledgeBaseError as error:
        replace_whole(path, original)
        raise EditError(f"the base would not validate: {error}") from None
    return path
