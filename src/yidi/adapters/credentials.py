"""Storage of who may sign in or call the national interface, for the operations that end that
access as a whole: deleting sign-in accounts (their REST tokens first) and deactivating hospitals
(an inactive hospital's signed requests are refused; its rows and history stay)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from yidi.adapters import hospital_cache
from yidi.adapters.orm_hospital import hospitals
from yidi.adapters.orm_users import api_tokens, web_users


def delete_accounts(session: Session, usernames: Collection[str]) -> None:
    """Delete the accounts and their tokens, inside the caller's transaction."""
    if usernames:
        session.execute(delete(api_tokens).where(api_tokens.c.username.in_(usernames)))
        session.execute(delete(web_users).where(web_users.c.username.in_(usernames)))


def deactivate_hospitals(session: Session, codes: Collection[str]) -> None:
    """Mark the hospitals inactive, inside the caller's transaction."""
    if codes:
        session.execute(update(hospitals).where(hospitals.c.code.in_(codes)).values(active=False))
        hospital_cache.invalidate()
