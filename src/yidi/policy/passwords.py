"""The shipped list of common passwords (``data/security/common_passwords.txt``) that staff and
administrator accounts may not use; read once."""

from __future__ import annotations

from functools import lru_cache

from yidi.policy.files import data_dir


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = (data_dir("security") / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
