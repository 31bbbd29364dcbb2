"""How clearing data is shown to callers (CLI JSON, REST, pages): plain dicts with the national
field names and amounts as two-decimal yuan strings, the same everywhere.

The statement and line keys of ``yidi clearing run`` / ``show`` are fixed by the issue (scope 6)
and kept exactly; ``statement_detail`` adds what staff need beside them (status, deadlines, the
cleared, disputed and returned amounts).
"""

from __future__ import annotations

from typing import Any

from yidi.domain.clearing.lifecycle import CLR_STAS, STATUS_ZH, deadlines
from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters
from yidi.domain.clearing.statement import Line, Statement
from yidi.domain.money import fmt_fen

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # as the national interface writes setl_time


def statement_json(s: Statement) -> dict[str, Any]:
    """The statement as ``yidi clearing run`` prints it (keys fixed by the issue)."""
    return {
        "insuplc_admdvs": s.insuplc_admdvs,
        "mdtrtarea_admvs": s.mdtrtarea_admvs,
        "psntime": s.psntime,
        "medfee_sumamt": fmt_fen(s.medfee_sumamt),
        "fund_pay_sumamt": fmt_fen(s.fund_pay_sumamt),
        "acct_pay": fmt_fen(s.acct_pay),
        "cash_payamt": fmt_fen(s.cash_payamt),
        "funds": {code: fmt_fen(amount) for code, amount in s.funds.items()},
        "clr_stas": CLR_STAS[s.status],
    }


def statement_detail(s: Statement, params: ClearingParameters = DEFAULTS) -> dict[str, Any]:
    """The statement for staff (REST, pages): the fixed keys plus id, status and money owed."""
    d = deadlines(s.built_on, s.confirmed_on, s.paid_on, params)
    return {
        "id": s.id,
        "month": str(s.month),
        **statement_json(s),
        "status": str(s.status),
        "status_zh": STATUS_ZH[s.status],
        "cleared_amount": fmt_fen(s.cleared_amount),
        "disputed_amount": fmt_fen(s.disputed_amount),
        "returns_amount": fmt_fen(s.returns_amount),
        "accepted_amount": fmt_fen(s.accepted_amount),
        "payable": fmt_fen(s.payable),
        "built_on": s.built_on.isoformat(),
        "confirm_by": d.confirm_by.isoformat(),
        "confirmed_on": None if s.confirmed_on is None else s.confirmed_on.isoformat(),
        "pay_by": None if d.pay_by is None else d.pay_by.isoformat(),
        "paid_on": None if s.paid_on is None else s.paid_on.isoformat(),
        "hospitals_by": None if d.hospitals_by is None else d.hospitals_by.isoformat(),
        "hospitals_paid_on": None if s.hospitals_paid_on is None else s.hospitals_paid_on.isoformat(),
    }


def line_json(line: Line) -> dict[str, Any]:
    """A statement line as ``yidi clearing show`` prints it (keys fixed by the issue)."""
    return {
        "setl_id": line.setl_id,
        "mdtrt_id": line.mdtrt_id,
        "psn_no": line.psn_no,
        "setl_time": line.setl_time.strftime(TIME_FORMAT),
        "medfee_sumamt": fmt_fen(line.medfee_sumamt),
        "fund_pay_sumamt": fmt_fen(line.fund_pay_sumamt),
        "refd_setl_flag": line.refd_setl_flag,
    }


def line_detail(line: Line) -> dict[str, Any]:
    """A line for staff: the fixed keys plus the hospital, the other amounts and its status."""
    return {
        **line_json(line),
        "statement_id": line.statement_id,
        "hospital_code": line.hospital_code,
        "acct_pay": fmt_fen(line.acct_pay),
        "cash_payamt": fmt_fen(line.cash_payamt),
        "status": str(line.status),
    }
