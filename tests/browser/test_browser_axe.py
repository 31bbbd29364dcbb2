"""axe-core on every page of every account at 360 px, with no violations (issue 19 "done when").

axe-core is vendored (``tests/browser/vendor``, MPL-2.0) and injected from the file: nothing is
fetched from the network. The pages are those ``site.crawl`` reaches — each role's pages, the
public pages and the print views — so a new page is checked without editing a list. All of axe's
default rules run (WCAG 2.x A/AA and best practices)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser.conftest import sign_in
from tests.browser.site import ACCOUNTS, START, crawl

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
    .map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | '));
}"""


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A phone-sized page whose context lets the test inject axe despite the app's CSP
    (``script-src 'self'``): only the injected file is exempt, the app's own headers are unchanged."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN", bypass_csp=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a or "public")
def test_every_page_has_no_axe_violations(page, server, account: str | None) -> None:
    base = str(server["base"])
    if account:
        sign_in(page, base, account)
    problems: dict[str, list[str]] = {}

    def check(url: str) -> None:
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(RUN)
        if found:
            problems[url[len(base) :]] = found

    visited = crawl(page, base, account, check)
    assert len(visited) >= len(START[account]) - 1, visited
    assert problems == {}, "\n".join(f"{url}: {v}" for url, vs in problems.items() for v in vs)
