"""Every page with the keyboard only: Tab reaches every visible control in turn, the focused
control always shows the focus outline, every form has a submit button (so Enter in a field
submits it), and Enter really submits the search forms. Selects never act on their own
(WCAG 3.2.2): choosing with the arrow keys leaves the page where it is."""

from __future__ import annotations

import pytest
from tests.browser.conftest import sign_in

from yidi.service_layer.demo_seed import PERSONS

pytestmark = pytest.mark.browser

PAGES = {
    "canbao": [
        "/ui/", "/ui/me/filings", "/ui/me/filings/new", "/ui/me/guide?category=long_term_retiree",
        "/ui/me/coverage?region=210200", "/ui/me/estimate", "/ui/me/claims",
        "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock",
    ],
    "yiyuan": [
        "/ui/", f"/ui/desk/patient?id_number={PERSONS[1].id_number}", "/ui/desk/criteria?disease=shock",
        "/ui/desk/screen", "/ui/desk/referral?region=211300&q=肿瘤",
    ],
    "jingban": [
        "/ui/", f"/ui/staff/persons?id_number={PERSONS[1].id_number}", "/ui/staff/commitments",
        "/ui/staff/claims", "/ui/staff/counter", "/ui/staff/policy?region=219900",
    ],
}  # fmt: skip

# Tags every visible, enabled control with its Tab key (a radio group is one stop) and returns the keys.
TAG = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const keys = new Set();
  [...document.querySelectorAll(sel)].forEach((e, i) => {
    // checkVisibility: not rendered, hidden, or inside a closed <details> (content-visibility)
    if (e.disabled || !e.checkVisibility({visibilityProperty: true})) return;
    const key = e.type === 'radio' ? 'radio:' + e.name : 'kb' + i;
    e.setAttribute('data-kb', key);
    keys.add(key);
  });
  return [...keys];
}"""
FOCUSED = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const s = getComputedStyle(a);
  const visible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {key: a.getAttribute('data-kb'), visible: visible, what: a.outerHTML.slice(0, 80)};
}"""
FORMS_WITHOUT_SUBMIT = """() => [...document.forms]
  .filter(f => f.getClientRects().length && f.querySelector('input:not([type=hidden]), select, textarea'))
  .filter(f => !f.querySelector('button:not([type=button]):not([type=reset]), input[type=submit]'))
  .map(f => f.getAttribute('action'))"""


def _tab_through(page) -> None:  # type: ignore[no-untyped-def]
    keys = page.evaluate(TAG)
    reached: list[str] = []
    unseen_outline: list[str] = []
    for _ in range(4 * len(keys) + 10):  # a date field takes up to four stops (its parts, the picker)
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None or now["key"] is None:
            continue  # browser chrome or an untagged element between rounds
        if reached and now["key"] == reached[0]:
            break  # wrapped around
        reached.append(now["key"])
        if not now["visible"]:
            unseen_outline.append(now["what"])
    missed = [k for k in keys if k not in reached]
    where = page.url
    assert not missed, f"{where}: Tab never reaches " + str(
        page.evaluate(
            "ks => ks.map(k => document.querySelector(`[data-kb='${k}']`).outerHTML.slice(0, 80))", missed[:5]
        )
    )
    assert not unseen_outline, f"{where}: focus not visible on {unseen_outline}"
    assert page.evaluate(FORMS_WITHOUT_SUBMIT) == [], f"{where}: a form Enter cannot submit"


@pytest.mark.parametrize("username", sorted(PAGES))
def test_every_page_works_with_the_keyboard(page, server, username: str) -> None:
    base = str(server["base"])
    sign_in(page, base, username)
    for path in PAGES[username]:
        page.goto(base + path)
        _tab_through(page)
        if page.locator("details:not([open])").count():  # opened (Enter on its summary): its controls too
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            _tab_through(page)


def test_enter_submits_and_a_select_never_navigates(page, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "yiyuan")
    page.goto(f"{base}/ui/desk/patient")
    page.get_by_label("凭证号码").focus()
    page.keyboard.type(PERSONS[1].id_number)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**cert_no={PERSONS[1].id_number}*")
    assert PERSONS[1].name in page.locator("main").inner_text()

    page.goto(f"{base}/ui/desk/criteria")
    before = page.url
    page.get_by_label("病种").focus()
    for _ in range(3):  # arrow keys on a closed select change the choice, never the page
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == before
    page.get_by_role("button", name="选择病种").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/desk/criteria?disease=*")
