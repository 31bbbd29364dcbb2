"""基金测算 over recorded settlements (seed 004 二: 各市相关政策调整须做好基金测算): the settlements
recorded for persons insured in a region over past months, re-priced with the one kernel (the
batch) under the policy in force and under a reform overlay, then compared
(``domain.fund.projection``) and held against the region's months of reserve.

**Reproducing the record.** A recorded settlement was priced with the person's year-to-date
amounts as they stood when it was made. Each re-priced claim carries those opening amounts, and
the batch accumulates over the claims of one person-year in order, so a reform's change to an
early claim moves the later ones (annual caps). Where the record's year-to-date does not follow
from the claims before it in the window — a settlement before the window, a settlement later
reversed, another scheme's claim — the chain is cut there and the next claim opens with its own
recorded amounts (``_chains``). So with no overlay every recorded settlement is reproduced to
the fen; ``Run.unreproduced`` lists any that is not (it must stay empty: tested on the demo and
a synthetic history). Paid manual claims of the window are re-priced beside them
(``fund_manual_claims``) and counted in every figure.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
import pyarrow as pa

from yidi.domain.errors import InvalidInput
from yidi.domain.fund.projection import Projection, project
from yidi.domain.fund.reserve import months_of_reserve
from yidi.domain.settlement.amounts import YTD_AMOUNTS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.service_layer.batch import reprice
from yidi.service_layer.fund_manual_claims import projection_frame, reprice_paid_claims
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

CARRIED = YTD_AMOUNTS  # the kernel's year-to-date inputs
CHECKED = (*YTD_AMOUNTS, "fund_pay_sumamt", "psn_part_amt", "acct_pay")
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Window:
    """Whole months ``first`` … ``last`` (YYYY-MM), by settlement date."""

    first: date
    last: date

    @property
    def end(self) -> date:
        return self.last.replace(day=calendar.monthrange(self.last.year, self.last.month)[1])

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))


def parse_month(text: str, option: str) -> date:
    try:
        year, month = (int(p) for p in text.split("-"))
        if len(text) != 7:
            raise ValueError
        return date(year, month, 1)
    except ValueError:
        raise InvalidInput.of(
            option, f"月份无效：{text}（应为 YYYY-MM）", f"invalid month {text}: use YYYY-MM"
        ) from None


def window(first: str, last: str) -> Window:
    w = Window(parse_month(first, "--from"), parse_month(last, "--to"))
    if w.last < w.first:
        raise InvalidInput.of("--to", "结束月份早于开始月份", "--to is before --from")
    return w


@dataclass
class Run:
    region: str
    window: Window
    projection: Projection
    reserve_json: dict[str, Any]
    unreproduced: list[str] = field(default_factory=list)  # setl_id, or claim:<id> of a manual claim

    def as_json(self) -> dict[str, Any]:
        return self.reserve_json


def recorded_claims(rows: Sequence[Any], w: Window) -> tuple[pa.Table, list[dict[str, Any]]]:
    """The valid settlements in the window as a batch claims table (input order = record order),
    and each one's recorded amounts (fen) for the reproduction check."""
    running: dict[tuple[str, int], dict[str, int]] = {}
    chains: dict[tuple[str, str, str, int], tuple[int, dict[str, int]]] = {}
    cols: dict[str, list[Any]] = {k: [] for k in _COLUMNS}
    recorded: list[dict[str, Any]] = []
    for r in rows:
        key = (str(r["id_number"]), int(r["year"]))
        before = running.setdefault(key, dict.fromkeys(CARRIED, 0))
        opening = dict(before)
        for k in CARRIED:
            before[k] += int(r[k])  # reversals carry negative amounts
        if r["kind"] != "settle" or r["status"] != "valid" or not (w.first <= r["setl_date"] <= w.end):
            continue
        chain_key = (str(r["psn_no"]), str(r["insured_region"]), str(r["insutype"]), int(r["year"]))
        number, expected = chains.get(chain_key, (-1, {}))
        if opening != expected:
            number += 1  # the record's year-to-date does not follow from the claims before: cut
        chains[chain_key] = (number, {k: opening[k] + int(r[k]) for k in CARRIED})
        _append(cols, r, opening, f"{r['psn_no']}#{number}")
        recorded.append(
            {"setl_id": r["setl_id"], "psn_no": str(r["psn_no"]), **{k: int(r[k]) for k in CHECKED}}
        )
    return pa.table({k: pa.array(v, type=_TYPES.get(k, pa.string())) for k, v in cols.items()}), recorded


_AMOUNTS = (
    "medfee_sumamt",
    "fulamt_ownpay_amt",
    "overlmt_selfpay",
    "preselfpay_amt",
    "inscp_scp_amt",
    "acct_balc",
)
_COLUMNS = (
    "psn_no", "insuplc_admdvs", "mdtrtarea_admvs", "insutype", "psn_type", "filing_category", "hosp_lv",
    "setl_time", "cvlserv_flag", "acct_used_flag", *_AMOUNTS, "ytd_dedc_paid_in_chain",
    *(f"ytd_{k}" for k in CARRIED),
)  # fmt: skip
_TYPES = {
    k: pa.decimal128(18, 2) for k in (*_AMOUNTS, "ytd_dedc_paid_in_chain", *(f"ytd_{k}" for k in CARRIED))
}
_TYPES["setl_time"] = pa.date32()


def _append(cols: dict[str, list[Any]], r: Any, opening: dict[str, int], chain: str) -> None:
    from decimal import Decimal

    def yuan(fen: int) -> Decimal:
        return Decimal(fen).scaleb(-2)

    info = (r["output"] or {}).get("setlinfo", {})
    values: dict[str, Any] = {
        "psn_no": chain, "insuplc_admdvs": r["insured_region"], "mdtrtarea_admvs": r["treatment_region"],
        "insutype": r["insutype"], "psn_type": str(info.get("psn_type", "")), "filing_category": r["filing_category"],
        "hosp_lv": r["hosp_lv"], "setl_time": r["setl_date"], "cvlserv_flag": str(info.get("cvlserv_flag", "0")),
        # the balance before = after + what the account paid; a zero payment reprices the same unused
        "acct_used_flag": "1" if int(r["acct_pay"]) > 0 else "0",
        "acct_balc": yuan(int(r["balc"]) + int(r["acct_pay"])),
        "ytd_dedc_paid_in_chain": yuan(int(r["dedc_paid_in_chain"])),
        **{k: yuan(int(r[k])) for k in _AMOUNTS if k != "acct_balc"},
        **{f"ytd_{k}": yuan(opening[k]) for k in CARRIED},
    }  # fmt: skip
    for k in _COLUMNS:
        cols[k].append(values[k])


def run(
    uow: SqlAlchemyUnitOfWork,
    region: str,
    w: Window,
    overlays: dict[str, RegionPolicy] | None = None,
    progress: Progress | None = None,
) -> Run:
    """Baseline vs reform over the region's recorded settlements in the window."""
    step = progress or (lambda _s, _n: None)
    with uow:
        rows = uow.fund.settlement_history(region, w.years, w.end)
        figures = uow.fund.figures(region)
    table, recorded = recorded_claims(rows, w)
    step("读取结算记录", len(recorded))
    baseline = reprice(table).table
    step("基线重算", len(recorded))
    reform = reprice(table, overlays or {}).table if overlays else baseline
    step("调整方案重算", len(recorded))
    real = pa.array([r["psn_no"] for r in recorded], type=pa.string())
    baseline = baseline.set_column(baseline.schema.get_field_index("psn_no"), "psn_no", real)
    reform = reform.set_column(reform.schema.get_field_index("psn_no"), "psn_no", real)
    unreproduced = _unreproduced(baseline, recorded)
    manual = reprice_paid_claims(uow, region, w.first, w.end, overlays)
    step("手工报销重算", manual.baseline.height)
    projection = project(
        pl.concat([projection_frame(baseline), manual.baseline]),
        pl.concat([projection_frame(reform), manual.reform]),
    )
    reserve = months_of_reserve(region, figures) if figures else None
    out = Run(
        region, w, projection, projection.as_json(reserve, w.months), unreproduced + manual.unreproduced
    )
    step("汇总", len(recorded) + manual.baseline.height)
    return out


def _unreproduced(baseline: pa.Table, recorded: list[dict[str, Any]]) -> list[str]:
    from yidi.domain.arrow_money import unscaled_int64

    got = {k: unscaled_int64(baseline.column(f"out_{k}").combine_chunks()) for k in CHECKED}
    # the record keeps residents' 大病 in hifob_pay as the kernel's one major-expense amount (2304);
    # the batch splits it by scheme into hifob_pay / hifmi_pay
    got["hifob_pay"] = got["hifob_pay"] + unscaled_int64(baseline.column("out_hifmi_pay").combine_chunks())
    errors = baseline.column("error").to_pylist()
    return [
        r["setl_id"]
        for i, r in enumerate(recorded)
        if errors[i] is not None or any(int(got[k][i]) != r[k] for k in CHECKED)
    ]


def result_document(r: Run, compliance_items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the 基金测算 page and its PDF show, as JSON (stored with the scenario)."""
    from yidi.domain.fund.exact import fen_text

    p = r.projection
    groups = {
        name: [
            {
                "key": list(g.key),
                "baseline": g.baseline.as_json(),
                "reform": g.reform.as_json(),
                "delta": g.reform.minus(g.baseline).as_json(),
            }
            for g in rows
        ]
        for name, rows in p.groups.items()
    }
    burden = None
    if p.burden is not None:
        b = p.burden
        burden = {
            "persons": b.persons, "increased": b.increased, "decreased": b.decreased, "unchanged": b.unchanged,
            "deciles": [fen_text(v) for v in b.deciles], "smallest": fen_text(b.smallest), "largest": fen_text(b.largest),
            "most_affected": [
                {"psn_no": m.psn_no, "claims": m.claims, "baseline": fen_text(m.baseline), "reform": fen_text(m.reform),
                 "change": fen_text(m.reform - m.baseline)}
                for m in b.most_affected
            ],
        }  # fmt: skip
    return {
        "region": r.region,
        "window": {
            "from": f"{r.window.first:%Y-%m}",
            "to": f"{r.window.last:%Y-%m}",
            "months": r.window.months,
        },
        "projection": r.as_json(),
        "skipped": p.skipped,
        "unreproduced": r.unreproduced,
        "groups": groups,
        "burden": burden,
        "compliance": compliance_items or [],
    }
