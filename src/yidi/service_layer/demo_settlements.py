"""Demo settlements (DEMO ONLY): inpatient stays settled through the national interface, so the
settlement lookup (结算查询), the 结算单 and the insured person's 我的结算 have something to show.

Every stay goes through ``hospital.dispatcher.call_service`` — the code path of a real HIS:
9001 签到 → 2401 入院 → 2301 明细上传 → 2402 出院 → 2303 预结算 → 2304 结算 — so amounts,
explanations, filings made at admission and year-to-date accumulators are exactly what a
hospital would get. Two stays:

* the demo insured account's person (省直在职, 219900) in the Chaoyang 二级 demo hospital: 省直
  temporary patients are admitted in 朝阳 without a filing (seed 000 一), so none is created and the
  person's own filing flows start from nothing;
* the 铁岭 resident in the Shenyang demo hospital (the demo hospital account), settled, reversed
  (2305) and settled again, so the lookup shows a reversal chain. The temporary filing comes from
  the admission itself (即申即享, seed 004 一(二)).

Idempotent: a person who already has a visit in that hospital is left alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from yidi.service_layer.hospital.dispatcher import call_service
from yidi.service_layer.hospital.uow import HospitalUnitOfWork

Factory = Callable[[], HospitalUnitOfWork]
LINES = (  # (med_list_codg, cnt, pric), codes every demo catalogue lists
    ("001102000010000-110200001", "6", "70.00"),  # 床位费, over the price cap
    ("003107010010000-310701001", "1", "18000.00"),  # PCI, 乙类
    ("C0301010000000000001", "1", "800.00"),  # 支架, over the price cap, 乙类
    ("XC10AAA059A001010100000", "30", "9.90"),  # 他汀, 乙类
    ("T000000000000000000001", "2", "620.00"),  # 自费
)
# The demo HIS numbers its messages 9000-9999 so that a client started in the same second (the
# worked example, the tests) never sends one of its msgids.
_seq = itertools.count(0)


class DemoHis:
    """The smallest HIS that can talk to the dispatcher in-process (signed in once)."""

    def __init__(self, factory: Factory, code: str, name: str, insuplc: str) -> None:
        self.factory, self.code, self.name, self.insuplc = factory, code, name, insuplc
        self.region, self.sign_no = code[1:7], ""

    def call(self, infno: str, body: dict[str, Any]) -> dict[str, Any]:
        now = datetime.now()
        env = {
            "infno": infno, "msgid": f"{self.code}{now:%Y%m%d%H%M%S}{9000 + next(_seq) % 1000:04d}",
            "mdtrtarea_admvs": self.region, "insuplc_admdvs": self.insuplc, "recer_sys_code": "01",
            "dev_no": "", "dev_safe_info": "", "cainfo": "", "signtype": "", "infver": "V1.0", "opter_type": "1",
            "opter": "001", "opter_name": "演示收费员", "inf_time": f"{now:%Y-%m-%d %H:%M:%S}",
            "fixmedins_code": self.code, "fixmedins_name": self.name, "sign_no": self.sign_no, "input": body,
        }  # fmt: skip
        resp = call_service(self.factory(), self.code, env)
        if resp["infcode"] != 0:  # demo data must be valid: a refusal here is a bug, not a user error
            raise RuntimeError(f"demo settlement {infno} refused: {resp['err_msg']}")
        return dict(resp["output"] or {})

    def sign_in(self) -> None:
        out = self.call("9001", {"signIn": {"opter_no": "001", "mac": "", "ip": ""}})
        self.sign_no = str(out["signinoutb"]["sign_no"])


def _time(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M:%S}"


def _stay(his: DemoHis, idn: str, insutype: str, ipt_no: str, begin: datetime) -> dict[str, Any]:
    """Admit, upload the fees, discharge, settle; returns 2304's body (also used for 2305).
    As a HIS does, the person number comes from 1101 (psn_no is not the ID number)."""
    info = his.call("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn}})
    psn_no = str(info["baseinfo"]["psn_no"])
    diag = {"diag_code": "I25.103", "diag_name": "冠状动脉粥样硬化性心脏病"}
    disease = [{"psn_no": psn_no, "diag_type": "1", "maindiag_flag": "1", "diag_srt_no": "1", **diag,
                "diag_dept": "心内科", "dise_dor_no": "D001", "dise_dor_name": "李医生", "diag_time": _time(begin)}]  # fmt: skip
    adm = {"mdtrtinfo": {"psn_no": psn_no, "insutype": insutype, "begntime": _time(begin), "mdtrt_cert_type": "02",
                         "mdtrt_cert_no": idn, "med_type": "21", "ipt_no": ipt_no, "atddr_no": "D001",
                         "chfpdr_name": "李医生", "adm_diag_dscr": "冠心病", "adm_dept_codg": "A03",
                         "adm_dept_name": "心内科", "adm_bed": "12", "dscg_maindiag_code": diag["diag_code"],
                         "dscg_maindiag_name": diag["diag_name"]}, "diseinfo": disease}  # fmt: skip
    mdtrt_id = str(his.call("2401", adm)["result"]["mdtrt_id"])
    lines = []
    for i, (code, cnt, pric) in enumerate(LINES, 1):
        amount = (Decimal(cnt) * Decimal(pric)).quantize(Decimal("0.01"))
        lines.append({"feedetl_sn": f"F{i:04d}", "mdtrt_id": mdtrt_id, "psn_no": psn_no, "med_type": "21",
                      "fee_ocur_time": _time(begin + timedelta(days=1)), "med_list_codg": code,
                      "medins_list_codg": f"HIS-{i}", "det_item_fee_sumamt": str(amount), "cnt": cnt, "pric": pric,
                      "bilg_dept_codg": "A03", "bilg_dept_name": "心内科", "bilg_dr_codg": "D001", "bilg_dr_name": "李医生"})  # fmt: skip
    his.call("2301", {"feedetail": lines})
    his.call("2402", {"dscginfo": {"mdtrt_id": mdtrt_id, "psn_no": psn_no, "insutype": insutype,
                                   "endtime": _time(begin + timedelta(days=5)), "dscg_dept_codg": "A03",
                                   "dscg_dept_name": "心内科", "dscg_way": "1"}, "diseinfo": disease})  # fmt: skip
    data = {"psn_no": psn_no, "mdtrt_cert_type": "02", "mdtrt_cert_no": idn, "mdtrt_id": mdtrt_id,
            "medfee_sumamt": str(sum(Decimal(x["det_item_fee_sumamt"]) for x in lines)), "psn_setlway": "01",
            "insutype": insutype, "acct_used_flag": "1", "mid_setl_flag": "0"}  # fmt: skip
    return _settle(his, data)


def _settle(his: DemoHis, data: dict[str, Any]) -> dict[str, Any]:
    pre = his.call("2303", {"data": data})["setlinfo"]
    split = ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")
    setl = his.call("2304", {"data": {**data, **{k: pre[k] for k in split}}})["setlinfo"]
    return {**data, "setl_id": setl["setl_id"]}


def _has_visit(factory: Factory, hospital_code: str, idn: str) -> bool:
    with factory() as uow:
        return bool(uow.hospital.visits_of(hospital_code, idn))


def seed_settlements(
    factory: Factory, persons: Sequence[Any], hospitals: Sequence[tuple[str, str, str]]
) -> None:
    """Settle the demo stays if missing (``persons`` and ``hospitals`` are demo_seed's tables:
    the demo insured account is persons[0], the demo hospital account hospitals[0])."""
    today = datetime.combine(factory().clock(), datetime.min.time())
    for person, hospital, ipt_no, reverse in (
        (persons[INSURED], hospitals[CHAOYANG], "DEMO-ZY-0001", False),
        (persons[TIELING_RESIDENT], hospitals[SHENYANG], "DEMO-ZY-0002", True),
    ):
        code, name, _ = hospital
        if _has_visit(factory, code, person.id_number):
            continue
        his = DemoHis(factory, code, name, person.region)
        his.sign_in()
        begin = today - timedelta(days=12 if reverse else 9, hours=-9)
        first = _stay(his, person.id_number, person.insutype, ipt_no, begin)
        if reverse:  # as a desk does after settling by mistake: reverse (2305), then settle again
            ids = {k: first[k] for k in ("mdtrt_id", "setl_id", "psn_no")}
            his.call("2305", {"data": ids})
            _settle(his, {k: v for k, v in first.items() if k != "setl_id"})


# positions in demo_seed.PERSONS / HOSPITALS
INSURED, TIELING_RESIDENT = 0, 4
SHENYANG, CHAOYANG = 0, 6
