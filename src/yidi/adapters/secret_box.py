"""Hospital secrets at rest (密钥加密存储): Fernet (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` library) under one key kept outside the database.

The key comes from ``YIDI_SECRET_KEY`` or the file ``YIDI_SECRET_KEY_FILE``; without either, from
``secret.key`` in the data directory, created (owner-only, 0600) the first time a secret is sealed.
A copy of the database alone then hands out no working secret. A stored value sealed here starts
with ``fernet:``; anything else is a secret stored before 0840 (or a demo's published one) and is
read as it is until ``seal_plain_secrets`` seals it at start.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from yidi import settings
from yidi.settings import SettingsError

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

PREFIX = "fernet:"


def _read_or_make(path: Path) -> bytes:
    if not path.exists():
        from cryptography.fernet import Fernet

        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_bytes().strip()
        with os.fdopen(fd, "wb") as f:
            f.write(Fernet.generate_key() + b"\n")
    return path.read_bytes().strip()


@lru_cache(maxsize=4)
def _fernet(variable: str, key: bytes | None, path: Path) -> Fernet:
    from cryptography.fernet import Fernet

    raw = key if key is not None else _read_or_make(path)
    try:
        return Fernet(raw)
    except ValueError:
        raise settings.SettingsError(
            [settings.FieldProblem(variable, "加密密钥格式错误：应为 Fernet 密钥（32 字节的 URL 安全 base64）",
                                   "the encryption key is not a Fernet key (32 url-safe base64 bytes)")]
        ) from None  # fmt: skip


def _box() -> Fernet:
    return _fernet(*settings.current().secret_box_key())


def seal(plain: str) -> str:
    """The stored form of a secret."""
    return PREFIX + _box().encrypt(plain.encode()).decode()


def open_secret(stored: str) -> str:
    """The secret of a stored value (sealed or, before 0840, plain)."""
    if not stored.startswith(PREFIX):
        return stored
    from cryptography.fernet import InvalidToken

    try:
        return _box().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise SettingsError(
            [settings.FieldProblem("YIDI_SECRET_KEY", "医院密钥无法解密：加密密钥与写入时不同",
                                   "a hospital secret does not decrypt: the key differs from the one that sealed it")]
        ) from None  # fmt: skip


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and str(stored).startswith(PREFIX)
