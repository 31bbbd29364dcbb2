"""Identifiers at their national lengths (the national interface: ids are char 30).

yidi's filing ids are 32 hexadecimal digits (a UUID); the national ``trt_dcla_detl_sn`` is char
30, and a HIS that stores it in a 30-character column would truncate it and never cancel with
2502/2504/2506. So the interface writes a filing id as its 128 bits in RFC 4648 base32 (26
characters, upper case, no padding) and reads such an sn back to the id. Any other id (already
within 30 characters, e.g. a 2503 registration number) passes through unchanged. The mapping is
exact both ways, needs no storage and no migration.
"""

from __future__ import annotations

import base64
import binascii
import re

MAX_SN = 30
_HEX32 = re.compile(r"[0-9a-f]{32}\Z")
_B32 = re.compile(r"[A-Z2-7]{26}\Z")


def filing_sn(filing_id: str) -> str:
    """The ``trt_dcla_detl_sn`` a HIS sees for a filing id (≤ 30 characters)."""
    if _HEX32.match(filing_id):
        return base64.b32encode(bytes.fromhex(filing_id)).decode().rstrip("=")
    return filing_id


def filing_id(sn: str) -> str:
    """The filing id behind a ``trt_dcla_detl_sn`` (the inverse of ``filing_sn``)."""
    if _B32.match(sn):
        try:
            return base64.b32decode(sn + "======").hex()
        except (binascii.Error, ValueError):
            return sn
    return sn
