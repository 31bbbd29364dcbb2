"""Demo clearing data (DEMO ONLY): three closed months of cross-region settlements across six
(参保地, 就医地) pairs — one of them cross-province, with a demo hospital in Beijing — cleared
through the real use cases, so every clearing page shows real statements.

The settlement rows are written straight into the hospital tables (as the clearing tests do),
with amounts split consistently (fund = 统筹 + 大额 + 公务员补助; 医疗费 = fund + account + cash) and
a short ``output`` for the settlement lookup; they are not priced by the kernel (the kernel's
demo stays are ``demo_settlements``). They belong to three demo persons of their own, so the
other demo persons' pages are unchanged. The months end before the demo's own stays.

State after seeding (months relative to the demo's business day): the oldest month closed
(confirmed, paid, hospitals paid), the next confirmed and paid to the 就医地, the latest built and
waiting for confirmation — with a reversal of an earlier month's settlement, a disputed line and a
supervision deduction returned to the 参保地; a 预付金通知书 per pair, one pair over the 70 % usage
warning. Demo staff act for a region: ``jingban`` 219900 (省直), ``shenpi`` 211200 (铁岭).
Idempotent: nothing is done once a month has been cleared.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.statement import Dispute, statement_id
from yidi.domain.identifiers import check_char
from yidi.domain.money import fmt_fen
from yidi.service_layer import clearing_agency, clearing_returns
from yidi.service_layer.person_services import register_person
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Factory = Callable[[], SqlAlchemyUnitOfWork]
SYSTEM = Actor("demo-seed", Role.SYSTEM, Channel.SYSTEM)
STAFF = Actor("demo-seed", Role.STAFF, Channel.COUNTER)
BEIJING = ("H11010000001", "北京演示三级甲等医院（跨省）", "3A")  # a counterpart only: never signs in
PERSONS = (  # body (17), name, insutype, psn_type, region
    ("21010219750505021", "省直清算演示", "310", "11", "219900"),
    ("21120219660606022", "铁岭清算演示", "310", "12", "211200"),
    ("21010219820707023", "省直居民演示", "310", "11", "219900"),
)
PAIRS = (  # insured person index, hospital, visits a month, bill range (医疗费, fen)
    (0, "H21010000001", 4, (500_000, 2_000_000)),
    (1, "H21010000002", 3, (300_000, 1_200_000)),
    (1, "H21020000001", 2, (200_000, 900_000)),
    (2, "H21130000001", 3, (150_000, 800_000)),
    (2, "H21120000001", 2, (150_000, 600_000)),
    (0, BEIJING[0], 3, (2_000_000, 3_000_000)),  # cross-province, large: over the usage warning
)
STAFF_REGIONS = {"jingban": "219900", "shenpi": "211200"}


def _id_number(body: str) -> str:
    return body + check_char(body)


def months_to_clear(today: date) -> list[Month]:
    """The three latest months that are closed on ``today`` (A-CLR-02), oldest first."""
    last = Month.of(today).previous()
    if today < last.opens_for_clearing(5):
        last = last.previous()
    return [last.previous().previous(), last.previous(), last]


def seed_clearing(factory: Factory) -> dict[str, Any]:
    uow = factory()
    with uow:
        if uow.clearing.statements(months_to_clear(uow.clock())[0]) or _any_run(uow):
            return {"seeded": False}
        today = uow.clock()
    for user, region in STAFF_REGIONS.items():
        clearing_agency.assign(factory(), SYSTEM, user, region)
    _persons(factory)
    months = months_to_clear(today)
    rows = _settle_months(factory, months)
    _clear(factory, months, rows)
    return {"seeded": True, "months": [str(m) for m in months]}


def _any_run(uow: SqlAlchemyUnitOfWork) -> bool:
    from yidi.adapters import clearing_reads

    return bool(clearing_reads.months(uow.session))


def _persons(factory: Factory) -> None:
    with factory() as uow:
        if uow.hospital.hospital(BEIJING[0]) is None:
            secret = f"{random.SystemRandom().getrandbits(128):032x}"  # inactive: no published secret
            uow.hospital.add_hospital(code=BEIJING[0], name=BEIJING[1], region="110100", hosp_lv=BEIJING[2],
                                      uscc="", paasid=f"counterpart-{BEIJING[0]}", secret=secret, active=False)  # fmt: skip
            uow.commit()
    for body, name, insutype, psn_type, region in PERSONS:
        idn = _id_number(body)
        with factory() as uow:
            exists = uow.persons.get(idn) is not None
        if not exists:
            register_person(factory(), STAFF, id_number=idn, name=name, insutype=insutype, psn_type=psn_type,
                            insured_region=region, account_balance_fen=100_000)  # fmt: skip


def _settle_months(factory: Factory, months: list[Month]) -> list[dict[str, Any]]:
    """Insert the visits and settlements of the months, priced by the kernel; returns them."""
    rng = random.Random(20260101)  # the same demo every time
    planned = []
    for m in months:
        for p, code, visits, (low, high) in PAIRS:
            for _ in range(visits):
                day = rng.randint(1, m.last_day.day)
                at = datetime(m.year, m.month, day, rng.randint(8, 17), rng.randint(0, 59))
                planned.append((at, p, code, rng.randrange(low, high, 100)))
    written: list[dict[str, Any]] = []
    history: dict[str, list[dict[str, Any]]] = {}
    middle, last = months[1], months[2]
    reversal_at = last.start + timedelta(days=9, hours=10)  # a stay of the month before, reversed
    with factory() as uow:
        psn_nos = {
            idn: one.psn_no for idn in {_id_number(b) for b, *_ in PERSONS} if (one := uow.persons.get(idn))
        }
        levels = {
            code: str((uow.hospital.hospital(code) or {"hosp_lv": "3A"})["hosp_lv"])
            for _, code, _, _ in PAIRS
        }
        reversed_one = False
        for n, (at, p, code, medfee) in enumerate(sorted(planned), start=1):
            if not reversed_one and at > reversal_at:
                old = next(r for r in written if middle.start <= r["setl_time"] < middle.end)
                rev = _reversal(old, reversal_at)
                _insert(uow, rev)
                history[old["id_number"]].append(rev)
                reversed_one = True
            body, _, insutype, psn_type, insured = PERSONS[p]
            idn = _id_number(body)
            before = history.setdefault(idn, [])
            row = _priced(
                before, n, idn, insutype, psn_type, insured, code, at, medfee, levels[code], psn_nos[idn]
            )
            _insert(uow, row)
            history[idn].append(row)
            written.append(row)
        uow.commit()
    return written


def _priced(before: list[dict[str, Any]], n: int, idn: str, insutype: str, psn_type: str, insured: str,
            code: str, at: datetime, medfee: int, hosp_lv: str = "3A", psn_no: str = "") -> dict[str, Any]:  # fmt: skip
    """A settlement row whose amounts are the kernel's for this bill and the person's year so far
    (the same pricing the fund projection repeats, so the demo record reproduces to the fen)."""
    from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS
    from yidi.service_layer.batch import reprice
    from yidi.service_layer.fund_projection import Window, recorded_claims

    own, pre = medfee // 20, medfee // 20  # 全自费 5 %, 乙类先行自付 5 %
    balance = 100_000  # the account before this stay: 1 000 yuan
    row: dict[str, Any] = {
        "setl_id": f"DEMOCLRS{n:05d}", "mdtrt_id": f"DEMOCLR{n:06d}", "psn_no": psn_no or idn, "id_number": idn,
        "insutype": insutype, "setl_time": at, "setl_date": at.date(), "year": at.year, "kind": "settle",
        "status": "valid", "reverses": None, "balc": balance - 1, "dedc_paid_in_chain": 0, "hospital_code": code,
        "output": {"setlinfo": {"psn_type": psn_type, "cvlserv_flag": "0"}}, "insured_region": insured,
        "treatment_region": "110100" if code == BEIJING[0] else code[1:7], "filing_category": "temporary",
        "med_type": "21", "hosp_lv": hosp_lv,
        **dict.fromkeys(SETTLEMENT_AMOUNTS, 0),
        "medfee_sumamt": medfee, "fulamt_ownpay_amt": own, "preselfpay_amt": pre, "inscp_scp_amt": medfee - own - pre,
        "acct_pay": 1,
    }  # fmt: skip
    table, _ = recorded_claims([*before, row], Window(date(at.year, 1, 1), date(at.year, 12, 1)))
    out = reprice(table).table
    last = table.num_rows - 1
    for k in SETTLEMENT_AMOUNTS:
        if f"out_{k}" in out.column_names:
            row[k] = int(out.column(f"out_{k}")[last].as_py() * 100)
    row["balc"] = int(out.column("out_balc")[last].as_py() * 100)
    return row


def _insert(uow: SqlAlchemyUnitOfWork, row: dict[str, Any]) -> None:
    from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS

    if row["kind"] == "settle":
        uow.hospital.add_visit(
            mdtrt_id=row["mdtrt_id"], hospital_code=row["hospital_code"], psn_no=row["psn_no"],
            id_number=row["id_number"], insutype=row["insutype"], med_type="21", insured_region=row["insured_region"],
            treatment_region=row["treatment_region"], pay_loc="4" if row["hospital_code"] == BEIJING[0] else "3",
            filing_category=row["filing_category"], filing_id=None, filing_basis="filing", ipt_no=row["mdtrt_id"],
            begntime=row["setl_time"] - timedelta(days=5), endtime=row["setl_time"], status="settled",
            er_flag=False, dscg_maindiag_code="I25.103", dscg_maindiag_name="冠状动脉粥样硬化性心脏病", warnings=[],
            detail={"demo": "清算演示数据"},
        )  # fmt: skip
    amounts = {k: int(row[k]) for k in SETTLEMENT_AMOUNTS}
    setlinfo = {**row["output"]["setlinfo"], **{k: fmt_fen(v) for k, v in amounts.items()}}
    uow.hospital.add_settlement(
        setl_id=row["setl_id"], mdtrt_id=row["mdtrt_id"], hospital_code=row["hospital_code"], psn_no=row["psn_no"],
        id_number=row["id_number"], insutype=row["insutype"], clr_type="21", clr_optins=row["treatment_region"],
        setl_time=row["setl_time"], setl_date=row["setl_date"], year=row["year"], kind=row["kind"], status="valid",
        reverses=row["reverses"], cancelled_by=None, msgid=row["setl_id"], balc=row["balc"], dedc_paid_in_chain=0,
        output={"setlinfo": setlinfo, "setldetail": [], "explanation": [], "memo": "清算演示数据"}, **amounts,
    )  # fmt: skip
    if row["reverses"]:
        uow.hospital.update_settlement(row["reverses"], status="cancelled", cancelled_by=row["setl_id"])


def _reversal(of: dict[str, Any], at: datetime) -> dict[str, Any]:
    from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS

    return {**of, **{k: -int(of[k]) for k in SETTLEMENT_AMOUNTS}, "setl_id": "DEMOCLRR" + of["setl_id"][8:],
            "kind": "reversal", "reverses": of["setl_id"], "setl_time": at, "setl_date": at.date(), "year": at.year}  # fmt: skip


def _clear(factory: Factory, months: list[Month], rows: list[dict[str, Any]]) -> None:
    first, middle, last = months
    with factory() as uow:
        for i, m in enumerate(months[:2]):
            built_on = m.opens_for_clearing(uow.clearing.params.close_after_days)
            ids = [s.id for s in uow.clearing.build_month(m, built_on)]
            uow.clearing.confirm_many(ids, built_on + timedelta(days=3))
            for sid in ids:
                uow.clearing.pay(sid, built_on + timedelta(days=8))
                if i == 0:
                    uow.clearing.pay_hospitals(sid, built_on + timedelta(days=12))
        uow.commit()
    # a supervision deduction on a settlement of the middle month, decided in the latest month
    victim = next(
        r for r in rows if middle.start <= r["setl_time"] < middle.end and r["hospital_code"] == PAIRS[0][1]
    )
    clearing_returns.book_return(
        factory(), return_id="DEMO-DED-0001", kind="deduction", setl_id=victim["setl_id"],
        amount_fen=min(50_000, victim["fund_pay_sumamt"]), reason="演示：超标准收费，稽核扣款",
        decided_at=datetime.combine(last.first_day + timedelta(days=12), datetime.min.time(), UTC),
    )  # fmt: skip
    with factory() as uow:
        built_on = last.opens_for_clearing(uow.clearing.params.close_after_days)
        built = uow.clearing.build_month(last, built_on)
        insured, hospital = PERSONS[PAIRS[1][0]][4], PAIRS[1][1]
        sid = statement_id(last, insured, hospital[1:7])
        line = next(x for x in uow.clearing.lines(sid))
        uow.clearing.dispute(sid, [Dispute(line.setl_id, "演示：住院天数与病历不符，转下月核实")],
                             _agency(insured), built_on + timedelta(days=1))  # fmt: skip
        year = first.year
        for s in built:
            uow.clearing.advance.issue(s.insuplc_admdvs, s.mdtrtarea_admvs, year, uow.clearing.params.advance_minimum_fen,
                                       0, "annual", first.first_day)  # fmt: skip
        uow.commit()


def _agency(region: str) -> Any:
    from yidi.domain.clearing.parties import agency

    return agency(region)
