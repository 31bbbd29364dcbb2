"""Password hashing: the argon2id cost is configurable (production defaults), a stored hash keeps
its own cost, and nothing is hashed when the program is merely imported (``yidi --help``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from yidi.service_layer import passwords
from yidi.service_layer.passwords import HashCost, configure_hasher, hash_password, verify_password


@pytest.fixture
def restore_cost() -> Iterator[None]:
    cost = passwords.hasher_cost()
    yield
    configure_hasher(time_cost=cost.time_cost, memory_cost=cost.memory_cost, parallelism=cost.parallelism)


def test_the_defaults_are_the_production_cost() -> None:
    assert HashCost() == HashCost(time_cost=3, memory_cost=65_536, parallelism=4)


def test_a_hash_carries_the_configured_cost_and_verifies_after_a_change(restore_cost: None) -> None:
    configure_hasher(time_cost=1, memory_cost=16, parallelism=2)
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$") and "m=16,t=1,p=2" in stored
    configure_hasher(time_cost=2, memory_cost=8, parallelism=1)
    assert verify_password("correct horse", stored)
    assert not verify_password("wrong horse", stored)
    assert "m=8,t=2,p=1" in hash_password("correct horse")


def test_no_such_user_is_a_failed_check() -> None:
    assert verify_password("anything", None) is False


@pytest.mark.parametrize("cost", [{"time_cost": 0}, {"parallelism": 0}, {"memory_cost": 8, "parallelism": 2}])
def test_an_invalid_cost_is_refused(cost: dict[str, int], restore_cost: None) -> None:
    with pytest.raises(ValueError, match="argon2"):
        configure_hasher(**{"time_cost": 1, "memory_cost": 8, "parallelism": 1, **cost})


IMPORT_EVERYTHING = """
from pwdlib.hashers import argon2
hashed = []
argon2.Argon2Hasher.hash = lambda self, *a, **k: hashed.append(1)
import yidi.entrypoints.cli.main, yidi.service_layer.accounts
print(len(hashed))
"""


def test_nothing_is_hashed_at_import() -> None:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "0"
