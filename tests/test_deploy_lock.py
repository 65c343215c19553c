"""The deployment lock (deploy/requirements.lock, `make lock`) pins every package the
project depends on: the image and the systemd install take only what it names, with
`--require-hashes`, so a dependency missing from it breaks the install, or worse, the
first start."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    name = re.split(r"[\[<>=~!; ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_dependency_is_pinned_with_hashes_in_the_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {_name(requirement) for requirement in project["project"]["dependencies"]}
    lock = (ROOT / "deploy" / "requirements.lock").read_text(encoding="utf-8")
    pinned = {_name(match) for match in re.findall(r"^([A-Za-z0-9._-]+)==\S+ \\\n\s+--hash=",
                                                    lock, flags=re.MULTILINE)}
    assert wanted, "no dependencies read from pyproject.toml"
    assert sorted(wanted - pinned) == []
