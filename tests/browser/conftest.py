"""Browser tests: Playwright (Python) driving Debian's Chromium at /usr/bin/chromium against a
uvicorn server on a free port with a temp SQLite database. Never ``playwright install``.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing
(``.ci/run`` installs Debian's ``chromium`` and ``fonts-noto-cjk``). Screenshots go to
``tests/browser/artifacts/`` (git-ignored).

Every document any browser test loads from the server — each page, redirect, print view and
error page, in every context the tests open — has its security headers checked
(``tests/security_headers.py``; issue 13 scope 9 "security headers checked on every page in the
browser tests"): a test fails at teardown naming the address and the missing header.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.integration.databases import DEMO, SqliteCopies
from tests.security_headers import header_problems

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ROOT = Path(__file__).resolve().parents[2]
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "browser tests need the playwright package (pip install -e '.[dev]')"
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, sqlite_copies: SqliteCopies) -> Iterator[dict[str, object]]:
    """Start the app on a copy of the demo database; yields its base URL and the clock file."""
    tmp = tmp_path_factory.mktemp("web")
    port, clock = _free_port(), tmp / "today.txt"
    url = sqlite_copies.new(DEMO, tmp)
    # this checkout's src before the installed package: a worktree tests its own code
    env = {**os.environ, "YIDI_WEB_SECRET": "browser-test-secret", "PYTHONPATH": os.pathsep.join((str(ROOT / "src"), str(ROOT)))}
    env.pop("YIDI_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "tests.browser.server", url, str(port), str(clock)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/ui/login", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the web test server did not start") from None
                time.sleep(0.3)
        yield {"base": base, "clock": clock}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


STATIC = ("/ui/static/", "/api-docs/static/")  # files, cached on purpose: not pages
DOCUMENTS: list[str] = []  # every server document a browser test loaded (the headers test counts them)
_WRONG: list[str] = []


def _check_headers(response: Any) -> None:
    """Record a server document's header problems (``response.headers``: no round trip)."""
    url = str(response.url)
    if response.request.resource_type != "document" or not url.startswith("http://127.0.0.1:"):
        return
    if urlsplit(url).path.startswith(STATIC):
        return
    DOCUMENTS.append(url)
    _WRONG.extend(f"{url}: {p}" for p in header_problems(response.headers))


class _Browser:
    """The Chromium browser; every context it opens reports its documents' headers."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **kw: Any) -> Any:
        context = self._browser.new_context(**kw)
        context.on("response", _check_headers)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield _Browser(b)
        b.close()


@pytest.fixture(autouse=True)
def security_headers_on_every_page() -> Iterator[list[str]]:
    """Fail the browser test that loaded a document without the security headers; yields the
    addresses of the documents checked so far."""
    _WRONG.clear()
    yield DOCUMENTS
    wrong, _WRONG[:] = list(_WRONG), []
    assert not wrong, "security headers missing:\n" + "\n".join(wrong[:20])


@pytest.fixture
def page(browser: object, server: dict[str, object]) -> Iterator[object]:
    """A phone-sized page (360 × 780) in a fresh context (no cookies)."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def sign_in(page: object, base: str, username: str) -> None:
    from yidi.service_layer.web_users import DEMO_PASSWORD

    page.goto(f"{base}/ui/login")  # type: ignore[attr-defined]
    page.get_by_label("用户名").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("密码").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="登录").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/ui/")  # type: ignore[attr-defined]


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).slice(0, 5)"""


def assert_fits_phone(page: object) -> None:
    """Nothing is wider than the 360 px viewport (no sideways scrolling on a phone)."""
    too_wide = page.evaluate(WIDEST)  # type: ignore[attr-defined]
    assert too_wide == [], too_wide
