"""Print views (打印): the filing record in the layout of 附表2
《辽宁省省直机关事业单位基本医疗保险跨省异地就医登记备案表》 (seed 002), one page, with the
browser's print dialog. The title says 省内 instead of 跨省 for care inside Liaoning, as the
form's own note prescribes; which it is comes from ``domain.regions.is_cross_province``.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.identifiers import parse_id_number
from yidi.domain.regions import is_cross_province
from yidi.entrypoints.web.common import REFUSALS, AnyUser, render, uow
from yidi.service_layer import queries
from yidi.service_layer.web_users import WebRole

router = APIRouter(prefix="/ui/print", include_in_schema=False)

# 附表2 人员类别 options, numbered as printed on the form
FORM_CATEGORIES = (
    ("long_term_retiree", "异地安置退休人员"),
    ("long_term_resident", "异地长期居住人员"),
    ("posted_worker", "常驻异地工作人员"),
    ("referral", "异地转诊人员"),
)


@router.get("/filing/{filing_id}", response_class=HTMLResponse)
def filing_record(request: Request, user: AnyUser, filing_id: str) -> Response:
    """The 登记备案表 of one filing (staff: any; insured person: own only)."""
    if user.role is WebRole.HOSPITAL:
        raise HTTPException(403, "医疗机构不能打印备案表")
    try:
        filing = queries.get_filing(uow(request), filing_id)
    except REFUSALS:
        raise HTTPException(404, "未找到该备案") from None
    if user.role is WebRole.INSURED and filing["person_id_number"] != user.id_number:
        raise HTTPException(403, "只能打印本人的备案")
    person = queries.get_person(uow(request), str(filing["person_id_number"]))
    idn = parse_id_number(person["id_number"])
    scope = (
        "跨省"
        if is_cross_province(str(person["insured_region"]), str(filing["treatment_region"]))
        else "省内"
    )
    history = queries.filing_history(uow(request), filing_id)
    created = next((h for h in history if h["action"] == "create"), None)
    return render(
        request, "print/filing.html", filing=filing, person=person, scope=scope,
        gender="男" if idn.gender == "1" else "女", categories=FORM_CATEGORIES, created=created,
    )  # fmt: skip
