"""The settlement answer of the national interface (``setlinfo`` + ``setldetail[]``, the
national interface specification: settlement outputs), assembled in one place from typed values.

Every settlement answer — 2303/2304 住院, 2206/2207 门诊, 2101/2102 药店, the reversal records of
2305/2208/2103 and the 5203 query — is ``assemble(head, amounts)``: the amounts are integer fen
(``SetlAmounts``) formatted once here on the way out; a stored answer is parsed once
(``Answer.parse``, by the repository) into the same typed values, so a reversal negates fen, never
text, whatever representation the answer was stored in (strings or JSON numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from yidi.domain.national.codes import CLR_WAY_ITEM
from yidi.domain.national.formats import (
    fmt_amount,
    fmt_date,
    fmt_datetime,
    fmt_prop,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_ratio,
)
from yidi.domain.national.identities import fen_violations
from yidi.domain.settlement.amounts import SETLINFO_AMOUNTS
from yidi.domain.settlement.fund_line import FundLine

# every amount of a setlinfo answer, in its order: the kernel's and the two yidi never pays
ANSWER_AMOUNTS = (*SETLINFO_AMOUNTS, "hifdm_pay", "acct_mulaid_pay")
HEAD_KEYS = (
    "mdtrt_id", "setl_id", "psn_no", "psn_name", "psn_cert_type", "certno", "gend", "naty", "brdy", "age",
    "insutype", "psn_type", "cvlserv_flag", "setl_time", "mdtrt_cert_type", "med_type",
)  # fmt: skip
TAIL_KEYS = ("medins_setl_id", "clr_optins", "clr_way", "clr_type")
EMPTY: Mapping[Any, Any] = {}
# the keys of a setlinfo answer, in order (``setl_id`` only once the settlement is stored)
SETLINFO_KEYS = (
    *HEAD_KEYS,
    *SETLINFO_AMOUNTS,
    "pool_prop_selfpay",
    "hifdm_pay",
    "acct_mulaid_pay",
    *TAIL_KEYS,
)


@dataclass(frozen=True)
class SetlAmounts:
    """Every amount of a setlinfo, integer fen, in ``ANSWER_AMOUNTS`` order."""

    medfee_sumamt: int
    fulamt_ownpay_amt: int
    overlmt_selfpay: int
    preselfpay_amt: int
    inscp_scp_amt: int
    act_pay_dedc: int
    hifp_pay: int
    cvlserv_pay: int
    hifes_pay: int
    hifmi_pay: int
    hifob_pay: int
    maf_pay: int
    oth_pay: int
    fund_pay_sumamt: int
    psn_part_amt: int
    acct_pay: int
    psn_cash_pay: int
    balc: int
    hosp_part_amt: int
    hifdm_pay: int = 0
    acct_mulaid_pay: int = 0

    @classmethod
    def parse(cls, values: Mapping[str, Any], columns: Mapping[Any, Any] = EMPTY) -> SetlAmounts:
        """A setlinfo's amounts (yuan, as strings or JSON numbers) → fen, once; one the answer
        lacks is the stored amount column of that name (fen), else 0."""
        return cls(**{
            k: parse_amount(values[k], k, allow_negative=True) if values.get(k) not in (None, "")
            else int(columns.get(k) or 0) for k in ANSWER_AMOUNTS
        })  # fmt: skip

    def fields(self) -> dict[str, int]:
        return asdict(self)

    def negated(self, balc: int) -> SetlAmounts:
        """A reversal record's amounts: each negated; ``balc`` is the account balance after it."""
        return SetlAmounts(**{k: -v for k, v in self.fields().items() if k != "balc"}, balc=balc)


assert tuple(f.name for f in fields(SetlAmounts)) == ANSWER_AMOUNTS  # the one list, not a second one


@dataclass(frozen=True)
class SetlHead:
    """Who, which visit, when and how a settlement was cleared: setlinfo's fields other than the
    amounts (``pool_prop_selfpay`` in basis points: the ratio the insured region's policy applied)."""

    mdtrt_id: str
    psn_no: str
    psn_name: str
    certno: str
    gend: str
    brdy: date | None  # None: not in a stored answer (demo rows keep a partial one)
    age: int | None
    insutype: str
    psn_type: str
    cvlserv_flag: bool
    setl_time: datetime
    mdtrt_cert_type: str
    med_type: str
    pool_prop_selfpay: int | None
    medins_setl_id: str
    clr_optins: str
    clr_type: str
    setl_id: str = ""  # "" until stored (2303, 2206, 2101 answer without one)
    clr_way: str = CLR_WAY_ITEM
    psn_cert_type: str = "01"
    naty: str = ""

    @classmethod
    def parse(cls, v: Mapping[str, Any], columns: Mapping[Any, Any] = EMPTY) -> SetlHead:
        """A stored answer's head, once (the repository reads answers through ``Answer.parse``);
        a field the answer lacks comes from the settlement's stored columns, else is empty."""

        def text(name: str, column: str = "", default: str = "") -> str:
            return str(v.get(name, columns.get(column or name, default)) or default)

        ratio, brdy, age = v.get("pool_prop_selfpay"), v.get("brdy"), v.get("age")
        at = parse_datetime(v["setl_time"], "setl_time") if v.get("setl_time") else columns["setl_time"]
        return cls(
            mdtrt_id=text("mdtrt_id"), psn_no=text("psn_no"), psn_name=text("psn_name"), certno=text("certno"),
            gend=text("gend"), brdy=parse_date(brdy, "brdy") if brdy else None, age=None if age in (None, "") else int(age),
            insutype=text("insutype"), psn_type=text("psn_type"), cvlserv_flag=text("cvlserv_flag") == "1", setl_time=at,
            mdtrt_cert_type=text("mdtrt_cert_type"), med_type=text("med_type"),
            pool_prop_selfpay=parse_ratio(ratio, "pool_prop_selfpay") if ratio not in (None, "") else None,
            medins_setl_id=text("medins_setl_id", "msgid"), clr_optins=text("clr_optins"), clr_type=text("clr_type"),
            setl_id=text("setl_id"), clr_way=text("clr_way", default=CLR_WAY_ITEM),
            psn_cert_type=text("psn_cert_type", default="01"), naty=text("naty"),
        )  # fmt: skip


def assemble(head: SetlHead, amounts: SetlAmounts) -> dict[str, Any]:
    """The national setlinfo: ``SETLINFO_KEYS`` in order, every amount formatted once."""
    h, fen = head, amounts.fields()
    out: dict[str, Any] = {
        "mdtrt_id": h.mdtrt_id, "setl_id": h.setl_id, "psn_no": h.psn_no, "psn_name": h.psn_name,
        "psn_cert_type": h.psn_cert_type, "certno": h.certno, "gend": h.gend, "naty": h.naty, "brdy": fmt_date(h.brdy) if h.brdy else "",
        "age": "" if h.age is None else h.age, "insutype": h.insutype, "psn_type": h.psn_type, "cvlserv_flag": "1" if h.cvlserv_flag else "0",
        "setl_time": fmt_datetime(h.setl_time), "mdtrt_cert_type": h.mdtrt_cert_type, "med_type": h.med_type,
        **{k: fmt_amount(fen[k]) for k in SETLINFO_AMOUNTS}, "pool_prop_selfpay": "" if h.pool_prop_selfpay is None else fmt_prop(h.pool_prop_selfpay),
        "hifdm_pay": fmt_amount(fen["hifdm_pay"]), "acct_mulaid_pay": fmt_amount(fen["acct_mulaid_pay"]),
        "medins_setl_id": h.medins_setl_id, "clr_optins": h.clr_optins, "clr_way": h.clr_way, "clr_type": h.clr_type,
    }  # fmt: skip
    if not h.setl_id:
        del out["setl_id"]
    return out


@dataclass(frozen=True)
class Answer:
    """A stored settlement answer, typed: what a reversal negates and 5203 answers again."""

    head: SetlHead
    amounts: SetlAmounts
    detail: tuple[FundLine, ...]

    @classmethod
    def parse(cls, output: Mapping[str, Any], columns: Mapping[Any, Any] = EMPTY) -> Answer:
        """A stored answer (``output``), typed once; ``columns``: the settlement's stored row, for
        what an answer lacks (demo settlements keep a partial one)."""
        info = output.get("setlinfo") or {}
        return cls(
            SetlHead.parse(info, columns),
            SetlAmounts.parse(info, columns),
            tuple(FundLine.parse(d) for d in output.get("setldetail") or ()),
        )

    def setlinfo(self) -> dict[str, Any]:
        return assemble(self.head, self.amounts)

    def setldetail(self) -> list[dict[str, Any]]:
        return [d.wire() for d in self.detail]

    def reversal(self, setl_id: str, medins_setl_id: str, balc: int) -> Answer:
        """The reversal record of this answer: amounts negated (``balc`` the restored balance)."""
        head = replace(self.head, setl_id=setl_id, medins_setl_id=medins_setl_id)
        return Answer(head, self.amounts.negated(balc), tuple(d.negated() for d in self.detail))

    def violations(self) -> list[str]:
        """The identities of ``identities.py`` that this answer breaks (empty = all hold)."""
        return fen_violations(self.amounts.fields(), [d.fund_payamt for d in self.detail])
