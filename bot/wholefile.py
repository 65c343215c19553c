"""Files replaced whole: written beside their place, then renamed over it, so a reader (a
process starting at the same time, a reload) sees the old file or the new one, never half
of one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_whole(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) in place of `path`, keeping the old file's mode (a
    new file gets the umask's, readable by others where the umask lets them: unlike the
    private cache files of bot.matching.indexcache). Raises OSError; then nothing is left
    behind."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(content, str):
            partial.write_text(content, encoding="utf-8")
        else:
            partial.write_bytes(content)
        if path.exists():
            shutil.copymode(path, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
