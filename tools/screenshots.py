"""Take the README's screenshots from a running demo (``make run`` in another terminal).

    .venv/bin/python tools/screenshots.py [http://127.0.0.1:8000]

Drives Debian's chromium through Playwright; writes docs/screenshots/*.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = [  # (file, path, viewport)
    ("dashboard.png", "/c/yangyi/", (1280, 800)),
    ("organisation-tree.png", "/c/yangyi/org/", (1280, 1100)),
    ("windows-linkage.png", "/c/yangyi/org/windows/", (1280, 900)),
    ("standardised-branches.png", "/c/yangyi/org/standards/", (1280, 700)),
    ("window-page-phone.png", "/c/yangyi/org/units/{window}/", (390, 844)),
    ("dedication-projects.png", "/c/yangyi/dedication/", (1280, 1000)),
    ("volunteer-board.png", "/c/yangyi/dedication/board/", (1280, 1200)),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path, (width, height) in SHOTS:
            page = browser.new_context(
                base_url=BASE, locale="zh-CN", viewport={"width": width, "height": height}
            ).new_page()
            page.goto("/accounts/login/")
            page.fill("#id_username", "secretary")
            page.fill("#id_password", "sanjian-demo")
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            if "{window}" in path:
                page.goto("/c/yangyi/org/windows/")
                path = page.locator("table a").first.get_attribute("href")
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1200)  # let charts finish their animation
            page.screenshot(path=str(OUT / name))
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
