"""Check your answers and confirmations for the insured person (issue 19 scopes 6 and 7).

Before a self-service filing or a claim is written, the page shows what was typed, each line with
a 修改 link back to the form (the answers travel in the link's query, with the form's request id,
so a second submit is still one record) and a 确认提交 button that posts the same answers again with
``confirm=yes``. After it, the confirmation names the short reference number, what happens next,
what to bring, the validity, when it may change and whom to call; a claim shows its progress
(已提交 → 受理 → 审核 → 审批 → 支付) with dates from its history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

# form fields never carried into an edit link or the confirm form
_NOT_ANSWERS = ("csrf_token", "confirm")


def answers(form: dict[str, Any], fields: Iterable[str]) -> list[tuple[str, str]]:
    """The form's answers (and its request id) as name/value pairs, lists spread out."""
    out: list[tuple[str, str]] = []
    for name in (*fields, "request_id"):
        value = form.get(name)
        for v in value if isinstance(value, list) else [value]:
            if v not in (None, "") and name not in _NOT_ANSWERS:
                out.append((name, str(v)))
    return out


def check_answers(
    form: dict[str, Any], cmd: Any, fields: Iterable[str], base: str = "/ui/me/filings/new"
) -> dict[str, Any]:
    """The check page's context: the parsed command, the hidden answers to post again and an
    edit link per field (the form, prefilled, at that field)."""
    pairs = answers(form, fields)
    query = urlencode(pairs)

    def edit(field: str) -> str:
        return f"{base}?{query}#f-{field}"

    return {"cmd": cmd, "hidden": pairs, "edit": edit, "values": form}


# a claim's progress: the step and the history action that dates it
CLAIM_STEPS = (
    ("已提交", "submit"),
    ("受理", "accept"),
    ("审核", "review"),
    ("审批", "approve"),
    ("支付", "pay"),
)


def claim_timeline(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """已提交 → 受理 → 审核 → 审批 → 支付, each with the day it happened (the last such event: a
    claim returned and resubmitted is dated by its latest acceptance), the current step marked."""
    days: dict[str, str] = {}
    for event in claim.get("history") or []:
        days[str(event.get("action"))] = str(event.get("on") or "")
    days.setdefault("submit", str(claim.get("submitted_on") or ""))
    steps = [
        {"label": label, "on": days.get(action), "done": action in days} for label, action in CLAIM_STEPS
    ]
    for i, step in enumerate(steps):
        step["current"] = step["done"] and (i + 1 == len(steps) or not steps[i + 1]["done"])
    ended = _ENDINGS.get(str(claim.get("status")))
    if ended:  # a claim refused or withdrawn stops there: the step it stopped at is its last
        for step in steps:
            step["current"] = False
        steps = [s for s in steps if s["done"]]
        steps.append({"label": ended[0], "on": days.get(ended[1]), "done": True, "current": True})
    return steps


_ENDINGS = {"rejected": ("不予报销", "reject"), "withdrawn": ("已撤回", "withdraw")}


def masked(id_number: str) -> str:
    """An ID number with all but the first four and the last four characters hidden (the payee on a
    claim confirmation, A-WEB-05)."""
    return (
        id_number[:4] + "*" * max(len(id_number) - 8, 0) + id_number[-4:] if len(id_number) > 8 else id_number
    )
