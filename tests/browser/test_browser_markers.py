"""No internal markers on what an insured person sees or prints (issue 19 scope 4, "done when").

Signed in as the insured person, after a self-service filing and an estimate: every page the
person reaches (each of their settlements and filings, not one per kind), the printed forms'
HTML and the text of their PDFs carry none of the project's internal words — the rules file's
name, seed numbers, field names (``…_flag``, ``long_term_…``), rule and assumption ids (R1, P3,
A-SET-01) or the assumption markers (含假设参数, 待确认). They belong on staff pages and in the
structured data only.
"""

from __future__ import annotations

import io
import re

import pytest
from tests.browser.conftest import sign_in
from tests.browser.site import crawl

pytestmark = pytest.mark.browser

MARKERS = re.compile(
    r"settlement-rules|[Ss]eed ?0|_flag|long_term_|含假设参数|待确认"
    r"|(?<![A-Za-z0-9_-])(?:[RP]\d{1,2}|A-[A-Z]{3}-\d{1,3})(?![A-Za-z0-9])"
)
# what a person perceives beyond the text: tooltips, screen-reader labels, image descriptions
SPOKEN = """() => [...document.querySelectorAll('[title], [aria-label], [alt], [placeholder]')]
  .map(e => [e.title, e.getAttribute('aria-label'), e.alt, e.placeholder].filter(Boolean).join(' ')).join('\\n')"""


def markers(text: str) -> list[str]:
    return sorted({m.group(0) for m in MARKERS.finditer(text)})


def pdf_text(body: bytes) -> str:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (dev extra) is needed to read the PDF")
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(body)).pages)


def _file_and_estimate(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """A self-service filing with the commitment, so 登记备案表 and 申请表 exist (when an earlier
    test left the person a filing in force the form refuses a second one: that one is printed)."""
    page.goto(f"{base}/ui/me/filings/new")
    page.get_by_label("备案类别").select_option("long_term_resident")
    page.get_by_label("就医地（省或城市）").fill("大连市（辽宁省）")
    page.get_by_label("我已阅读并同意以上承诺").check()
    page.get_by_role("button", name="核对备案信息").click()
    page.locator("#check-answers").wait_for()  # check your answers first (issue 19 scope 7)
    with page.expect_navigation():
        page.get_by_role("button", name="确认提交").click()


def test_no_internal_markers_on_citizen_pages_and_printed_forms(page, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "canbao")
    _file_and_estimate(page, base)
    found: dict[str, list[str]] = {"filing answer": markers(page.inner_text("body"))}
    page.goto(f"{base}/ui/me/estimate")
    if not page.get_by_label("就医地（省或城市）").input_value():  # no filing in force to prefill from
        page.get_by_label("就医地（省或城市）").fill("大连")
        page.get_by_label("备案类别").select_option("long_term_resident")
    page.get_by_label("医院等级").select_option("3")
    page.get_by_label("结算日期").fill("2026-11-10")
    page.get_by_label("医疗费总额").fill("20000.00")
    page.get_by_role("button", name="测算").click()
    page.locator("#estimate-result").wait_for()
    found["/ui/me/estimate (result)"] = markers(page.inner_text("body") + page.evaluate(SPOKEN))
    printed: list[str] = []

    def check(url: str) -> None:
        path = url[len(base) :]
        for d in page.locator("details").all():  # the folded explanations count too
            d.evaluate("e => e.open = true")
        found[path] = markers(page.inner_text("body") + page.evaluate(SPOKEN))
        if path.startswith("/ui/print/"):
            printed.append(path)
            found[path + " (HTML)"] = markers(page.content())
            pdf = page.request.get(url + ("&" if "?" in url else "?") + "format=pdf")
            assert pdf.status == 200, (path, pdf.status)
            found[path + " (PDF)"] = markers(pdf_text(pdf.body()))

    visited = crawl(page, base, "canbao", check, every_record=True)
    kinds = {p.split("/")[3] for p in printed}
    assert {"settlement", "filing", "application"} <= kinds, printed
    assert any("/ui/settlements/" in u for u in visited), visited
    assert {k: v for k, v in found.items() if v} == {}
