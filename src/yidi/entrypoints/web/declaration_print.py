"""Print view of 附表1 (seed 002, 辽社险办〔2017〕29号 第九条(一) and 附表1):
《辽宁省省直机关事业单位基本医疗保险异地就医住院医疗费直接结算申报表》, the form the employer hands
in for a retiree settled away (异地安置), a posted worker (在职驻外) or a long-term resident
(异地长期居住) — the three categories its note names.

* ``/ui/print/declaration/{id}`` — filled from the filing and the person: name, sex, age on the
  filing day, 险种 职工, ID number, 在职/退休 (psn_type 11/12), the 申请类别 box of the category, the
  applicant's phone and family contact from the counter form, and the province and city of the
  residence away (the filed place). What yidi does not keep (the employer's clerk and address,
  postcodes, the contact's relation and workplace, the social-security card number) stays blank to
  be written in, like the two opinion blocks the employer and the agency sign.
* ``/ui/print/declaration/blank`` — the empty form.

``?format=pdf`` gives the PDF (``pdf.print_view``); who may print what is ``print_pages``'s rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.errors import NotFound
from yidi.domain.filing.categories import Category
from yidi.domain.identifiers import parse_id_number
from yidi.entrypoints.web.common import AnyUser, templates
from yidi.entrypoints.web.pdf import print_view
from yidi.entrypoints.web.print_pages import _gender, _own_filing, _place

router = APIRouter(prefix="/ui/print", include_in_schema=False)

# 申请类别 boxes as printed on 附表1, and the categories they stand for
APPLICATION_KINDS = (
    (Category.POSTED_WORKER, "在职驻外"),
    (Category.LONG_TERM_RETIREE, "异地安置"),
    (Category.LONG_TERM_RESIDENT, "异地长期居住"),
)
DECLARED = tuple(str(c) for c, _ in APPLICATION_KINDS)
templates.env.globals["DECLARATION_CATEGORIES"] = DECLARED  # the links beside 附表2
PERSON_KINDS = (("11", "在职"), ("12", "退休"))


def declaration(filing: dict[str, Any] | None, person: dict[str, Any] | None) -> dict[str, Any]:
    """The 附表1 fields of a filing (``form`` None for the blank form)."""
    ctx: dict[str, Any] = {"kinds": [label for _, label in APPLICATION_KINDS],
                           "person_kinds": [label for _, label in PERSON_KINDS], "form": None}  # fmt: skip
    if filing is None or person is None:
        return ctx
    idn = str(person["id_number"])
    born = parse_id_number(idn).birth_date
    on = date.fromisoformat(str(filing["filed_on"]))
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    form = dict(filing["form"])
    place = _place(str(filing["treatment_region"]))
    ctx["form"] = {
        "filing_id": filing["id"],
        "ref_no": filing.get("ref_no"),  # the number people quote (BA…)
        "name": person["name"],
        "gender": _gender(idn),
        "age": age,
        "id_number": idn,
        "insurance": "职工" if str(person["insutype"]) == "310" else "居民",
        "person_kind": dict(PERSON_KINDS).get(str(person["psn_type"]), ""),
        "kind": dict((str(c), label) for c, label in APPLICATION_KINDS)[str(filing["category"])],
        "province": place["province"],
        "city": place["prefecture"] or place["province"],
        "phone": form.get("phone", ""),
        "contact": form.get("contact", ""),
        "date": on,
    }
    return ctx


@router.get("/declaration/blank", response_class=HTMLResponse)
def blank_declaration(request: Request, user: AnyUser) -> Response:
    """The empty 附表1, to fill in by hand."""
    return print_view(
        request, "print/declaration.html", "异地就医直接结算申报表-空白.pdf", **declaration(None, None)
    )


@router.get("/declaration/{filing_id}", response_class=HTMLResponse)
def filing_declaration(request: Request, user: AnyUser, filing_id: str) -> Response:
    """附表1 filled from one long-term filing (安置、驻外、长期居住)."""
    filing, person = _own_filing(request, user, filing_id)
    if str(filing["category"]) not in DECLARED:
        raise NotFound(
            "declaration", filing_id,
            "《异地就医住院医疗费直接结算申报表》只适用于异地安置退休人员、常驻异地工作人员和异地长期居住人员，"
            "该备案请打印登记备案表",
        )  # fmt: skip
    ctx = declaration(filing, person)
    return print_view(
        request, "print/declaration.html", f"异地就医直接结算申报表-{person['name']}-{filing.get('ref_no') or filing_id}.pdf", **ctx
    )
