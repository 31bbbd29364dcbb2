"""Idempotency by ``msgid`` (the national interface: 发送方报文ID; see docs/national-interface.md,
"Message ids").

A msgid names one request. The platform keeps the first answer under it: the same msgid with the
same transaction code and the same business body is a retry and gets that answer unchanged; the
same msgid with another code or another body is a different request that reuses the id — the
sender's error — and is refused by name without touching anything (never answered with another
request's outcome, which would tell a HIS that stay 2 is settled when stay 1 was).

The body is compared as a digest of the canonical JSON of ``input`` (keys sorted, no spaces), so
key order and whitespace do not matter; envelope fields that a retry may legitimately refresh
(``inf_time``, ``sign_no`` after a new sign-in, ``cainfo``) are not part of it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from yidi.domain.national.errors import NationalError


def body_digest(infno: str, body: Any) -> str:
    """SHA-256 (hex) of ``infno`` and the canonical JSON of the business input."""
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{infno}\n{canonical}".encode()).hexdigest()


def reuse_refusal(msgid: str, stored_infno: str, infno: str) -> NationalError:
    """The named refusal of a msgid already used for another request."""
    if stored_infno != infno:
        return NationalError(
            "msgid",
            f"报文ID {msgid} 已用于交易 {stored_infno}，不能再用于交易 {infno}；请使用新的报文ID",
            f"msgid {msgid} was already used for transaction {stored_infno}",
        )
    return NationalError(
        "msgid",
        f"报文ID {msgid} 已用于另一笔内容不同的 {infno} 请求，未作处理；重试须原样重发，新请求须使用新的报文ID",
        f"msgid {msgid} was already used for a different {infno} request",
    )
