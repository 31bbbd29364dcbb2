"""The hospital's clearing transactions (national-interface.md §2.10; docs/clearing.md):
【3203】清算申请, 【3204】清算申请撤销, 【3205A】清算申请状态查询, 【3260】提取异地清分明细,
【3261】异地清分结果确认, 【3262】异地清分结果确认回退.

A hospital reaches only its own data: 3260 lists its own lines of the month's statements, 3261
refuses (all at once, by name) settlements that are not its open lines and amounts that differ
from ours, 3203 is recorded only when its totals equal its cross-region settlements of the month.
``optins_pay_sumamt`` (经办机构支付总额) is what the agencies clear for the line: the fund part plus
the account part (A-CLR-13).
"""

from __future__ import annotations

from typing import Any

from yidi.domain.clearing.hospital import ClrStas, LineConfirmation, application_step
from yidi.domain.clearing.lifecycle import CLR_STAS
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.statement import Line
from yidi.domain.national.errors import NationalError, invalid
from yidi.domain.national.fields import node, nodes
from yidi.domain.national.formats import fmt_amount, fmt_date, fmt_datetime, parse_amount, parse_date
from yidi.service_layer.hospital.context import Call, Outcome, new_id

CLR_TYPES = {"11": "普通门诊", "21": "住院", "41": "定点药店", "51": "门诊慢特病", "99": "其他"}
APPLICATION_FIGURES = ("psntime", "medfee_sumamt", "med_sumfee", "fund_appy_sum", "cash_payamt", "acct_pay")


def _month(call: Call, n: Any) -> Month:
    """The clearing period of 3260/3261/3262 (``trt_year`` + ``trt_month``), already built."""
    year = n.text("trt_year", "结算年度", max_len=4)
    month = n.text("trt_month", "结算月份", max_len=2)
    m = Month.parse(f"{year}-{month.zfill(2)}", n.where("trt_month"))
    if not call.uow.clearing.statements(m):
        opens = m.opens_for_clearing(call.uow.clearing.params.close_after_days)
        raise NationalError(
            n.where("trt_month"), f"{m} 尚未清分（{opens.isoformat()} 起经办机构生成清分明细），请稍后再提取"
        )
    return m


def _line_row(seq: int, line: Line, region: str, call: Call, certnos: dict[str, str]) -> dict[str, Any]:
    # certno is the certificate (ID) number; the line keeps the opaque psn_no
    return {
        "seqno": seq, "mdtrtarea": region, "medins_no": call.code, "certno": certnos.get(line.psn_no, ""),
        "mdtrt_id": line.mdtrt_id, "mdtrt_setl_time": fmt_datetime(line.setl_time), "setl_sn": line.setl_id,
        "fulamt_advpay_flag": "0", "medfee_sumamt": fmt_amount(line.medfee_sumamt),
        "optins_pay_sumamt": fmt_amount(line.cleared(call.uow.clearing.params)),
        "refd_setl_flag": line.refd_setl_flag, "clr_stas": str(line.status),
    }  # fmt: skip


def clearing_details(call: Call) -> Outcome:
    """【3260】 up to 100 of the hospital's lines of the month from ``startrow`` (1-based)."""
    n = node(call.env.input, "data")
    m = _month(call, n)
    raw = n.text("startrow", "起始行数", max_len=10, required=False) or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise invalid(n.where("startrow"), "起始行数", f"应为正整数，收到 {raw!r}")
    start = int(raw)
    total, page = call.uow.clearing.hospital.lines_page(call.code, m, start)
    region = str(call.hospital["region"])
    certnos = call.uow.hospital.id_numbers_of({line.psn_no for line in page})
    rows = [_line_row(start + i, line, region, call, certnos) for i, line in enumerate(page)]
    return Outcome({"data": rows, "totalrow": total, "startrow": start})


def confirm_details(call: Call) -> Outcome:
    """【3261】 confirm (``cnfm_flag`` 1) or reject (0, with ``memo`` as the reason: the line is
    cleared next month) each listed line; the echoed amounts must equal ours."""
    n = node(call.env.input, "data")
    m = _month(call, n)
    details = nodes(call.env.input, "detail")
    totalrow = n.text("totalrow", "总行数", max_len=10, required=False)
    if totalrow and totalrow != str(len(details)):
        raise invalid(n.where("totalrow"), "总行数", f"为 {totalrow}，明细实有 {len(details)} 行")
    ours = {x.setl_id: x for x in _own_lines(call, m)}
    items, differ = [], []
    for d in details:
        setl_id = d.text("setl_sn", "结算流水号", max_len=30)
        flag = d.text("cnfm_flag", "确认标志", max_len=1)
        reason = d.text("memo", "不确认原因", max_len=500, required=False) or d.text(
            "reason", "不确认原因", max_len=500, required=False
        )
        line = ours.get(setl_id)
        if line is not None:
            for key, mine in (("medfee_sumamt", line.medfee_sumamt),
                              ("optins_pay_sumamt", line.cleared(call.uow.clearing.params))):  # fmt: skip
                if d.values.get(key) not in (None, ""):
                    theirs = parse_amount(d.values[key], d.where(key), allow_negative=True)
                    if theirs != mine:
                        differ.append(f"{setl_id} {key} 相差 {fmt_amount(theirs - mine)} 元")
        items.append(LineConfirmation(setl_id, flag, reason))
    if differ:
        raise NationalError("input.detail", "金额与清分明细不符：" + "；".join(differ))
    count = call.uow.clearing.hospital.confirm(call.code, m, call.refmsgid, items, call.now)
    rejected = sum(1 for i in items if i.cnfm_flag == "0")
    return Outcome({"result": {"totalrow": count, "cnfm_cnt": count - rejected, "reject_cnt": rejected}})


def _own_lines(call: Call, m: Month) -> list[Line]:
    total, _ = call.uow.clearing.hospital.lines_page(call.code, m, 1)
    out: list[Line] = []
    start = 1
    while start <= total:
        _, page = call.uow.clearing.hospital.lines_page(call.code, m, start)
        out += page
        start += max(len(page), 1)
    return out


def rollback_confirmation(call: Call) -> Outcome:
    """【3262】 undo the confirmations of one 3261 by its ``inf_refmsgid`` (``"0"``: the period)."""
    n = node(call.env.input, "data")
    m = _month(call, n)
    otransid = n.text("otransid", "原交易报文ID", max_len=30)
    count = call.uow.clearing.hospital.rollback(call.code, m, otransid, call.now)
    return Outcome({"result": {"otransid": otransid, "totalrow": count}})


def apply_clearing(call: Call) -> Outcome:
    """【3203】 the hospital's application for its month: refused with each difference named
    unless its figures equal its cross-region settlements of the month."""
    n = node(call.env.input, "data")
    clr_type = n.code("clr_type", "清算类别", CLR_TYPES)
    ym = n.text("setlym", "清算年月", max_len=6)
    if len(ym) != 6 or not ym.isdigit():
        raise invalid(n.where("setlym"), "清算年月", f"应为 YYYYMM，收到 {ym!r}")
    m = Month.parse(f"{ym[:4]}-{ym[4:]}", n.where("setlym"))
    begn, end = (
        parse_date(n.values.get("begndate"), n.where("begndate")),
        parse_date(n.values.get("enddate"), n.where("enddate")),
    )
    if (begn, end) != (m.first_day, m.last_day):
        raise invalid(n.where("begndate"), "开始日期", f"应为清算月份的起止日 {m.first_day} 至 {m.last_day}")
    raw_psn = n.text("psntime", "清算人次", max_len=10)
    if not raw_psn.lstrip("-").isdigit():
        raise invalid(n.where("psntime"), "清算人次", f"应为整数，收到 {raw_psn!r}")
    figures = {"psntime": int(raw_psn)}
    for key in APPLICATION_FIGURES[1:]:
        figures[key] = parse_amount(n.values.get(key), n.where(key), allow_negative=True)
    evt_id = new_id("C", str(call.hospital["region"]), call.now)
    call.uow.clearing.hospital.apply(
        evt_id, call.code, str(call.hospital["region"]), clr_type, m, figures, call.now
    )
    return Outcome({"result": {"clr_appy_evt_id": evt_id}})


def cancel_application(call: Call) -> Outcome:
    """【3204】 withdraw an application still at 10 已申请."""
    n = node(call.env.input, "data")
    evt_id = n.text("clr_appy_evt_id", "机构清算申请事件ID", max_len=30)
    app = call.uow.clearing.hospital.application(call.code, evt_id)
    month = Month.parse(f"{app['setlym'][:4]}-{app['setlym'][4:]}")
    application_step(_effective_status(call, month, ClrStas(app["clr_stas"])), "cancel")  # accepted: too late
    call.uow.clearing.hospital.step(call.code, evt_id, "cancel", call.now)
    return Outcome({"result": {"clr_appy_evt_id": evt_id}})


def application_status(call: Call) -> Outcome:
    """【3205A】 the hospital's applications of a month (optionally of one ``clr_stas``). The
    status follows the agencies' work: 20 once every statement holding the hospital's lines is
    confirmed, 50 once the hospital is paid (A-CLR-14)."""
    n = node(call.env.input, "data")
    ym = n.text("clr_ym", "清算年月", max_len=7).replace("-", "")
    m = Month.parse(f"{ym[:4]}-{ym[4:]}", n.where("clr_ym"))
    wanted = n.text("clr_stas", "清算状态", max_len=3, required=False)
    rows = []
    for app in call.uow.clearing.hospital.applications(call.code, m):
        stas = _effective_status(call, m, ClrStas(app["clr_stas"]))
        if stas is ClrStas.CANCELLED or (wanted and wanted != str(stas)):
            continue
        rows.append({
            "clr_appy_evt_id": app["clr_appy_evt_id"], "fixmedins_code": call.code,
            "fixmedins_name": call.hospital["name"], "clr_stas": str(stas), "clr_type": app["clr_type"],
            "opt_time": fmt_datetime(app["updated_at"]), "medfee_sumamt": fmt_amount(app["medfee_sumamt"]),
            "hi_agre_sumfee": fmt_amount(app["med_sumfee"]), "fund_appy_sum": fmt_amount(app["fund_appy_sum"]),
            "cash_payamt": fmt_amount(app["cash_payamt"]), "acct_pay": fmt_amount(app["acct_pay"]),
            "begndate": fmt_date(app["begndate"]), "enddate": fmt_date(app["enddate"]), "clr_ym": m.compact,
            "clr_optins": app["clr_optins"], "psntime": app["psntime"],
        })  # fmt: skip
    return Outcome({"data": rows})


def _effective_status(call: Call, m: Month, stored: ClrStas) -> ClrStas:
    if stored in (ClrStas.CANCELLED, ClrStas.CLEARED):
        return stored
    statuses = call.uow.clearing.hospital.statement_statuses(call.code, m)
    if not statuses:
        return stored
    codes = {CLR_STAS[s] for s in statuses}
    if codes == {"50"}:
        return ClrStas.CLEARED
    if "10" not in codes:
        return ClrStas.ACCEPTED
    return stored


HANDLERS = {
    "3203": apply_clearing,
    "3204": cancel_application,
    "3205A": application_status,
    "3260": clearing_details,
    "3261": confirm_details,
    "3262": rollback_confirmation,
}
