"""Reading a request body off the wire: one JSON object, no duplicate keys.

The national interface sends JSON (``Content-Type: application/json``). Python's ``json`` keeps
the *last* of two equal keys, so ``{"psn_no":"A","psn_no":"B"}`` would be read as B while a
signature checker or a log reader might see A; a body with a repeated key is therefore refused,
naming the key and where it occurs. A content type other than JSON is refused before parsing.

On the way out, ``render`` writes the fields the reference types as 数值型 as JSON numbers.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from yidi.domain.national.errors import NationalError
from yidi.domain.settlement.amounts import NUMERIC_FIELDS

JSON_TYPES = ("application/json",)


def check_content_type(header: str) -> None:
    """``application/json`` with any parameters (``; charset=utf-8``); anything else is refused."""
    media = header.split(";", 1)[0].strip().lower()
    if media not in JSON_TYPES:
        raise NationalError(
            "Content-Type",
            f"请求报文的 Content-Type 应为 application/json，收到 {header or '（空）'}",
            f"the request content type must be application/json, got {header!r}",
        )


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_body(body: bytes) -> Any:
    """The JSON value of a request body; invalid JSON or a repeated key is a named refusal."""
    try:
        return json.loads(body, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as dup:
        raise NationalError(dup.key, f"请求报文中字段 {dup.key} 重复出现", f"duplicate key {dup.key}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise NationalError("", "请求报文不是合法的 JSON", "the request body is not valid JSON") from None


# A marker no request can forge (random per process): a 数值型 value is written as this marker +
# its decimal text, then the marker and the quotes around it are removed from the JSON text.
_MARK = f"\x00{secrets.token_hex(8)}:"
_MARKED = re.compile(r'"\\u0000' + _MARK[1:] + r'(-?\d+(?:\.\d+)?)"')
_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?\Z")


def _numbers(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _numbers(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if key in NUMERIC_FIELDS and isinstance(value, str):
        if value == "":
            return None  # an empty numeric field is null, never ""
        if _DECIMAL.match(value):
            return _MARK + value
    return value


def render(response: dict[str, Any]) -> bytes:
    """A national response as JSON bytes, formatted once on the way out: every 数值型 field
    (``domain/settlement/amounts.NUMERIC_FIELDS``) is a JSON number with its exact decimals
    (``"1234.50"`` inside yidi → ``1234.50``; no binary float on the way), an empty one ``null``;
    every other field as it is."""
    text = json.dumps(_numbers(response), ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(r"\1", text).encode()
