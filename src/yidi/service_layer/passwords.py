"""Password hashing (argon2id through ``pwdlib``) for the sign-in accounts.

The cost is set once at start with ``configure_hasher`` — the settings in production, the test
session with the cheapest valid cost; the defaults are argon2-cffi's (RFC 9106's low-memory
profile: 3 passes over 64 MiB with 4 lanes). A stored hash carries its own parameters, so a
change of cost locks no one out; it applies to passwords set afterwards.

Nothing is hashed at import (``yidi --help`` must not pay for it): the hash checked when a user
name does not exist is made on first use, at the configured cost, so an unknown user and a wrong
password still take the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pwdlib import PasswordHash


@dataclass(frozen=True)
class HashCost:
    """argon2id cost: passes over memory, memory in KiB, lanes (argon2-cffi's defaults)."""

    time_cost: int = 3
    memory_cost: int = 65_536
    parallelism: int = 4


class _Hasher:
    """The configured hasher, built on first use."""

    def __init__(self) -> None:
        self.configure(HashCost())

    def configure(self, cost: HashCost) -> None:
        self.cost = cost
        self._hash: PasswordHash | None = None
        self._dummy: str | None = None

    def get(self) -> PasswordHash:
        if self._hash is None:
            from pwdlib import PasswordHash
            from pwdlib.hashers.argon2 import Argon2Hasher

            c = self.cost
            self._hash = PasswordHash((Argon2Hasher(c.time_cost, c.memory_cost, c.parallelism),))
        return self._hash

    def dummy(self) -> str:
        if self._dummy is None:
            self._dummy = self.get().hash("yidi-no-such-user")
        return self._dummy


_hasher = _Hasher()


def configure_hasher(*, time_cost: int = 3, memory_cost: int = 65_536, parallelism: int = 4) -> None:
    """Set the argon2id cost of passwords hashed from now on (the defaults are the production cost)."""
    cost = HashCost(time_cost, memory_cost, parallelism)
    if cost.time_cost < 1 or cost.parallelism < 1 or cost.memory_cost < 8 * cost.parallelism:
        raise ValueError(
            f"argon2 needs time_cost >= 1, parallelism >= 1, memory_cost >= 8 KiB per lane: {cost}"
        )
    if cost != _hasher.cost:
        _hasher.configure(cost)


def hasher_cost() -> HashCost:
    """The argon2id cost in force."""
    return _hasher.cost


def hash_password(password: str) -> str:
    """The argon2id hash (with its parameters and salt) stored for ``password``."""
    return _hasher.get().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether ``password`` matches; ``None`` (no such user) costs as much as a real check."""
    if password_hash is None:
        _hasher.get().verify(password, _hasher.dummy())
        return False
    return bool(_hasher.get().verify(password, password_hash))
