"""Batch re-pricing (批量结算/基金测算): a table of claims → the same one-bill amounts per row.

One row per claim: the desk request's fields flattened (split amounts, ``ytd_*`` for the year-to-date
inputs) plus ``psn_no``. Policy resolution and the kernel are the desk's own code, vectorised.
Rows that cannot be settled keep their place and carry an ``error`` message.

Claims of one person under one region's scheme in one year (``person_years``) settle in date
order, so annual caps accumulate; the first such claim's ``ytd_*`` columns open the year. Built for
millions of rows (docs/projection.md): policy is resolved once per distinct key
(``batch_policy``), the kernel runs in cache-sized chunks (``annual``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from yidi.adapters.claims_table import codes_of, day_column, dictionary_column, fen_column, flag_column
from yidi.domain.arrow_money import fen_array, ratio_array
from yidi.domain.errors import InvalidInput
from yidi.domain.settlement.amounts import CHAIN_DEDUCTIBLE, KERNEL_AMOUNTS, RESULT_AMOUNTS, YTD_INPUTS
from yidi.domain.settlement.parameters import DIMENSIONS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.domain.settlement.request import SPLIT_FIELDS
from yidi.service_layer.annual import Claims, settle_in_order
from yidi.service_layer.batch_policy import delegated_regions, policy_slots
from yidi.service_layer.person_years import missing_person, person_year_rounds

REQUIRED = ("insuplc_admdvs", *DIMENSIONS, "setl_time", "medfee_sumamt", *SPLIT_FIELDS)
OPTIONAL_AMOUNTS = {"acct_balc": "acct_balc", **{c: c for c in YTD_INPUTS}, f"ytd_{CHAIN_DEDUCTIBLE}": CHAIN_DEDUCTIBLE}
RESULT_FIELDS = RESULT_AMOUNTS
# Kernel outputs the result table is made of (hifob_pay is split into hifob/hifmi by scheme).
KERNEL_RESULTS = KERNEL_AMOUNTS
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class BatchResult:
    table: pa.Table
    rows: int
    errors: int


class _Errors:
    """Per-row error messages (index 0 = none); the first problem of a row is kept."""

    def __init__(self, n: int) -> None:
        self.index = np.zeros(n, dtype=np.int32)
        self.messages = [""]

    def mark(self, bad: NDArray[np.bool_], message: str) -> None:
        fresh = bad & (self.index == 0)
        if fresh.any():
            self.messages.append(message)
            self.index[fresh] = len(self.messages) - 1

    def merge(self, index: NDArray[np.int32], messages: list[str]) -> None:
        offset = len(self.messages) - 1
        self.messages.extend(messages[1:])
        fresh = (index > 0) & (self.index == 0)
        self.index[fresh] = index[fresh] + offset


def _flag(table: pa.Table, name: str, errors: _Errors) -> NDArray[np.int64]:
    values, bad = flag_column(table, name)
    errors.mark(bad, f"{name}: 应为 0 或 1 / must be 0 or 1")
    return values


def reprice(
    table: pa.Table,
    overlays: dict[str, RegionPolicy] | None = None,
    progress: Progress | None = None,
    *,
    threads: int | None = None,
) -> BatchResult:
    """Settle every row of a claims table; returns the input columns plus the result columns.

    ``threads`` (default: the cores this process may use) encode the code columns in parallel;
    a Dask worker passes 1. The amounts do not depend on it.
    """
    step = progress or (lambda _stage, _n: None)
    workers = threads or available_cores()
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise InvalidInput.of(
            missing[0], f"缺少必需列：{', '.join(missing)}", f"missing required columns: {', '.join(missing)}"
        )
    n = table.num_rows
    errors = _Errors(n)
    cols = _amounts(table, errors)
    cols["cvlserv_flag"] = _flag(table, "cvlserv_flag", errors)
    cols["acct_used_flag"] = _flag(table, "acct_used_flag", errors)
    days, bad_days = day_column(table, "setl_time")
    errors.mark(bad_days, "setl_time: 结算日期无效 / invalid settlement date")
    person = "psn_no" in table.column_names
    if person:
        errors.mark(missing_person(table.column("psn_no")), "psn_no: 人员编号缺失 / missing person number")
    step("读取与校验", n)

    keys = ("insuplc_admdvs", *DIMENSIONS)
    with ThreadPoolExecutor(max_workers=workers) as pool:  # Arrow encodes without the GIL
        encoded = dict(zip(keys, pool.map(lambda name: dictionary_column(table, name), keys), strict=True))
    table = _replace(table, encoded)  # written back as dictionaries: no second hashing in the writer
    region, dims = codes_of(encoded["insuplc_admdvs"]), {d: codes_of(encoded[d]) for d in DIMENSIONS}
    policy_region = region  # the person-year stays the insured region's; the policy may be delegated
    if "mdtrtarea_admvs" in table.column_names:
        area = codes_of(dictionary_column(table, "mdtrtarea_admvs"))
        policy_region = delegated_regions(region, dims, area, days)
    slots = policy_slots(policy_region, dims, days, overlays)
    errors.merge(slots.error[slots.slot], slots.messages)
    step("政策取值", n)

    ok = errors.index == 0
    if not ok.all():  # rows with errors settle as zeros, so they cannot disturb anyone's annual totals
        for name in cols:
            cols[name] = np.where(ok, cols[name], 0)
        slots = slots.with_zero_slot(~ok)
    rounds = (
        person_year_rounds(table.column("psn_no"), region[0], dims["insutype"][0], days) if person else None
    )
    claims = Claims(cols, slots.slot, slots.columns)
    out = settle_in_order(claims, rounds, KERNEL_RESULTS)
    step("结算", n)
    pooled_ratio = slots.columns["pooled_ratio"][slots.slot]
    return BatchResult(_result_table(table, out, pooled_ratio, dims["insutype"], errors), n, int((~ok).sum()))


def _replace(table: pa.Table, columns: dict[str, pa.ChunkedArray]) -> pa.Table:
    for name, column in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, column)
    return table


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _amounts(table: pa.Table, errors: _Errors) -> dict[str, NDArray[np.int64]]:
    cols: dict[str, NDArray[np.int64]] = {}
    medfee, bad = fen_column(table, "medfee_sumamt")
    errors.mark(
        bad,
        "medfee_sumamt: 金额缺失、为负、过大或格式错误 / missing, negative, too large or malformed amount",
    )
    for name in SPLIT_FIELDS:
        cols[name], bad = fen_column(table, name)
        errors.mark(
            bad, f"{name}: 金额缺失、为负、过大或格式错误 / missing, negative, too large or malformed amount"
        )
    errors.mark(
        medfee != sum(cols[k] for k in SPLIT_FIELDS),
        "medfee_sumamt: 医疗费总额 ≠ 四项拆分金额之和 / split amounts do not add up",
    )
    for column, name in OPTIONAL_AMOUNTS.items():
        if column in table.column_names:
            cols[name], bad = fen_column(table, column)
            errors.mark(
                bad,
                f"{column}: 金额缺失、为负、过大或格式错误 / missing, negative, too large or malformed amount",
            )
        else:
            cols[name] = np.zeros(table.num_rows, dtype=np.int64)
    return cols


def _result_table(
    table: pa.Table,
    out: dict[str, NDArray[np.int64]],
    pooled_ratio: NDArray[np.int64],
    insutype: tuple[NDArray[np.int32], list[str]],
    errors: _Errors,
) -> pa.Table:
    idx, values = insutype
    resident = np.array([v == "390" for v in values], dtype=bool)[idx]
    major = out["hifob_pay"]
    amounts = dict(out)
    zeros = np.zeros(len(idx), dtype=np.int64)
    amounts.update(hifes_pay=zeros, maf_pay=zeros, oth_pay=zeros, hosp_part_amt=zeros)
    amounts["hifmi_pay"] = np.where(resident, major, 0)
    amounts["hifob_pay"] = np.where(resident, 0, major)
    result = table
    for name in RESULT_FIELDS:
        result = result.append_column(f"out_{name}", fen_array(amounts[name]))
    result = result.append_column("out_pool_prop_selfpay", ratio_array(pooled_ratio))
    # Error messages stay dictionary-encoded: millions of rows share a handful of messages.
    indices = pa.array(errors.index - 1, mask=errors.index == 0)
    error = pa.DictionaryArray.from_arrays(indices, pa.array(errors.messages[1:], type=pa.string()))
    return result.append_column("error", error)
