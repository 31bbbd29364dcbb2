"""Every national query of a person's records is in the audit log (issue 13 scope 8: "an audit
log of every read of a person's records by staff and hospitals — who, whom, when, which page or
transaction"): 1101, 2001, 5201, 5203, 5204, 5301, 5302; acts (2401) and refusals are not reads."""

from __future__ import annotations

from hospital_flow import admission

from yidi.service_layer import audit


def test_each_person_query_is_an_audited_read(hospital, person, huow_factory) -> None:
    idn = person()
    psn_no = hospital.psn_no(idn)  # 1101: the HIS learns the person number (the bodies below use it)
    hospital.insuplc = "211200"
    check = {"psn_no": idn, "insutype": "310", "fixmedins_code": hospital.code, "med_type": "21",
             "begntime": "2026-01-05 09:00:00", "endtime": "", "dise_codg": "", "dise_name": ""}  # fmt: skip
    hospital.ok("2001", {"data": check})
    hospital.ok("2401", admission(idn))  # an act, not a query
    hospital.ok("5201", {"data": {"psn_no": idn}})
    hospital.ok("5301", {"data": {"psn_no": idn}})
    hospital.ok("5302", {"data": {"psn_no": idn, "biz_appy_type": "08"}})
    refused = hospital.call("5201", {"data": {"psn_no": idn, "mdtrt_id": "M0"}})
    assert refused["infcode"] == -1  # refused: nothing was read

    entries = audit.search(huow_factory, subject=idn)
    # by ID number, as the staff and REST reads (the opaque psn_no beside)
    assert {e["via"] for e in entries} == {f"national {n}" for n in ("1101", "2001", "5201", "5301", "5302")}
    assert len(entries) == 5
    assert all(e["actor"] == f"hospital:{hospital.code}" and e["action"] == "person.read" for e in entries)
    first = entries[-1]
    assert first["detail"]["what"] == "1101 人员信息获取"
    assert first["detail"]["msgid"].startswith(hospital.code) and first["detail"]["psn_no"] == psn_no
    assert audit.search(huow_factory, actor=f"hospital:{hospital.code}", subject=idn) == entries
