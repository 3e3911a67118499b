"""Make docs/screenshot-overview.png and docs/screenshot-unit.png: the pages of a generated province (Thái
Nguyên, 12 months, the clock pinned to 18/11/2026 10:00) in Debian's Chromium at an office screen's 1366×768.

Usage: .venv/bin/python -m tests.browser.screenshots [--db /tmp/chiso-shots.duckdb] [--out docs]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from playwright.sync_api import sync_playwright

from chiso.store import Store
from chiso.timeutil import VN_TZ
from chiso.web import Settings, create_app
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.web_support import live_server

END = dt.date(2026, 11, 18)
NOW = dt.datetime.combine(END, dt.time(10, 0), tzinfo=VN_TZ)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/chiso-shots.duckdb")
    parser.add_argument("--out", default="docs")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args()
    fresh = not Path(args.db).exists()
    store = Store.open(args.db)
    if fresh:
        from chiso.generate import generate_province

        generate_province(store, "19", months=12, seed=766, end=END, target_dossiers=150_000)
    # A commune in the middle of the ranking, with open dossiers: the page an official would open most often.
    row = store.con.execute(
        """
        SELECT d.unit_code FROM dossiers d JOIN dossier_facts f ON f.dossier_code = d.code
        JOIN units u ON u.code = d.unit_code
        WHERE u.level = 'commune' AND f.terminal_state IS NULL AND f.effective_due_at >= ?
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1 OFFSET 5
        """,
        [NOW],
    ).fetchone()
    commune = row[0] if row else "01840"
    app = create_app(Settings(clock=lambda: NOW), store=store)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = chromium_path()
    assert path is not None, "apt-get install chromium"
    with live_server(app) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height}, locale="vi-VN")
        for url, name in (("/overview/19", "overview"), (f"/units/{commune}", "unit")):
            page.goto(base + url)
            page.wait_for_selector("body[data-live-connected='1']", timeout=15_000)
            page.screenshot(path=str(out / f"screenshot-{name}.png"))
            print(out / f"screenshot-{name}.png", base + url)
        browser.close()
    store.close()


if __name__ == "__main__":
    main()
