"""Places by name on web forms (issue 19, scope 1): people type 北京, beijing or 大连, not 110100.

Every region field is a plain text field the server resolves (so it works without JavaScript):
``place_code`` turns what was typed — a name, a short name, pinyin, pinyin initials, a 6-digit
code, or a label the suggestions offered (大连市（辽宁省）, 大连市（210200）) — into the division
code the services take, through the domain's one search (``domain.divisions``). An ambiguous text
(``bj``: 北京 or 宝鸡) or an unknown one is refused beside the field with the choices or a hint.
A hospital code typed as a place is passed on unchanged, so the filing rule that a filing is to a
city and never to one hospital (``filing.places.treatment_place``) still answers it.

``GET /ui/places?q=`` gives the suggestions ``static/places.js`` shows under such a field: the
best matches, and for a province its cities (a province → city picker). Public: the division
table is public information and the service desk needs it without sign-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from yidi.domain import divisions
from yidi.domain.errors import YidiError
from yidi.entrypoints.web.errors import add, form_errors

router = APIRouter(prefix="/ui", include_in_schema=False)

_CODE = re.compile(r"^\d{6}$")
_HOSPITAL_LIKE = re.compile(r"^[A-Za-z]\d{6,}$")  # a hospital's national code (H + digits)
_LABELLED = re.compile(r"^(?P<name>[^（()]+)[（(]\s*(?P<inner>[^）)]*)\s*[）)]\s*$")


@cache
def _by_label() -> dict[str, divisions.Division]:
    """Each division by the label the suggestions show (大连市（辽宁省）); labels are unique."""
    return {d.label: d for d in divisions.all_divisions()}


def place_code(text: object, field: str) -> str:
    """The division code for what a person typed in the region field ``field``; ``InvalidInput``
    naming the field when the text is empty, unknown or ambiguous. A municipality (北京) means its
    city code (110100), as the system prints it."""
    raw = str(text or "").strip()
    if _CODE.match(raw) or _HOSPITAL_LIKE.match(raw):
        return raw.upper()  # a code: the services check it (unknown code, hospital not a place)
    labelled = _LABELLED.match(raw)
    if labelled and _CODE.match(labelled["inner"]):
        return labelled["inner"]  # 大连市（210200）, as staff pages print it
    known = _by_label().get(raw)
    if known is not None:
        raw = known.code  # the code of the suggestion picked; resolve maps a municipality to its city
    return divisions.resolve(raw, field).code


def place(
    form: dict[str, Any], key: str, errors: dict[str, str], fields: Iterable[str], *, required: bool = True
) -> str | None:
    """The code of the form's region field ``key``, or None with the problem beside the field.
    An empty optional field is None without a problem."""
    text = str(form.get(key) or "").strip()
    if not text and not required:
        return None
    try:
        return place_code(text, key)
    except YidiError as exc:
        add(errors, form_errors(exc, fields))
        return None


def suggestions(text: str, limit: int = 12) -> list[dict[str, str]]:
    """What the field suggests for ``text``: the matches, best first, each province followed by
    its cities, so typing 辽宁 offers 辽宁省 and then 沈阳市, 大连市 …"""
    out: list[divisions.Division] = []
    for d in divisions.search(text, limit=limit):
        out.append(d)
        if d.level == "province" and d.kind not in ("municipality",):
            out.extend(c for c in divisions.all_divisions() if c.level == "city" and c.province == d.code)
    # by label: 北京市 the municipality and 北京市 its city are one choice (the first, the city)
    unique = {d.label: d.code for d in reversed(out)}
    ordered = sorted(unique.items(), key=lambda kv: [d.label for d in out].index(kv[0]))
    return [{"label": label, "code": code} for label, code in ordered[: limit * 3]]


@router.get("/places")
def places(q: str = "") -> JSONResponse:
    """Suggestions for a region field (``static/places.js``); at most 100 characters are read."""
    return JSONResponse(suggestions(q[:100]), headers={"Cache-Control": "public, max-age=3600"})
