"""Returns to the insured region (返还参保地): deductions decided in supervision (seed 004 三(一)
违规费用扣除并通过异地就医结算平台返还参保地) and claw-backs (三(二) 异地就医追回资金退回) enter
the next month built as returns of the pair's statement, each with its reference; when the
statement is confirmed each return is journaled back along the route (hospital → 就医地 [→
platform] → 参保地) and the payment is made net of it.

``record_return`` is what supervision calls inside its own unit of work (the decision and the
return commit together); ``book_return`` is the same in a transaction of its own (CLI, REST).
The return is idempotent by its id: the same id with the same content changes nothing, with other
content it is refused (``IDEMPOTENCY_CONFLICT``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from yidi.domain.clearing.errors import AmountsDoNotReconcile, NotInStatement
from yidi.domain.clearing.flows import Return
from yidi.domain.clearing.journal import RefKind
from yidi.domain.errors import InvalidInput
from yidi.domain.money import fmt_fen
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

KINDS = {"deduction": RefKind.DEDUCTION, "clawback": RefKind.CLAWBACK}
CHINA = timezone(timedelta(hours=8))  # settlement times are naive Beijing times


def _local(at: datetime) -> datetime:
    return at if at.tzinfo is None else at.astimezone(CHINA).replace(tzinfo=None)


def record_return(
    uow: SqlAlchemyUnitOfWork,
    *,
    return_id: str,
    kind: str,
    setl_id: str,
    amount_fen: int,
    reason: str,
    decided_at: datetime,
) -> dict[str, Any]:
    """Stage a return inside the caller's open unit of work (the caller commits).

    ``kind`` is ``deduction`` (supervision decision, 协查 or inspection) or ``clawback``;
    ``return_id`` the caller's reference (decision id, case id) — it becomes the journal's
    business reference. The pair and hospital come from the settlement; the amount must be > 0
    and at most what the settlement cleared (fund + account part)."""
    if kind not in KINDS:
        raise InvalidInput.of(
            "kind", "返还类型应为 deduction 或 clawback", "kind must be deduction or clawback"
        )
    if not return_id or len(return_id) > 40:
        raise InvalidInput.of("return_id", "返还编号应为 1–40 个字符", "return_id must be 1-40 characters")
    if not reason.strip():
        raise InvalidInput.of("reason", "须说明返还原因", "a reason is required")
    if amount_fen <= 0:
        raise InvalidInput.of("amount", "返还金额应大于 0", "the amount must be positive")
    row = uow.hospital.settlement(setl_id)
    visit = None if row is None else uow.hospital.visit(str(row["mdtrt_id"]))
    if row is None or visit is None or visit.insured_region == visit.treatment_region:
        raise NotInStatement(
            f"没有异地就医结算 {setl_id}", f"no cross-region settlement {setl_id}", setl_id=setl_id
        )
    cleared = int(row["fund_pay_sumamt"]) + (
        int(row["acct_pay"]) if uow.clearing.params.clear_account_part else 0
    )
    if amount_fen > cleared:
        raise AmountsDoNotReconcile(
            f"返还金额 {fmt_fen(amount_fen)} 元超过结算 {setl_id} 的医保支付 {fmt_fen(cleared)} 元，"
            f"相差 {fmt_fen(amount_fen - cleared)} 元",
            f"return {amount_fen} fen exceeds what settlement {setl_id} cleared ({cleared} fen)",
            difference=amount_fen - cleared,
        )
    ret = Return(return_id, KINDS[kind], setl_id, str(visit.insured_region), str(visit.treatment_region),
                 str(row["hospital_code"]), amount_fen, reason.strip())  # fmt: skip
    uow.clearing.add_return(ret, _local(decided_at))
    return {"id": return_id, "kind": kind, "setl_id": setl_id, "insuplc_admdvs": ret.insured_region,
            "mdtrtarea_admvs": ret.treatment_region, "hospital_code": ret.hospital_code,
            "amount": fmt_fen(amount_fen), "reason": ret.reason}  # fmt: skip


def book_return(uow: SqlAlchemyUnitOfWork, decided_at: datetime | None = None, **kw: Any) -> dict[str, Any]:
    """``record_return`` in a transaction of its own, decided on the business day by default."""
    with uow:
        at = decided_at or datetime.combine(uow.clock(), datetime.now().time())
        out = record_return(uow, decided_at=at, **kw)
        uow.commit()
    return out
