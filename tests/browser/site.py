"""The pages each account reaches, for the checks that must cover every page (axe-core, the
internal-marker scan): a few start pages that need query parameters, then every ``/ui`` link
followed from them, one page per URL shape (``/ui/settlements/<id>`` once, not once per
settlement), so a page added later is checked without editing a list.

Links that change state on GET (长辈版), downloads (CSV, Excel, PDF) and sign-out are not followed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from yidi.service_layer.demo_seed import PERSONS

# Pages only reachable through a form (their query parameters), per account; None = not signed in.
START = {
    None: [
        "/ui/login", "/ui/help", "/ui/public", "/ui/public/guide?insured=219900&category=long_term_resident",
        "/ui/public/institutions?city=大连", "/ui/public/policy?insured=211200",
    ],
    "canbao": [
        "/ui/", "/ui/me/guide?category=long_term_retiree", "/ui/me/coverage?region=210200",
        "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock", "/ui/me/settlements",
        "/ui/public/guide?insured=211200&category=referral", "/ui/public/institutions?city=沈阳",
        "/ui/public/policy?insured=219900",
    ],
    "yiyuan": [
        "/ui/", f"/ui/desk/patient?id_number={PERSONS[1].id_number}", "/ui/desk/criteria?disease=shock",
        "/ui/desk/referral?region=211300&q=肿瘤", "/ui/desk/settlements",
    ],
    "jingban": [
        "/ui/", f"/ui/staff/persons?id_number={PERSONS[1].id_number}", "/ui/staff/policy?region=219900",
        "/ui/staff/settlements",
    ],
    "admin": ["/ui/"],
}  # fmt: skip
ACCOUNTS = list(START)

SKIP = re.compile(
    r"/ui/large|/ui/logout|/ui/places|/export|\.csv|\.xlsx|format=(pdf|csv|xlsx)|/docs|/openapi"
)
# a path segment naming one record: it holds a run of 6+ digits (settlement, hospital, region,
# reference numbers) or is a 16+ hex id
ID = re.compile(r"/([^/]*\d{6}[^/]*|[0-9a-f]{16,})(?=/|$)")

LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => a.href)"""


def shape(url: str) -> str:
    """The page a URL shows, ignoring which record: ids become ``<id>``, the query is dropped."""
    return ID.sub("/<id>", urlsplit(url).path)


def crawl(
    page: object,
    base: str,
    account: str | None,
    check: Callable[[str], None],
    *,
    every_record: bool = False,
    limit: int = 80,
) -> list[str]:
    """Load every page ``account`` reaches from its start pages (one URL per shape) and call
    ``check(url)`` while each is shown; returns the URLs in visiting order. ``every_record``: each
    record's page too (every settlement of the person), not one per shape."""
    todo = [base + path for path in START[account]]
    seen: set[str] = set()
    found: list[str] = []
    while todo and len(found) < limit:
        url = todo.pop(0)
        key = (
            url
            if every_record
            else shape(url) + ("?" + urlsplit(url).query if url[len(base) :] in START[account] else "")
        )
        if key in seen or SKIP.search(url) or not url.startswith(base + "/ui"):
            continue
        seen.add(key)
        response = page.goto(url)  # type: ignore[attr-defined]
        if response is None or response.status != 200 or ("/ui/login" in page.url and account):  # type: ignore[attr-defined]
            continue
        links = [link.split("#")[0] for link in page.evaluate(LINKS)]  # type: ignore[attr-defined]
        found.append(url)
        check(url)
        todo += links
    return found
