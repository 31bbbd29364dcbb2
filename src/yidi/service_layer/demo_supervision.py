"""Demo data of supervision (DEMO ONLY): recent stays that hit the main review rules, a
cross-province inpatient bill above 30 000 yuan with its 协查, a few 问题协同 tickets and an
inspection plan for every demo hospital — then the month's review run, so the staff pages
(审核队列, 协查, 问题协同, 核查检查) and the hospital's 审核命中 have something to show.

The stays are written as the hospital interface stores them (visit, fee lines, settlement). The
cross-province one is a 铁岭 insured person's stay in a Beijing hospital (pay_loc 4): that
hospital does not talk to yidi (it is registered inactive) and yidi holds no Beijing catalogue,
so its lines also show as 目录外 (R-CAT) — a gap of the demo data, said so on purpose. Every id
starts with ``DEMOSUP``; the seeding is idempotent.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.identifiers import check_char
from yidi.domain.national.codes import pay_loc
from yidi.domain.settlement.amounts import SETTLEMENT_AMOUNTS
from yidi.domain.supervision.parties import Party
from yidi.policy.catalogue import default_registry
from yidi.service_layer import supervision_review, supervision_work, supervision_xiecha
from yidi.service_layer.person_services import register_person
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Factory = Callable[[], SqlAlchemyUnitOfWork]
HOSPITAL, SECOND = "H21010000001", "H21010000002"  # the Shenyang demo hospitals
BEIJING = "H11010000001"  # a hospital in another province (registered inactive: not a yidi client)
AMOUNTS = SETTLEMENT_AMOUNTS
PCI, STENT, CBC, BED = "003107010010000-310701001", "C0301010000000000001", "002501010010000-250101001", "001102000010000-110200001"
STAFF = Actor("demo-seed", Role.STAFF, Channel.COUNTER)


def _idn(region: str, born: str, serial: str) -> str:
    body = f"{region}{born}{serial}"
    return body + check_char(body)


# (name, insured region, hospital, er_flag, evidence, lines: (code, cnt, unit price fen))
STAYS: tuple[tuple[str, str, str, bool, dict[str, Any] | None, list[tuple[str, str, int]]], ...] = (
    ("铁岭参保北京住院", "211200", BEIJING, False, None, [(PCI, "1", 2_900_000), (STENT, "2", 70_000), (BED, "8", 6_000)]),
    ("铁岭参保重复收费", "211200", HOSPITAL, False, None, [(CBC, "1", 2_500), (CBC, "1", 2_500), (BED, "3", 6_000)]),
    ("铁岭参保超限价", "211200", HOSPITAL, False, None, [(BED, "5", 9_000), (CBC, "5", 2_500)]),
    ("省直参保急诊证据不足", "219900", HOSPITAL, True, {"verdict": "not_met"}, [(PCI, "1", 1_800_000), (BED, "4", 6_000)]),
)


def _stay(factory: Factory, n: int, name: str, region: str, hospital: str, er: bool, evidence: Any,
          lines: list[tuple[str, str, int]], begin: datetime) -> str:  # fmt: skip
    idn = _idn(region, "19600101" if n % 2 else "19700505", f"9{n}1")
    treatment = hospital[1:7]
    with factory() as uow:
        exists = uow.persons.get(idn) is not None
    if not exists:
        register_person(factory(), STAFF, id_number=idn, name=name, insutype="310", psn_type="11", insured_region=region)
    mdtrt_id, setl_id = f"DEMOSUPM{begin:%Y%m%d}{n:02d}", f"DEMOSUPS{begin:%Y%m%d}{n:02d}"
    end = begin + timedelta(days=7)
    with factory() as uow:
        if uow.hospital.settlement(setl_id) is not None:
            return setl_id  # seeded before (a run interrupted half-way goes on from here)
    cat = default_registry().for_region(HOSPITAL[1:7])
    rows, total, over = [], 0, 0
    for i, (code, cnt, price) in enumerate(lines, start=1):
        item = cat.get(code)
        amount = int(cnt) * price
        cap = item.pric_uplmt_amt if item and item.pric_uplmt_amt else None
        rows.append({"mdtrt_id": mdtrt_id, "feedetl_sn": str(i), "med_list_codg": code, "medins_list_codg": code,
                     "fee_ocur_time": begin + timedelta(hours=3), "cnt": cnt, "pric": f"{price / 100:.2f}",
                     "det_item_fee_sumamt": amount, "chrgitm_lv": item.chrgitm_lv if item else "1",
                     "selfpay_prop_bp": item.selfpay_prop if item else 0, "pric_uplmt_amt": cap,
                     "price_cap": int(cnt) * cap if cap else 0, "fulamt_ownpay_amt": 0, "overlmt_amt": 0,
                     "preselfpay_amt": 0, "inscp_scp_amt": amount, "etip_flag": False, "etip_hosp_code": "",
                     "setl_id": setl_id, "raw": {}})  # fmt: skip
        total += amount
    fund = (total - over) * 8 // 10
    amounts = dict.fromkeys(AMOUNTS, 0) | {"medfee_sumamt": total, "inscp_scp_amt": total, "hifp_pay": fund,
                                           "fund_pay_sumamt": fund, "psn_part_amt": total - fund,
                                           "psn_cash_pay": total - fund}  # fmt: skip
    with factory() as uow:
        psn_no = uow.persons.get(idn).psn_no  # type: ignore[union-attr]  # registered above
        uow.hospital.add_visit(
            mdtrt_id=mdtrt_id, hospital_code=hospital, psn_no=psn_no, id_number=idn, insutype="310", med_type="21",
            insured_region=region, treatment_region=treatment, pay_loc=pay_loc(region, treatment), filing_category="temporary",
            filing_id=None, filing_basis="auto_filing", ipt_no=f"DEMOSUP{n}", begntime=begin, endtime=end,
            status="settled", er_flag=er, dscg_maindiag_code="I21.0", dscg_maindiag_name="急性心肌梗死", warnings=[],
            detail={"emergency_evidence": evidence} if er else {})  # fmt: skip
        uow.hospital.add_fees(rows)
        at = end + timedelta(hours=2)
        uow.hospital.add_settlement(
            setl_id=setl_id, mdtrt_id=mdtrt_id, hospital_code=hospital, psn_no=psn_no, id_number=idn, insutype="310",
            clr_type="21", clr_optins=region, setl_time=at, setl_date=at.date(), year=at.year, kind="settle",
            status="valid", msgid=f"DEMOSUP{begin:%Y%m%d}{n:02d}", balc=0, dedc_paid_in_chain=0, output={}, **amounts)  # fmt: skip
        uow.commit()
    return setl_id


def seed_supervision(factory: Factory, today: date | None = None) -> dict[str, Any]:
    """Seed the demo stays (settled three days before ``today``; once), review their month, and open
    the demo 协查, tickets and inspection plans."""
    day = today or date.today()
    start = day - timedelta(days=10)  # admitted ten days ago, discharged and settled three days ago
    begin = datetime(start.year, start.month, start.day, 9, 0)
    month = f"{begin + timedelta(days=7):%Y-%m}"
    with factory() as uow:
        done = uow.hospital.settlement(f"DEMOSUPS{begin:%Y%m%d}{len(STAYS):02d}") is not None
        if not done and uow.hospital.hospital(BEIJING) is None:
            uow.hospital.add_hospital(code=BEIJING, name="北京演示三级甲等医院（跨省，非本平台接入）", region="110100",
                                      hosp_lv="3A", uscc="", paasid=f"demo-outside-{BEIJING}",
                                      secret=uuid.uuid4().hex, active=False)  # fmt: skip
            uow.commit()
    if done:
        return {"seeded": False}
    ids = [_stay(factory, n, *stay, begin=begin) for n, stay in enumerate(STAYS, start=1)]
    review = supervision_review.run_month(factory(), month, today=day)
    now = datetime.now(UTC)
    tieling = Party.agency("211200", "demo-tieling")  # the insured region opens the 协查
    case = supervision_xiecha.open_case(factory(), tieling, {"setl_id": ids[0], "questions": [
        "两枚支架是否均已植入（请附手术记录）", "住院8天是否符合病情"]}, now=now)  # fmt: skip
    hospital = Party.hospital(HOSPITAL, "demo-his")
    agency = Party.agency(HOSPITAL[1:7], "demo-staff")
    for kind, subject, to, setl in (
        ("settlement_failure", "2304 结算返回“起付线累计不一致”，患者在窗口等候", agency, ids[1]),
        ("fee_dispute", "对血常规重复收费的认定有异议", agency, ids[1]),
    ):
        supervision_work.raise_ticket(factory(), hospital, {"kind": kind, "subject": subject, "addressed_kind": to.kind,
                                                            "addressed_code": to.code, "setl_id": setl}, now=now)  # fmt: skip
    supervision_work.raise_ticket(factory(), agency, {"kind": "system", "subject": "请核对明细上传接口的时间格式",
                                                      "addressed_kind": "hospital", "addressed_code": HOSPITAL,
                                                      "msgid": "DEMOSUPMSG1"}, now=now)  # fmt: skip
    for code, kind, m in ((HOSPITAL, "routine", 3), (SECOND, "special", 6), (HOSPITAL, "flying", 10)):
        supervision_work.plan(factory(), {"hospital_code": code, "kind": kind,
                                          "planned_on": f"{day.year}-{m:02d}-15"}, "demo-staff")  # fmt: skip
    return {"seeded": True, "settlements": ids, "hits": len(review["hits"]), "xiecha": case["id"]}
