"""The web desk under test: the app on the shared test services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from bot.services import Services
from tests.web.helpers import BASE
from web.app import build_app


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(build_app(services), base_url=BASE) as test_client:
        yield test_client
