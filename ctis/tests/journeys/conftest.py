"""Fixtures for journey tests (the root conftest.py provides browser, page, live_server …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ctis.tests.accessibility import assert_accessible


@pytest.fixture
def axe_check(browser: Any) -> Callable[[Any], None]:
    """``axe_check(page)``: fail on any axe-core WCAG 2 A/AA violation on the page as shown."""

    def check(page: Any) -> None:
        assert_accessible(browser, page)

    return check
