"""``kill -9`` of the server during bursts of settlements (issue 14: the reliability the
independent HIS checked — "nine kill -9 during bursts of 2304 lost no answered settlement and left
no half-written one" — kept by a test after the throughput work moved the online check to a thread
and the nonce to a statement of its own).

A real uvicorn process serves four HIS threads over HTTP; it is killed with SIGKILL three times in
the middle of their flows (2401 + 2301 + 2304 per stay) and started again. Afterwards, in the
database: every settlement a HIS got an answer for is there and valid; every stored settlement is
whole — its fee lines marked with its id and adding up to its total, the person's year-to-date
totals and account equal to the sum of their valid settlements; a replay of an answered 2304's
msgid answers the same settlement; and a new stay settles after the restarts.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hospital_flow import admission, fees, settle_data, total
from hospital_his import HttpHis
from sqlalchemy import Engine, select
from tests.integration.hospital.conftest import add_hospital

from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_hospital import fee_details, settlements, ytd_accumulators
from yidi.domain.settlement.amounts import YTD_AMOUNTS

pytestmark = pytest.mark.slow
BALANCE = 150_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, db_url: str, data_dir: Path) -> None:
        self.port, self.db_url, self.data_dir = _free_port(), db_url, data_dir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        code = (
            "import uvicorn; uvicorn.run('yidi.entrypoints.api.app:create_app', factory=True, "
            f"host='127.0.0.1', port={self.port}, log_level='warning')"
        )
        env = {**os.environ, "YIDI_DATABASE_URL": self.db_url, "YIDI_DATA_DIR": str(self.data_dir)}
        self.proc = subprocess.Popen([sys.executable, "-c", code], env=env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "the server exited"
            try:
                httpx.get(self.url + "/", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)  # no shutdown, no drain: a crash
        self.proc.wait()


def _his(server: Server, cred: dict[str, str], sign_no: str = "") -> HttpHis:
    his = HttpHis(httpx.Client(base_url=server.url, timeout=30), cred["code"], "210100", cred["paasid"], cred["secret"])
    his.insuplc, his.sign_no = "211200", sign_no
    return his


def _stays(his: HttpHis, people: list[str], answered: list[tuple[str, Any, str]], lock: threading.Lock) -> None:
    """Admit, upload and settle each person's stay until the server goes away."""
    for idn in people:
        try:
            mdtrt_id = his.ok("2401", admission(idn, ipt_no=f"ZY{idn[-8:]}"))["output"]["result"]["mdtrt_id"]
            body = fees(idn, mdtrt_id)
            his.ok("2301", body)
            env = his.envelope("2304", settle_data(idn, mdtrt_id, total(body)))
            out = his.send(env)
            assert out["infcode"] == 0, out["err_msg"]
            with lock:
                answered.append((idn, env, str(out["output"]["setlinfo"]["setl_id"])))
        except (httpx.HTTPError, AssertionError):
            return  # the server was killed under this HIS: a real one would retry later


def test_kill_9_during_bursts_loses_no_answered_settlement_and_leaves_none_half_written(  # type: ignore[no-untyped-def]
    db_url: str, engine: Engine, huow_factory: Callable[..., Any], person, tmp_path: Path
) -> None:
    cred = add_hospital(huow_factory, "H21010000001", "3", "沈阳演示三级医院")
    people = [person(balance=BALANCE) for _ in range(36)]
    server = Server(db_url, tmp_path)
    answered: list[tuple[str, Any, str]] = []
    lock = threading.Lock()
    server.start()
    try:
        first = _his(server, cred)
        first.sign_in()
        for his_learns in people:  # the HIS learns each psn_no from 1101 before the bursts
            first.psn_no(his_learns)
        for burst in range(3):
            share = people[burst * 12 : (burst + 1) * 12]
            threads = []
            for k in range(4):
                his = _his(server, cred, first.sign_no)
                his.psn_nos = dict(first.psn_nos)
                threads.append(threading.Thread(target=_stays, args=(his, share[k::4], answered, lock)))
            before = len(answered)
            for t in threads:
                t.start()
            deadline = time.monotonic() + 60
            while len(answered) < before + 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.kill()  # in the middle of the burst: other stays are between 2401 and 2304
            for t in threads:
                t.join()
            server.start()
        his = _his(server, cred, first.sign_no)
        his.psn_nos = dict(first.psn_nos)
        _, env, setl_id = answered[0]
        replay = his.send(env)  # the same request again after the crashes: the same answer
        assert replay["infcode"] == 0 and replay["output"]["setlinfo"]["setl_id"] == setl_id
        fresh = person(balance=BALANCE)
        mdtrt_id = his.ok("2401", admission(fresh, ipt_no="ZY-AFTER"))["output"]["result"]["mdtrt_id"]
        body = fees(fresh, mdtrt_id)
        his.ok("2301", body)
        his.ok("2304", settle_data(fresh, mdtrt_id, total(body)))
    finally:
        if server.proc is not None and server.proc.poll() is None:
            server.proc.terminate()
            server.proc.wait()

    assert len(answered) >= 9
    with engine.connect() as conn:
        valid = {
            r.setl_id: r
            for r in conn.execute(select(settlements).where(settlements.c.status == "valid", settlements.c.kind == "settle"))
        }
        for _, _, setl_id in answered:  # no answered settlement lost
            assert setl_id in valid
        for setl_id, s in valid.items():  # none half-written: lines, totals, accumulators, account
            lines = conn.execute(select(fee_details.c.det_item_fee_sumamt).where(fee_details.c.setl_id == setl_id)).all()
            assert lines and sum(int(x) for (x,) in lines) == int(s.medfee_sumamt)
        by_person: dict[str, list[Any]] = {}
        for s in valid.values():
            by_person.setdefault(str(s.id_number), []).append(s)
        for idn, mine in by_person.items():
            ytd = conn.execute(select(ytd_accumulators).where(ytd_accumulators.c.id_number == idn)).one()
            for name in YTD_AMOUNTS:
                assert int(getattr(ytd, name)) == sum(int(getattr(s, name)) for s in mine), (idn, name)
            assert int(ytd.settlements) == len(mine)
            balance = conn.execute(
                select(insured_persons.c.account_balance_fen).where(insured_persons.c.id_number == idn)
            ).scalar_one()
            assert int(balance) == BALANCE - sum(int(s.acct_pay) for s in mine)
