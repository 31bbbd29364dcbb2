"""人员编号 psn_no is the platform's opaque person number (issue 14 item 3; the interface reference
§1: ids are char 30, assigned by the platform; 1101 returns psn_no): never the ID number, taken
from 1101 by the HIS, an ID number in its place refused by name, and existing rows migrated."""

from __future__ import annotations

from datetime import UTC, datetime

from hospital_flow import admission, fees, settle_data, total
from sqlalchemy import text

from yidi.adapters.db import make_engine
from yidi.adapters.migrate import upgrade_database
from yidi.domain.person_number import PSN_NO_LENGTH, is_psn_no


def test_1101_returns_an_opaque_psn_no_and_2401_to_2304_take_it(hospital, person):
    idn, other = person(), person()
    out = hospital.ok("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn}})["output"]["baseinfo"]
    psn = out["psn_no"]
    assert is_psn_no(psn) and len(psn) == PSN_NO_LENGTH <= 30 and psn != idn and out["certno"] == idn
    assert idn[6:14] not in psn and idn[-6:] not in psn  # nothing of the ID number inside
    assert hospital.psn_no(other) != psn  # one number per person
    again = hospital.ok("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn}})["output"][
        "baseinfo"
    ]
    assert again["psn_no"] == psn  # stable
    hospital.learn_psn_no, hospital.insuplc = False, "211200"
    mdtrt_id = hospital.ok("2401", admission(psn, mdtrt_cert_no=idn))["output"]["result"]["mdtrt_id"]
    body = fees(psn, mdtrt_id)
    hospital.ok("2301", body)
    setl = hospital.ok("2304", settle_data(psn, mdtrt_id, total(body), mdtrt_cert_no=idn))["output"][
        "setlinfo"
    ]
    assert setl["psn_no"] == psn and setl["certno"] == idn
    q = hospital.ok("5203", {"data": {"psn_no": psn, "setl_id": setl["setl_id"], "mdtrt_id": mdtrt_id}})
    assert q["output"]["setlinfo"]["psn_no"] == psn


def test_the_id_number_where_psn_no_is_expected_is_refused_by_name(hospital, person):
    idn = person()
    hospital.learn_psn_no, hospital.insuplc = False, "211200"
    for infno, body, where in (
        ("2401", admission(idn), "input.mdtrtinfo.psn_no"),
        ("2001", {"data": {"psn_no": idn, "insutype": "310", "med_type": "21", "begntime": "2026-01-05 09:30:00"}},
         "input.data.psn_no"),
        ("5201", {"data": {"psn_no": idn}}, "input.data.psn_no"),
    ):  # fmt: skip
        err = hospital.call(infno, body)
        assert err["infcode"] == -1, infno
        assert (
            "人员编号不是身份证号码" in err["err_msg"]
            and "【1101】" in err["err_msg"]
            and where in err["err_msg"]
        )
    unknown = hospital.call("5201", {"data": {"psn_no": "P0000000000000000000"}})
    assert "未找到人员编号" in unknown["err_msg"]


def _insert_before_0900(conn, idn: str) -> None:
    now = datetime(2026, 1, 5, 9, 30, tzinfo=UTC).replace(tzinfo=None)
    conn.execute(text(
        "INSERT INTO insured_persons (id_number, name, insutype, psn_type, civil_servant, insured_region,"
        " account_balance_fen) VALUES (:i, '张三', '310', '12', false, '211200', 0)"), {"i": idn})  # fmt: skip
    conn.execute(text(
        "INSERT INTO national_message_log (hospital_code, msgid, infno, inf_refmsgid, infcode, psn_no, received_at,"
        " request, response) VALUES ('H21010000001', 'M1', '2401', 'R1', 0, :i, :t, '{}', '{}')"), {"i": idn, "t": now})  # fmt: skip


def test_migration_0900_assigns_numbers_and_rewrites_stored_psn_no(db_url):
    upgrade_database(db_url, "0970_ops_errors").dispose()
    ids = ("210102195001011237", "21010219600101123X")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        for idn in ids:
            _insert_before_0900(conn, idn) if idn == ids[0] else conn.execute(text(
                "INSERT INTO insured_persons (id_number, name, insutype, psn_type, civil_servant, insured_region,"
                " account_balance_fen) VALUES (:i, '李四', '390', '13', false, '211200', 0)"), {"i": idn})  # fmt: skip
    engine.dispose()
    upgrade_database(db_url).dispose()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id_number, psn_no FROM insured_persons")).all())
        logged = conn.execute(text("SELECT psn_no FROM national_message_log")).scalar_one()
    engine.dispose()
    assert set(rows) == set(ids) and all(is_psn_no(v) for v in rows.values())
    assert len(set(rows.values())) == 2 and not set(rows.values()) & set(ids)
    assert logged == rows[ids[0]]  # the message log names the person by the new number (2601 checks it)
