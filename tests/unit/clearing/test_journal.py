"""The journal's invariants hold by construction: balanced overall and per party, positive
postings, at least two; reversal is exact; ids follow the idempotency key."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yidi.domain.clearing.accounts import Account, Purpose, Side, mirror_problems
from yidi.domain.clearing.errors import UnbalancedEntry
from yidi.domain.clearing.journal import BusinessRef, Entry, RefKind, balances, reverse
from yidi.domain.clearing.parties import agency, hospital

INS, TRT = agency("210100"), agency("211200")
REF = BusinessRef(RefKind.PAYMENT, "p1")
DAY = date(2026, 3, 1)


def fund(p):  # type: ignore[no-untyped-def]
    return Account(p, Purpose.FUND)


def test_movements_are_netted_per_account_and_sides_follow_the_sign() -> None:
    e = Entry.build(
        "k", REF, DAY, [(fund(INS), -100), (fund(INS), -50), (Account(INS, Purpose.PAYABLE, TRT), 150)]
    )
    assert [(p.account.key, p.side, p.amount) for p in e.postings] == [
        ("agency:210100/fund", Side.CREDIT, 150),
        ("agency:210100/payable/agency:211200", Side.DEBIT, 150),
    ]
    assert e.amount() == 150


@pytest.mark.parametrize(
    ("moves", "message"),
    [
        ([(fund(INS), 100), (fund(TRT), -99)], "debits and credits differ by 1 fen"),
        ([(fund(INS), 100), (fund(TRT), -100)], "each party's postings must balance"),
        ([(fund(INS), 100), (fund(INS), -100)], "at least two postings"),
        ([], "at least two postings"),
    ],
)
def test_unbalanced_entries_cannot_be_built(moves, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnbalancedEntry) as err:
        Entry.build("k", REF, DAY, moves)
    assert message in err.value.en


def test_amounts_must_be_integer_fen() -> None:
    with pytest.raises(UnbalancedEntry):
        Entry.build("k", REF, DAY, [(fund(INS), 1.5), (Account(INS, Purpose.MANUAL_CLAIM_EXPENSE), -1.5)])  # type: ignore[list-item]


def test_id_follows_the_key_and_fingerprint_the_content() -> None:
    moves = [(fund(INS), -10), (Account(INS, Purpose.MANUAL_CLAIM_EXPENSE), 10)]
    a, b = Entry.build("k", REF, DAY, moves), Entry.build("k", REF, DAY, moves[::-1])
    assert a.id == b.id and a.fingerprint == b.fingerprint
    assert Entry.build("k", REF, date(2026, 3, 2), moves).fingerprint != a.fingerprint
    assert Entry.build("other", REF, DAY, moves).id != a.id


party = st.sampled_from([INS, TRT, agency("110100"), hospital("H21120000001")])
purpose = st.sampled_from([Purpose.FUND, Purpose.INCOME, Purpose.CROSS_REGION_EXPENSE])


@given(st.lists(st.tuples(party, purpose, purpose, st.integers(-(10**9), 10**9)), min_size=1, max_size=8))
def test_any_balanced_movements_build_and_reverse_exactly(moves) -> None:  # type: ignore[no-untyped-def]
    flat = []
    for p, a, b, fen in moves:  # each movement pair balances within one party
        flat += [(Account(p, a), fen), (Account(p, b), -fen)]
    try:
        e = Entry.build("k", REF, DAY, flat)
    except UnbalancedEntry:
        assert all(v == 0 for v in _net(flat).values())  # everything netted away
        return
    assert sum(p.signed for p in e.postings) == 0 and all(p.amount > 0 for p in e.postings)
    undo = reverse(e, DAY)
    assert undo.reverses == e.id and undo.ref == BusinessRef(RefKind.REVERSAL, e.id)
    assert balances([e, undo]) == {}
    assert reverse(e, DAY).id == undo.id  # reversing twice is the same entry (idempotent)


def _net(flat):  # type: ignore[no-untyped-def]
    out: dict[str, int] = {}
    for a, v in flat:
        out[a.key] = out.get(a.key, 0) + v
    return out


def test_account_keys_round_trip_and_mirrors_are_checked() -> None:
    a = Account(INS, Purpose.PAYABLE, TRT)
    assert Account.parse(a.key) == a
    assert a.mirror() == Account(TRT, Purpose.RECEIVABLE, INS)
    h = hospital("H21120000001")
    assert Account(h, Purpose.RECEIVABLE, TRT).mirror() == Account(TRT, Purpose.HOSPITAL_PAYABLE, h)
    with pytest.raises(ValueError):
        Account(INS, Purpose.PAYABLE)
    assert mirror_problems({a.key: -500, Account(TRT, Purpose.RECEIVABLE, INS).key: 500}) == []
    assert mirror_problems({a.key: -500}) == [
        "mirror: agency:210100/payable/agency:211200 = 500 but agency:211200/receivable/agency:210100 = 0"
    ]
