"""【5302】人员定点信息查询 (the national interface specification: filing transactions, person dictionaries
``biz_appy_type``; see docs/national-interface.md), from the filings.

* ``08`` 异地安置登记: the person's in-force 异地安置退休人员 filings (the treatment place in
  ``memo``, the chosen outpatient-pooling hospital, if any, as the designated institution);
* ``03`` 就医定点医疗机构登记: in-force filings with a chosen outpatient-pooling hospital;
* ``01`` 门诊慢特病登记: in-force filings with a chosen chronic-disease hospital.

Answers ``psnfixmedin[]{psn_no, insutype, fix_srt_no, fixmedins_code, fixmedins_name, begndate,
enddate, memo}`` plus ``trt_dcla_detl_sn`` (the filing id). Read-only.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.filing.categories import LABELS_ZH, Category
from yidi.domain.filing.filing import Filing
from yidi.domain.national.external_ids import filing_sn
from yidi.domain.national.fields import node
from yidi.domain.national.formats import fmt_date
from yidi.service_layer.hospital.context import Call, Outcome, person_aggregate_for

BIZ_APPY_TYPES = {"01": "门诊慢特病登记", "03": "就医定点医疗机构登记", "08": "异地安置登记"}


def _hospital(f: Filing, biz: str) -> str | None:
    if biz == "01":
        return f.chronic_hospital
    if biz == "03":
        return f.outpatient_hospital
    return (f.outpatient_hospital or "") if f.category is Category.LONG_TERM_RETIREE else None


def designated_info(call: Call) -> Outcome:
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    biz = n.code("biz_appy_type", "业务申请类型", BIZ_APPY_TYPES)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    rows: list[dict[str, Any]] = []
    for f in person.filings:
        code = _hospital(f, biz) if f.in_force else None
        if code is None:
            continue
        name = ""
        if code:
            row = call.uow.hospital.hospital(code)
            name = str(row["name"]) if row else ""
        rows.append({
            "psn_no": psn_no, "insutype": person.insutype, "fix_srt_no": str(len(rows) + 1), "fixmedins_code": code,
            "fixmedins_name": name, "begndate": fmt_date(f.start_date), "enddate": fmt_date(f.end_date) if f.end_date else "",
            "memo": f"{LABELS_ZH[f.category]}，就医地 {f.treatment_region}", "trt_dcla_detl_sn": filing_sn(f.id),
        })  # fmt: skip
    return Outcome({"psnfixmedin": rows}, psn_no=psn_no)


HANDLERS = {"5302": designated_info}
