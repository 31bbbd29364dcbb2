"""Sign-in throttling (登录限制): per account and per address, with back-off.

After ``FREE`` failed attempts in a row an account (``account:<name>``, counted whether or not
the account exists, so the answer reveals nothing) is locked for 30 s, doubling with each further
failure up to 15 minutes; an address (``address:<ip>``) likewise after ``FREE_ADDRESS`` failures
(many accounts tried from one place). A success clears the account's count. While locked, every
attempt — right password or not — gets the same neutral refusal (429 ``SIGN_IN_THROTTLED``),
so 50 wrong passwords then the right one no longer works (security review). Rows live in the
database, so every worker process shares them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from yidi.domain.accounts import WebUser
from yidi.domain.errors import Kind, YidiError, refusal
from yidi.service_layer import web_users
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

FREE = 5  # failures of one account before the first lock
FREE_ADDRESS = 20  # failures from one address before its first lock
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)  # a count older than this starts again


def throttled(wait: timedelta) -> YidiError:
    seconds = max(1, int(wait.total_seconds()))
    return refusal(
        "SIGN_IN_THROTTLED", Kind.TOO_MANY_REQUESTS,
        f"登录尝试次数过多，请 {seconds} 秒后再试", f"too many sign-in attempts; retry in {seconds} s",
        retry_after=seconds,
    )  # fmt: skip


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    keys = [(f"account:{username.strip().lower()[:180]}", FREE)]
    if address:
        keys.append((f"address:{address[:180]}", FREE_ADDRESS))
    return keys


def _lock(count: int, free: int) -> timedelta | None:
    if count < free:
        return None
    return min(FIRST_LOCK * 2 ** (count - free), LONGEST_LOCK)


def sign_in(
    factory: Callable[[], SqlAlchemyUnitOfWork], username: str, password: str, address: str = "",
    now: datetime | None = None,
) -> WebUser | None:  # fmt: skip
    """``web_users.authenticate`` behind the throttle: the account, None for a wrong name or
    password, or ``throttled`` (429) while the account or the address is locked."""
    at = now or datetime.now(UTC)
    keys = _keys(username, address)
    with factory() as uow:
        for key, _ in keys:
            found = uow.throttle.get(key)
            if found and found.locked_until and found.locked_until > at:
                raise throttled(found.locked_until - at)
    user = web_users.authenticate(factory(), username, password)
    with factory() as uow:
        if user is not None:
            uow.throttle.clear(keys[0][0])
        else:
            for key, free in keys:
                found = uow.throttle.get(key)
                count = 1 if found is None or at - found.last_at > FORGET_AFTER else found.count + 1
                lock = _lock(count, free)
                uow.throttle.put(key, count, at, at + lock if lock else None)
        uow.commit()
    return user
