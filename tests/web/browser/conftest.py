"""Browser tests: the desk served by uvicorn on a free port, driven through Debian's
headless Chromium by Playwright (never a downloaded browser). One browser for the
module (all of them: `--dist loadfile` keeps it on one worker), closed after it;
without Chromium every test here is skipped with how to install it."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.matching.engine import AnswerEngine
from bot.services import build_services
from tests.helpers import wait_until, words_only_settings
from tests.web.browser.live import LiveDesk
from web.app import build_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL_HINT = "browser tests need Chromium: apt-get install -y chromium"
LAUNCH_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped, not session-scoped: Playwright's sync API keeps an event loop
    running in this thread while it is open, which later async tests on the same worker
    would trip over."""
    if CHROMIUM is None:
        pytest.skip(INSTALL_HINT)
    playwright_api = pytest.importorskip("playwright.sync_api")
    with tempfile.TemporaryDirectory(prefix="desk-chromium-") as profile:
        manager = playwright_api.sync_playwright().start()
        try:
            # A persistent context is the only way to give Chromium a fresh profile dir
            # of our own; tests open pages in it and clear cookies between tests.
            context = manager.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=LAUNCH_FLAGS,
                locale="zh-CN", viewport={"width": 1280, "height": 900},
                accept_downloads=True)
            yield context
            context.close()
        finally:
            manager.stop()


@pytest.fixture
def desk(tmp_path: Path, engine: AnswerEngine) -> Iterator[LiveDesk]:
    import uvicorn

    settings = words_only_settings(db_path=str(tmp_path / "desk.db"), staff_ids="500,501",
                                   admin_ids="900")
    clock = FixedClock(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    services = build_services(settings, clock=clock, engine=engine)
    server = uvicorn.Server(uvicorn.Config(build_app(services), host="127.0.0.1", port=0,
                                           access_log=False, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_until(lambda: server.started), "the desk did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveDesk(f"http://127.0.0.1:{port}", services, clock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        services.close()


@pytest.fixture
def page(browser: Any, desk: LiveDesk) -> Iterator[Any]:
    browser.clear_cookies()
    tab = browser.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    tab.close()
