"""人员编号 (``psn_no``): the platform's own number of an insured person.

The national interface treats ``psn_no`` as an opaque identifier of char 30 **assigned by the
platform** (the hospital learns it from 【1101】人员信息获取 and sends it back in every later
transaction); it is not the certificate number (``certno`` / ``mdtrt_cert_no``). yidi assigns it
once, when the platform first knows the person (registration, or migration ``0900`` for persons
known before), and never changes it.

Format: ``P`` + 19 random decimal digits (20 characters, within char 30). Random rather than
derived, so that it carries no birth date, gender or region and cannot be computed from an ID
number; the unique index on ``insured_persons.psn_no`` catches the (negligible) collision.
"""

from __future__ import annotations

import re
import secrets

PSN_NO_LENGTH = 20
_PSN_NO = re.compile(r"P\d{19}\Z")
_ID_NUMBER_SHAPE = re.compile(r"\d{17}[\dXx]\Z")


def new_psn_no() -> str:
    """A fresh platform person number (``P`` + 19 random digits)."""
    return f"P{secrets.randbelow(10**19):019d}"


def is_psn_no(text: str) -> bool:
    """Whether ``text`` has the shape of a yidi person number."""
    return bool(_PSN_NO.match(text))


def looks_like_id_number(text: str) -> bool:
    """Whether ``text`` has the shape of an 18-character resident ID number — what a HIS sends
    when it puts the certificate where the interface wants the platform's person number."""
    return bool(_ID_NUMBER_SHAPE.match(text))
