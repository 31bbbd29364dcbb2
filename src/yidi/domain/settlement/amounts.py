"""The settlement's amounts by name, in one place (the national interface's setlinfo fields).

Every amount is integer fen inside yidi. These tuples are the one list of names the interface,
storage and the wire format share: the stored settlement's columns (``SETTLEMENT_AMOUNTS``), the
year-to-date accumulators the kernel reads and each settlement adds to (``YTD_AMOUNTS``), the
four-way split of the fee lines (``SPLIT``) and every field the national interface defines as
数值型 (``NUMERIC_FIELDS``: amounts 16,2, ``cnt`` 16,4, ``pric`` 16,6 and the 5,4 ratios), which
go on the wire as JSON numbers.
"""

from __future__ import annotations

# 全自费, 超限价自费, 先行自付, 符合政策范围 — the split of the fee lines (A-SET-14)
SPLIT = ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")

# year-to-date accumulators (本年累计): deductible paid and each capped fund's use
YTD_AMOUNTS = ("act_pay_dedc", "hifp_pay", "hifob_pay", "cvlserv_pay")
# the kernel's year-to-date input columns ← the output each adds to (batch, desk, annual rounds)
YTD_INPUTS = {f"ytd_{name}": name for name in YTD_AMOUNTS}
# the deductible already paid in a referral chain (seed 001 四.3): a year-to-date input, no accumulator
CHAIN_DEDUCTIBLE = "dedc_paid_in_chain"

# the funds of setlinfo / setldetail, in setlinfo order (fund_pay_sumamt is their sum)
FUND_AMOUNTS = ("hifp_pay", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay")
# what the kernel computes past the split (the batch's result columns, setlinfo's amounts)
RESULT_AMOUNTS = (
    "act_pay_dedc", *FUND_AMOUNTS, "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "balc", "hosp_part_amt",
)  # fmt: skip
# the kernel's own output columns (hifob_pay is split into hifob/hifmi by scheme afterwards)
KERNEL_AMOUNTS = (
    "act_pay_dedc", "hifp_pay", "cvlserv_pay", "hifob_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay",
    "psn_cash_pay", "balc",
)  # fmt: skip

# the amounts a stored settlement keeps (hospital_settlements), in setlinfo order
SETTLEMENT_AMOUNTS = (
    "medfee_sumamt", *SPLIT, "act_pay_dedc", "hifp_pay", "cvlserv_pay", "hifob_pay", "hifmi_pay",
    "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay",
)  # fmt: skip

# setlinfo amounts the kernel does not produce (always 0 in yidi) and the account balance after
OTHER_SETLINFO_AMOUNTS = ("balc", "hifes_pay", "maf_pay", "oth_pay", "hosp_part_amt", "hifdm_pay", "acct_mulaid_pay")

# every amount of a setlinfo (what a stored answer is read back by)
SETLINFO_AMOUNTS = ("medfee_sumamt", *SPLIT, *RESULT_AMOUNTS)

# 数值型 fields of the national interface's outputs: JSON numbers on the wire
NUMERIC_FIELDS = frozenset({
    *SETTLEMENT_AMOUNTS, *OTHER_SETLINFO_AMOUNTS,
    "crt_payb_lmt_amt", "fund_payamt",  # setldetail
    "det_item_fee_sumamt", "pric_uplmt_amt", "overlmt_amt", "cnt", "pric", "selfpay_prop",  # 2301 result
    "pool_prop_selfpay", "cash_payamt", "psn_pay", "med_sumfee", "fund_appy_sum",  # 5203, 3202, 3203
})  # fmt: skip
