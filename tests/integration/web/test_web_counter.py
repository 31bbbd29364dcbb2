"""Window filing with the 附件1 form (issue 19 scope 8): the person is looked up first and named,
the chosen category lists its own materials only, the answers are checked before filing, a
filing without the commitment and without complete materials is a draft shown in amber (not a
success), and a second visit finishes that draft instead of creating a second filing; the
printed forms name the clerk and leave the signature boxes blank for a handwritten signature
(辽医保中心发〔2021〕45号 二（二） 附件1; 辽社险办〔2017〕29号 附表2)."""

from __future__ import annotations

import re

from tests.integration.web.conftest import token

from yidi.service_layer.demo_seed import PERSONS

PERSON = PERSONS[2]


def _form(page: str, **extra: object) -> dict[str, object]:
    return {
        "id_number": PERSON.id_number, "category": "temporary", "temporary_reason": "business_trip",
        "treatment_region": "110100", "materials": ["id_card"], "form.phone": "13800000000",
        "form.signed_by": "省直公务员", "csrf_token": token(page), **extra,
    }  # fmt: skip


def test_the_person_is_looked_up_first_and_the_category_lists_its_materials_only(login) -> None:
    staff = login("jingban")
    first = staff.get("/ui/staff/counter").text
    assert 'id="f-id_number"' in first and 'name="materials"' not in first
    found = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number}).text
    assert f'<h2 id="h-person">{PERSON.name}</h2>' in found and 'id="f-category"' in found
    unknown = staff.get("/ui/staff/counter", params={"id_number": "123"})
    assert 'id="e-id_number"' in unknown.text
    resident = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number, "category": "long_term_resident"})
    ticks = re.findall(r'name="materials" value="(\w+)"', resident.text)
    temporary = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number, "category": "temporary"})
    assert ticks and len(ticks) < 14 and "residence_permit" in ticks
    assert set(re.findall(r'name="materials" value="(\w+)"', temporary.text)) != set(ticks)


def test_answers_are_checked_before_filing(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number, "category": "temporary"}).text
    missing = staff.post("/ui/staff/counter", data={**_form(page), "form.phone": ""})
    assert missing.status_code == 422 and 'id="e-form"' in missing.text and "联系电话" in missing.text
    check = staff.post("/ui/staff/counter", data=_form(page))
    assert check.status_code == 200 and 'id="check"' in check.text and "确认办理" in check.text
    assert 'id="counter-result"' not in check.text and PERSON.name in check.text
    back = staff.post("/ui/staff/counter", data={**_form(check.text), "edit": "yes"})
    assert 'value="13800000000"' in back.text and 'id="check"' not in back.text
    done = staff.post("/ui/staff/counter", data={**_form(check.text), "confirm": "yes"})
    assert 'id="counter-result"' in done.text and "临时外出就医人员" in done.text


def test_a_draft_is_amber_and_a_second_visit_finishes_it(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number, "category": "long_term_resident"}).text
    form = _form(page, category="long_term_resident", temporary_reason="", materials=["id_card"], confirm="yes",
                 treatment_region="210200", request_id="1")  # fmt: skip
    draft = staff.post("/ui/staff/counter", data=form).text
    result = draft.split('id="counter-result"', 1)[0].rsplit("<section", 1)[1]
    assert 'class="card pending"' in result and "草稿，尚未生效" in draft and "card ok" not in result
    ref = re.search(r'备案编号 <strong class="ref-no">(BA\d{8}-\d{4})</strong>', draft).group(1)  # type: ignore[union-attr]
    again_page = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number}).text
    assert "未生效的草稿" in again_page and "补齐材料，继续办理" in again_page
    done = staff.post("/ui/staff/counter", data={**form, "materials": ["id_card", "residence_permit"], "request_id": "2"}).text
    assert "已补齐草稿" in done and f">{ref}</strong>" in done and 'class="card ok"' in done  # the same filing


def test_printed_forms_name_the_clerk_and_leave_the_signature_blank(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter", params={"id_number": PERSON.id_number, "category": "temporary"}).text
    done = staff.post("/ui/staff/counter", data=_form(page, confirm="yes")).text
    fid = re.search(r'href="/ui/print/filing/(\w+)"', done).group(1)  # type: ignore[union-attr]
    record = staff.get(f"/ui/print/filing/{fid}").text
    assert "经办人：经办员小王" in record and "jingban" not in record
    application = staff.get(f"/ui/print/application/{fid}").text
    box = application.split("委托人签字）</th>", 1)[1].split("</td>", 1)[0]
    assert "省直公务员" not in box
