"""Batch re-pricing (批量结算/基金测算): a table of claims → the same one-bill amounts per row.

One row per claim: the desk request's fields flattened (split amounts, ``ytd_*`` for the year-to-date
inputs) plus ``psn_no``. Policy resolution and the kernel are the desk's own code, vectorised.
Rows that cannot be settled keep their place and carry an ``error`` message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from yidi.adapters.claims_table import code_column, day_column, fen_column
from yidi.domain.arrow_money import fen_array, ratio_array
from yidi.domain.errors import InvalidInput
from yidi.domain.settlement.kernel import KernelOutput
from yidi.domain.settlement.parameters import DIMENSIONS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.domain.settlement.request import SPLIT_FIELDS
from yidi.policy.vector import resolve_columns
from yidi.service_layer.annual import settle_in_order

REQUIRED = ("insuplc_admdvs", *DIMENSIONS, "setl_time", "medfee_sumamt", *SPLIT_FIELDS)
OPTIONAL_AMOUNTS = {
    "acct_balc": "acct_balc",
    "ytd_hifp_pay": "ytd_hifp_pay",
    "ytd_hifob_pay": "ytd_hifob_pay",
    "ytd_cvlserv_pay": "ytd_cvlserv_pay",
    "ytd_dedc_paid_in_chain": "dedc_paid_in_chain",
    "ytd_act_pay_dedc": "ytd_act_pay_dedc",
}
RESULT_FIELDS = (
    "act_pay_dedc", "hifp_pay", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay",
    "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "balc", "hosp_part_amt",
)  # fmt: skip
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
    idx, values = code_column(table, name, default="0")
    bad_values = [i for i, v in enumerate(values) if v not in ("0", "1")]
    errors.mark(np.isin(idx, bad_values), f"{name}: 应为 0 或 1 / must be 0 or 1")
    return np.array([v == "1" for v in values], dtype=np.int64)[idx]


def reprice(
    table: pa.Table, overlays: dict[str, RegionPolicy] | None = None, progress: Progress | None = None
) -> BatchResult:
    """Settle every row of a claims table; returns the input columns plus the result columns."""
    step = progress or (lambda _stage, _n: None)
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise InvalidInput.of(
            missing[0], f"缺少必需列：{', '.join(missing)}", f"missing required columns: {', '.join(missing)}"
        )
    n = table.num_rows
    errors = _Errors(n)
    cols: dict[str, NDArray[np.int64]] = {}
    medfee, bad = fen_column(table, "medfee_sumamt")
    errors.mark(bad, "medfee_sumamt: 金额缺失、为负或格式错误 / missing, negative or malformed amount")
    for name in SPLIT_FIELDS:
        cols[name], bad = fen_column(table, name)
        errors.mark(bad, f"{name}: 金额缺失、为负或格式错误 / missing, negative or malformed amount")
    errors.mark(
        medfee != sum(cols[k] for k in SPLIT_FIELDS),
        "medfee_sumamt: 医疗费总额 ≠ 四项拆分金额之和 / split amounts do not add up",
    )
    for column, name in OPTIONAL_AMOUNTS.items():
        if column in table.column_names:
            cols[name], bad = fen_column(table, column)
            errors.mark(bad, f"{column}: 金额缺失、为负或格式错误 / missing, negative or malformed amount")
        else:
            cols[name] = np.zeros(n, dtype=np.int64)
    cols["cvlserv_flag"] = _flag(table, "cvlserv_flag", errors)
    cols["acct_used_flag"] = _flag(table, "acct_used_flag", errors)
    days, bad_days = day_column(table, "setl_time")
    errors.mark(bad_days, "setl_time: 结算日期无效 / invalid settlement date")
    step("读取与校验", n)

    dims = {d: code_column(table, d) for d in DIMENSIONS}
    policy_cols, err_idx, err_msgs = resolve_columns(
        code_column(table, "insuplc_admdvs"), dims, days, overlays
    )
    errors.merge(err_idx, err_msgs)
    cols.update(policy_cols)
    step("政策取值", n)

    ok = errors.index == 0
    if not ok.all():  # rows with errors settle as zeros, so they cannot disturb anyone's annual totals
        for name in cols:
            cols[name] = np.where(ok, cols[name], 0)
    group = _person_year(table, days)
    out = settle_in_order(cols, group, days)
    step("结算", n)
    return BatchResult(_result_table(table, out, cols, dims["insutype"], errors), n, int((~ok).sum()))


def _person_year(table: pa.Table, days: NDArray[np.int64]) -> NDArray[np.int64] | None:
    if "psn_no" not in table.column_names:
        return None
    person, _ = code_column(table, "psn_no", values=False)
    year = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    return person.astype(np.int64) * 1024 + (year - year.min(initial=0))


def _result_table(
    table: pa.Table,
    out: KernelOutput,
    cols: dict[str, NDArray[np.int64]],
    insutype: tuple[NDArray[np.int32], list[str]],
    errors: _Errors,
) -> pa.Table:
    idx, values = insutype
    resident = np.array([v == "390" for v in values], dtype=bool)[idx]
    major = out.hifob_pay
    amounts = {name: getattr(out, name) for name in RESULT_FIELDS if hasattr(out, name)}
    zeros = np.zeros(len(idx), dtype=np.int64)
    amounts.update(hifes_pay=zeros, maf_pay=zeros, oth_pay=zeros, hosp_part_amt=zeros)
    amounts["hifmi_pay"] = np.where(resident, major, 0)
    amounts["hifob_pay"] = np.where(resident, 0, major)
    result = table
    for name in RESULT_FIELDS:
        result = result.append_column(f"out_{name}", fen_array(amounts[name]))
    result = result.append_column("out_pool_prop_selfpay", ratio_array(cols["pooled_ratio"]))
    # Error messages stay dictionary-encoded: millions of rows share a handful of messages.
    indices = pa.array(errors.index - 1, mask=errors.index == 0)
    error = pa.DictionaryArray.from_arrays(indices, pa.array(errors.messages[1:], type=pa.string()))
    return result.append_column("error", error)
