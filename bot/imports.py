"""Importing libraries that reach for pkg_resources only to find their own data files.

zhconv and jieba import pkg_resources (deprecated, ~0.15 s to import: a tenth of the
start-up budget) just to open files inside their own package, and open them directly
when it cannot be imported. Their imports go through `without_pkg_resources`, which
makes that import fail for their duration only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_pkg_resources() -> Iterator[None]:
    if "pkg_resources" in sys.modules:  # already paid for: nothing to save
        yield
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        yield
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
