"""Print views (打印) and their PDFs, A4, one template each (convention: see ``pdf``):

* ``/ui/print/application/{id}`` — 附件1 《辽宁省省直基本医疗保险异地就医申请（取消）表》 (seed 000,
  辽医保中心发〔2021〕45号 二(二)) filled from the filing, the person and the counter form fields
  stored with it; a cancelled filing prints the same form with 取消 ticked.
  ``/ui/print/application/blank`` is the empty form to fill by hand.
* ``/ui/print/filing/{id}`` — 附表2 《辽宁省省直机关事业单位基本医疗保险跨省异地就医登记备案表》
  (seed 002, 辽社险办〔2017〕29号 第十一条). The title says 省内 instead of 跨省 for care inside
  Liaoning, as the form's own note prescribes (``domain.regions.is_cross_province``).

Each with ``?format=pdf`` for the download. Staff may print any filing, an insured person only
their own, a hospital none (these are the agency's and the person's papers).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import NotFound
from yidi.domain.filing.categories import Category, TemporaryReason, is_long_term
from yidi.domain.identifiers import parse_id_number
from yidi.domain.regions import division_name, is_cross_province, province_of
from yidi.entrypoints.web.common import AnyUser, actor, templates, uow
from yidi.entrypoints.web.labels import category_zh, region_zh
from yidi.entrypoints.web.pdf import print_view
from yidi.service_layer import accounts, queries

router = APIRouter(prefix="/ui/print", include_in_schema=False)

# 附表2 人员类别 options, numbered as printed on the form
FORM_CATEGORIES = (
    ("long_term_retiree", "异地安置退休人员"),
    ("long_term_resident", "异地长期居住人员"),
    ("posted_worker", "常驻异地工作人员"),
    ("referral", "异地转诊人员"),
)
INSURANCE_ZH = {"310": "职工医保", "390": "城乡居民医保"}

# Filings made with an application (附件1): at the counter, online (the same facts, self-entered) or
# by the agency for a referral. Hospital, emergency-flag and system filings have no application.
APPLICATION_CHANNELS = ("counter", "self_service", "referral_agency")
templates.env.globals["APPLICATION_CHANNELS"] = APPLICATION_CHANNELS  # the links on 我的备案 / 人员查询

# 附件1: 人员类别 and 异地就医备案原因 boxes as printed on the form (seed 000 附件1); 取消 follows them
PERSON_CLASSES = ("异地长期居住", "临时外出就医")
REASONS = (
    "异地安置退休人员",
    "常驻异地工作人员",
    "异地转诊就医人员",
    "因公出差",
    "学习",
    "探亲",
    "旅游",
    "其他",
)
REASON_OF_CATEGORY = {
    Category.LONG_TERM_RETIREE: "异地安置退休人员",
    Category.POSTED_WORKER: "常驻异地工作人员",
    Category.REFERRAL: "异地转诊就医人员",
}
REASON_OF_TEMPORARY = {
    TemporaryReason.BUSINESS_TRIP: "因公出差",
    TemporaryReason.STUDY: "学习",
    TemporaryReason.FAMILY_VISIT: "探亲",
    TemporaryReason.TRAVEL: "旅游",
    TemporaryReason.OTHER: "其他",
}


def application_form(
    filing: dict[str, Any] | None, person: dict[str, Any] | None = None, gender: str = ""
) -> dict[str, Any]:
    """The 附件1 boxes and fields of a filing (``form`` is None for the blank form).

    The form has boxes only for some categories: the others (长期居住的其他人员, 大学生, 急诊, 生育)
    tick 其他 and name the category beside it, as a clerk would write it in.
    """
    ctx: dict[str, Any] = {"person_classes": PERSON_CLASSES, "reasons": REASONS, "form": None}
    if filing is None or person is None:
        return ctx
    category = Category(str(filing["category"]))
    reason = REASON_OF_CATEGORY.get(category)
    if reason is None and category is Category.TEMPORARY and filing["temporary_reason"]:
        reason = REASON_OF_TEMPORARY[TemporaryReason(str(filing["temporary_reason"]))]
    cancelled = filing["status"] == "cancelled"
    on = filing["ended_on"] if cancelled and filing["ended_on"] else filing["filed_on"]
    form = dict(filing["form"])
    ctx["form"] = {
        "filing_id": filing["id"],
        "ref_no": filing.get("ref_no") or filing["id"],  # the number people quote (BA…)
        "name": person["name"],
        "gender": gender,
        "id_number": person["id_number"],
        "employer": form.get("employer", ""),
        "contact": form.get("contact", ""),
        "phone": form.get("phone", ""),
        "treatment_place": region_zh(filing["treatment_region"]),
        "person_class": PERSON_CLASSES[0] if is_long_term(category) else PERSON_CLASSES[1],
        "reason": reason or "其他",
        "reason_note": "" if reason else category_zh(category),
        "cancelled": cancelled,
        "outpatient_hospital": filing["outpatient_hospital"] or "",
        "chronic_hospital": filing["chronic_hospital"] or "",
        # the box is signed by hand on paper: a typed name there is no signature (issue 19 scope 8)
        "signed_by": "网上自助开通，本人已确认承诺" if filing["channel"] == "self_service" else "",
        "date": date.fromisoformat(str(on)),
    }
    return ctx


def _own_filing(request: Request, user: WebUser, filing_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filing and its person, after the access rule (staff: any; insured: own; hospital: none)."""
    if user.role is WebRole.HOSPITAL:  # a page rule: the forms are the agency's and the person's papers
        raise AccessDenied(
            "医疗机构不能打印备案表和申请表", "hospitals do not print filing forms", rule="web.print"
        )
    reader = actor(user)
    try:  # whose filing the account reaches is domain.access's rule (an insured person: their own)
        filing = queries.get_filing(uow(request), filing_id, actor=reader)
    except AccessDenied as exc:
        raise AccessDenied("只能打印本人的备案", "only one's own filings", rule=exc.rule) from None
    except NotFound:
        raise NotFound("filing", filing_id, "未找到该备案") from None
    return filing, queries.get_person(uow(request), str(filing["person_id_number"]), actor=reader)


def _gender(id_number: str) -> str:
    return "男" if parse_id_number(id_number).gender == "1" else "女"


def _place(code: str) -> dict[str, str]:
    """转往省 / 地区 / 县 of a treatment region code, by the division code's levels (GB/T 2260)."""
    prefecture = code[:4] + "00"
    return {
        "province": division_name(province_of(code)) or province_of(code),
        "prefecture": (division_name(prefecture) or prefecture) if code[2:4] != "00" else "",
        "county": (division_name(code) or code) if code[4:] != "00" else "",
    }


def _operator(request: Request, created: dict[str, Any] | None) -> str:
    """经办人 by name (the history keeps ``role:username``); a citizen's own filing has none."""
    if created is None or not str(created["actor"]).startswith(("staff:", "admin:")):
        return ""
    username = str(created["actor"]).split(":", 1)[-1]
    return accounts.display_names(uow(request), [username]).get(username, username)


@router.get("/application/blank", response_class=HTMLResponse)
def blank_application(request: Request, user: AnyUser) -> Response:
    """The empty 附件1 form, to fill in by hand at the counter."""
    return print_view(
        request, "print/application.html", "异地就医申请（取消）表-空白.pdf", **application_form(None)
    )


@router.get("/application/{filing_id}", response_class=HTMLResponse)
def filing_application(request: Request, user: AnyUser, filing_id: str) -> Response:
    """附件1 as recorded for one filing (申请, or 取消 when the filing was cancelled)."""
    filing, person = _own_filing(request, user, filing_id)
    if filing["channel"] not in APPLICATION_CHANNELS:
        raise NotFound(
            "application",
            filing_id,
            "该备案由医疗机构或系统办理，没有《异地就医申请（取消）表》，请打印登记备案表",
        )
    ctx = application_form(filing, person, _gender(str(person["id_number"])))
    kind = "取消" if ctx["form"]["cancelled"] else "申请"
    return print_view(
        request,
        "print/application.html",
        f"异地就医{kind}表-{person['name']}-{filing.get('ref_no') or filing_id}.pdf",
        **ctx,
    )


@router.get("/filing/{filing_id}", response_class=HTMLResponse)
def filing_record(request: Request, user: AnyUser, filing_id: str) -> Response:
    """The 登记备案表 (附表2) of one filing."""
    filing, person = _own_filing(request, user, filing_id)
    scope = (
        "跨省"
        if is_cross_province(str(person["insured_region"]), str(filing["treatment_region"]))
        else "省内"
    )
    history = queries.filing_history(uow(request), filing_id)
    created = next((h for h in history if h["action"] == "create"), None)
    return print_view(
        request, "print/filing.html", f"{scope}异地就医登记备案表-{person['name']}-{filing.get('ref_no') or filing_id}.pdf",
        filing=filing, person=person, scope=scope, gender=_gender(str(person["id_number"])),
        insurance=INSURANCE_ZH.get(str(person["insutype"]), person["insutype"]),
        categories=FORM_CATEGORIES, created=created, place=_place(str(filing["treatment_region"])),
        operator=_operator(request, created),
        changed=any(h["action"] == "change" for h in history),
    )  # fmt: skip
