"""No internal markers on a citizen's pages or printed forms (issue 19 scope 4): every page an
insured person reaches from the start page — settlement details, the estimate's answer, printed
forms included — is read as text (tags and attribute values left out) and must not show rule
ids, field names, assumption ids or badges, or seed numbers."""

from __future__ import annotations

import re
from html import unescape

from tests.integration.web.test_web_form_errors import post

MARKERS = re.compile(
    r"settlement-rules|seed ?0|_flag|long_term_|含假设参数|假设参数|\bR\d+\b|\bA-[A-Z]{3}-\d+|min\(|max\(|\b[a-z]+_[a-z_]+\b"
)
LINK = re.compile(r'href="(/ui/[^"#]*)"')
SKIP = ("/ui/logout", "/ui/static", "format=pdf")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def crawl(client, start: str = "/ui/", limit: int = 80) -> dict[str, str]:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or any(s in url for s in SKIP):
            continue
        r = client.get(url)
        seen[url] = r.text if r.status_code == 200 else ""
        queue += [unescape(u) for u in LINK.findall(r.text) if unescape(u) not in seen]
    return seen


def markers(pages: dict[str, str]) -> dict[str, list[str]]:
    found = {url: sorted(set(MARKERS.findall(visible_text(html)))) for url, html in pages.items()}
    return {url: m for url, m in found.items() if m}


def test_no_internal_markers_on_any_citizen_page_or_printed_form(login) -> None:
    me = login("canbao")
    pages = crawl(me)
    assert any(u.startswith("/ui/settlements/") for u in pages), "the crawl reaches a settlement"
    assert any(u.startswith("/ui/print/") for u in pages), "the crawl reaches a printed form"
    for category in ("long_term_resident", "temporary", "long_term_retiree"):
        pages[f"/ui/me/guide?category={category}"] = me.get(f"/ui/me/guide?category={category}").text
    estimate = post(me, "/ui/me/estimate", "/ui/me/estimate", {
        "mdtrtarea_admvs": "沈阳", "filing_category": "long_term_resident", "hosp_lv": "3", "med_type": "21",
        "setl_time": "2026-01-10", "medfee_sumamt": "20000.00", "fulamt_ownpay_amt": "1000.00",
        "inscp_scp_amt": "19000.00",
    })  # fmt: skip
    assert estimate.status_code == 200 and 'id="estimate-result"' in estimate.text
    pages["POST /ui/me/estimate"] = estimate.text
    assert markers(pages) == {}
