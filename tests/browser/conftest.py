"""Browser tests drive Debian's Chromium (no browser download): skipped, with the reason, only when it is absent."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium, if installed (``$CHISO_CHROMIUM`` overrides)."""
    for candidate in (os.environ.get("CHISO_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium của Debian chưa được cài (apt-get install chromium); .ci/run cài nó khi thiếu.")
    sync_api = pytest.importorskip("playwright.sync_api", reason="thiếu gói Python playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()
