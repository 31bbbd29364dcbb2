"""Paid manual claims (手工报销) in a 基金测算 (seed 004 二: 各市相关政策调整须做好基金测算): the
fund paid them too, so a reform must re-price them beside the direct settlements.

Each paid claim of the region whose stay ended in the window is priced again by the claims'
own pricer (``claim_amounts.price``: the claim's bill as a desk request through the one kernel,
with the claim type's overlay and, for the annual relief, its annual cap) — once under the policy
in force (baseline) and once on the reform (the reform's region policy, the claim type's overlay
on top). It is priced with the year-to-date amounts it was paid with, which the pricer keeps in
the claim's settlement (``settlement["ytd"]``), so the baseline reproduces the recorded amounts
to the fen; a claim that does not (one paid before those amounts were kept, or a policy file
changed since) is listed as ``claim:<id>`` in ``unreproduced``. A manual claim is priced on its
own, not chained with the person's direct settlements: the pricer did the same when it was paid.

The personal-account refund (个人账户返还) is not a kernel price (staff enter the amount) and is
left out, as are claims without a bill.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
import pyarrow as pa

from yidi.domain.arrow_money import decimal_from_int64
from yidi.domain.claims.amounts import settlement_request
from yidi.domain.claims.claimant import Claimant
from yidi.domain.errors import YidiError
from yidi.domain.fund.projection import FUNDS, GROUPINGS
from yidi.domain.settlement.amounts import YTD_AMOUNTS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.service_layer.claim_amounts import price
from yidi.service_layer.claims_services import policy
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

KEYS = ("psn_no", *sorted({c for cols in GROUPINGS.values() for c in cols}))
# what a paid claim records of its price (fen) and the re-price must return unchanged
RECORDED = ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt", *YTD_AMOUNTS)
YUAN = pa.decimal128(18, 2)


@dataclass(frozen=True)
class ManualClaims:
    baseline: pl.DataFrame  # projection rows (``projection_frame`` columns)
    reform: pl.DataFrame
    unreproduced: list[str]  # "claim:<id>"


def reprice_paid_claims(
    uow: SqlAlchemyUnitOfWork,
    region: str,
    first: date,
    end: date,
    overlays: Mapping[str, RegionPolicy] | None = None,
) -> ManualClaims:
    """Baseline and reform rows of the region's paid manual claims with stays ending in [first, end].

    A row's ``psn_no`` is the person's platform number, the one the direct settlements carry, so
    one person's claims and settlements count as one person in "who is affected most"."""
    with uow:
        paid = uow.fund.paid_claims(region, first, end)
        people = {idn: uow.persons.get(idn) for idn in {c.person_id_number for c in paid}}
        claimants = {idn: Claimant.of(p) for idn, p in people.items() if p is not None}  # while bound
        numbers = {idn: p.psn_no for idn, p in people.items() if p is not None}
    rules, reform_base = policy(), (overlays or {}).get(region)
    keys: list[dict[str, str]] = []
    sides: tuple[list[dict[str, int]], list[dict[str, int]]] = ([], [])
    errors: list[str | None] = []
    unreproduced = []
    for claim in paid:
        spec, claimant = rules.spec(claim.effective_type), claimants.get(claim.person_id_number)
        if spec.settlement.kind == "account_refund" or claim.bill is None or claimant is None:
            continue
        ytd = claim.settlement.get("ytd")
        request = settlement_request(claim, claimant, spec, {})
        keys.append({
            "psn_no": numbers[claim.person_id_number],
            "insuplc_admdvs": claimant.insured_region, "mdtrtarea_admvs": str(request["mdtrtarea_admvs"]),
            "filing_category": str(request["filing_category"]), "hosp_lv": claim.bill.hosp_lv,
        })  # fmt: skip
        try:
            base, _ = price(claim, claimant, rules, ytd=ytd or {})
            reform = (
                price(claim, claimant, rules, ytd=ytd or {}, base=reform_base)[0] if reform_base else base
            )
            error = None
        except YidiError as exc:  # priced once, the policy cannot decide it now: left out and counted
            base = reform = {}
            error = exc.en
        errors.append(error)
        for side, amounts in zip(sides, (base, reform), strict=True):
            side.append(_funds(amounts, claimant.insutype))
        if error or ytd is None or any(base.get(k) != claim.amounts.get(k) for k in RECORDED):
            unreproduced.append(f"claim:{claim.id}")
    baseline, reform_rows = (_frame(keys, side, errors) for side in sides)
    return ManualClaims(baseline, reform_rows, unreproduced)


def _funds(amounts: dict[str, int], insutype: str) -> dict[str, int]:
    """The projection's funds of a claim's price; residents' major-illness part is 大病 (hifmi),
    as the batch splits it (``batch._result_table``)."""
    out = {f: int(amounts.get(f, 0)) for f in FUNDS}
    if insutype == "390":
        out["hifmi_pay"], out["hifob_pay"] = out["hifob_pay"], 0
    return out


def _frame(
    keys: list[dict[str, str]], amounts: list[dict[str, int]], errors: list[str | None]
) -> pl.DataFrame:
    columns: dict[str, pa.Array] = {k: pa.array([r[k] for r in keys], pa.string()) for k in KEYS}
    for f in FUNDS:
        fen = np.array([a[f] for a in amounts], dtype=np.int64)
        columns[f"out_{f}"] = decimal_from_int64(fen, YUAN)
    columns["error"] = pa.array(errors, pa.string())
    return projection_frame(pa.table(columns))


def projection_frame(table: pa.Table) -> pl.DataFrame:
    """The columns ``domain.fund.projection.project`` reads, in one set of types, so the batch's
    output and the manual claims' rows stack into one table."""
    frame = pl.from_arrow(table.select([*KEYS, *(f"out_{f}" for f in FUNDS), "error"]))
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(
        *(pl.col(k).cast(pl.String) for k in (*KEYS, "error")),
        *(pl.col(f"out_{f}").cast(pl.Decimal(38, 2)) for f in FUNDS),
    )
