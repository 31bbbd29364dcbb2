"""A visit (就诊: a stay from 2401 入院, an outpatient visit from 2201 挂号, a pharmacy purchase of
2102) and its stored fee lines (费用明细, 2301 / 2204 / 2102), as typed values.

The repository builds them once from its rows (``from_row``): amounts in integer fen, times as
``datetime``, counts and unit prices as ``Decimal`` (16,4 and 16,6 as uploaded), flags as
``bool``; the handlers and the settlement read attributes, never row keys. What the HIS sent with
the visit (``mdtrtinfo``, ``diseinfo``, ``dscginfo`` …) stays the dict ``detail``; a line's
uploaded fields stay the dict ``raw``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Visit:
    mdtrt_id: str
    hospital_code: str
    psn_no: str
    id_number: str
    insutype: str
    med_type: str
    insured_region: str
    treatment_region: str
    pay_loc: str  # 3 省内异地 / 4 跨省异地
    filing_category: str  # the settlement's cover category (long_term, temporary, referral …)
    filing_id: str | None
    filing_basis: str  # eligibility basis: filing, auto_filing, personal_account …
    ipt_no: str  # 住院号 / 门诊号 (ipt_otp_no)
    begntime: datetime
    endtime: datetime | None
    status: str  # admitted, discharged, registered, cancelled
    er_flag: bool
    dscg_maindiag_code: str
    dscg_maindiag_name: str
    warnings: list[str]
    detail: dict[str, Any]

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> Visit:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    @property
    def mdtrt_cert_type(self) -> str:
        """The certificate the visit was registered with (02 身份证 unless the HIS said otherwise)."""
        return str(self.detail.get("mdtrtinfo", {}).get("mdtrt_cert_type", "02"))


@dataclass(frozen=True)
class FeeLine:
    """One stored fee line with its adjudication (2301 ``result[]``), fen unless said otherwise."""

    mdtrt_id: str
    feedetl_sn: str
    med_list_codg: str
    medins_list_codg: str
    fee_ocur_time: datetime
    cnt: Decimal
    pric: Decimal  # yuan
    det_item_fee_sumamt: int
    chrgitm_lv: str
    selfpay_prop_bp: int
    pric_uplmt_amt: int | None  # per unit; None = no price cap
    price_cap: int  # cnt × pric_uplmt_amt; 0 = none
    fulamt_ownpay_amt: int
    overlmt_amt: int
    preselfpay_amt: int
    inscp_scp_amt: int
    etip_flag: bool
    etip_hosp_code: str
    setl_id: str | None  # the settlement holding the line; None = unsettled
    raw: dict[str, Any]

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> FeeLine:
        """A stored line (``cnt`` / ``pric`` kept as their decimal text) as a typed value."""
        cap = row["pric_uplmt_amt"]
        return cls(**{
            **{f.name: row[f.name] for f in fields(cls)},
            "cnt": Decimal(str(row["cnt"])), "pric": Decimal(str(row["pric"])),
            "det_item_fee_sumamt": int(row["det_item_fee_sumamt"]), "selfpay_prop_bp": int(row["selfpay_prop_bp"]),
            "pric_uplmt_amt": None if cap is None else int(cap), "price_cap": int(row["price_cap"]),
            "etip_flag": bool(row["etip_flag"]), "raw": row["raw"] if isinstance(row["raw"], dict) else {},
        })  # fmt: skip

    @property
    def init_feedetl_sn(self) -> str:
        """The original line a 退单 line returns ("" for an ordinary line)."""
        return str(self.raw.get("init_feedetl_sn") or "")

    @property
    def chrg_bchno(self) -> str:
        """The outpatient charge batch (收费批次号, 2204) the line was uploaded in."""
        return str(self.raw.get("chrg_bchno", ""))
