"""Measure complete hospital flows per second against a local server on PostgreSQL (issue 5 §11).

A flow is 2401 + 2301 (50 lines) + 2304, signed over HTTP, run by ``--clients`` concurrent
clients for ``--persons`` demo persons × ``--rounds``. Prints flows/s, the 2304 latency p50/p99
and whether 3201 totals equal the sum of the settlements to the fen. Everything happens in a
throw-away schema of ``--database-url`` (default: the local test database), dropped afterwards.
It belongs in ``benchmarks/`` (not one of this issue's files); numbers are reported, not asserted.

    python benchmarks/bench_flows.py --persons 100 --rounds 2 --clients 8
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.identifiers import check_char
from yidi.entrypoints.cli.serve import build_app
from yidi.service_layer.person_services import register_person

HOSPITAL, SECRET, PAASID = "H21010000001", "demo-secret-H21010000001", "demo-H21010000001"
LINES = [  # ten times each → 50 lines
    ("001102000010000-110200001", "1", "70.00"),
    ("003107010010000-310701001", "1", "180.00"),
    ("C0301010000000000001", "1", "800.00"),
    ("XC10AAA059A001010100000", "3", "9.90"),
    ("T000000000000000000001", "1", "62.00"),
]
_lock = threading.Lock()
_seq = iter(range(10**9))


def msgid() -> str:
    with _lock:
        n = next(_seq)
    return f"{HOSPITAL}{datetime.now():%Y%m%d%H%M%S}{n % 10000:04d}"


class Client:
    def __init__(self, port: int, sign_no: str = "") -> None:
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        self.sign_no = sign_no

    def call(self, infno: str, body: dict[str, Any], insuplc: str = "211200") -> dict[str, Any]:
        env = {
            "infno": infno, "msgid": msgid(), "mdtrtarea_admvs": "210100", "insuplc_admdvs": insuplc,
            "recer_sys_code": "01", "infver": "V1.0", "opter_type": "1", "opter": "1", "opter_name": "压测",
            "inf_time": f"{datetime.now():%Y-%m-%d %H:%M:%S}", "fixmedins_code": HOSPITAL, "fixmedins_name": "压测",
            "sign_no": self.sign_no, "input": body,
        }  # fmt: skip
        raw = json.dumps(env).encode()
        ts, nonce = str(int(time.time())), secrets.token_hex(8)
        sig = hmac.new(SECRET.encode(), ts.encode() + nonce.encode() + raw, hashlib.sha256).hexdigest()
        headers = {"x-tif-paasid": PAASID, "x-tif-timestamp": ts, "x-tif-nonce": nonce, "x-tif-signature": sig,
                   "content-type": "application/json"}  # fmt: skip
        data: dict[str, Any] = self.http.post("/fsi/api/callService", content=raw, headers=headers).json()
        if data["infcode"] != 0:
            raise RuntimeError(data["err_msg"])
        return data


def flow(client: Client, idn: str, k: int) -> tuple[float, float, dict[str, str]]:
    """One stay; returns (2304 seconds, flow seconds, setlinfo)."""
    t0 = time.perf_counter()
    now = f"{datetime.now():%Y-%m-%d %H:%M:%S}"
    adm = {"mdtrtinfo": {"psn_no": idn, "insutype": "310", "begntime": now, "mdtrt_cert_type": "02", "mdtrt_cert_no": idn,
                         "med_type": "21", "ipt_no": f"B{k}-{secrets.token_hex(3)}", "atddr_no": "D", "chfpdr_name": "D",
                         "adm_diag_dscr": "冠心病", "adm_dept_codg": "A", "adm_dept_name": "A", "adm_bed": "1",
                         "dscg_maindiag_code": "I25.103", "dscg_maindiag_name": "冠心病"},
           "diseinfo": [{"diag_type": "1", "maindiag_flag": "1", "diag_code": "I25.103", "diag_name": "冠心病"}]}  # fmt: skip
    mdtrt_id = client.call("2401", adm)["output"]["result"]["mdtrt_id"]
    lines = []
    for i in range(50):
        code, cnt, pric = LINES[i % len(LINES)]
        amount = (Decimal(cnt) * Decimal(pric)).quantize(Decimal("0.01"))
        lines.append({"feedetl_sn": f"F{i}", "mdtrt_id": mdtrt_id, "psn_no": idn, "med_type": "21", "fee_ocur_time": now,
                      "med_list_codg": code, "medins_list_codg": "h", "det_item_fee_sumamt": str(amount), "cnt": cnt,
                      "pric": pric, "bilg_dept_codg": "A", "bilg_dept_name": "A", "bilg_dr_codg": "D", "bilg_dr_name": "D"})  # fmt: skip
    client.call("2301", {"feedetail": lines})
    total = str(sum(Decimal(x["det_item_fee_sumamt"]) for x in lines))
    t1 = time.perf_counter()
    data = {"psn_no": idn, "mdtrt_cert_type": "02", "medfee_sumamt": total, "psn_setlway": "01", "mdtrt_id": mdtrt_id,
            "insutype": "310", "acct_used_flag": "1"}  # fmt: skip
    setlinfo = client.call("2304", {"data": data})["output"]["setlinfo"]
    t2 = time.perf_counter()
    return t2 - t1, t2 - t0, setlinfo


def persons(app: Any, n: int) -> list[str]:
    staff = Actor("bench", Role.STAFF, Channel.COUNTER)
    out = []
    for i in range(n):
        body = f"2112021960{(i // 28) % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"
        idn = body + check_char(body)
        register_person(app.state.uow_factory(), staff, id_number=idn, name="压测", insutype="310", psn_type="12",
                        insured_region="211200", account_balance_fen=100_000)  # fmt: skip
        out.append(idn)
    return out


def run(url: str, n: int, rounds: int, clients: int, port: int, workers: int) -> None:
    app, _ = build_app(url, demo=True)
    people = persons(app, n)
    code = (
        "import uvicorn\n"
        f"uvicorn.run('yidi.entrypoints.api.app:create_app', factory=True, host='127.0.0.1', port={port}, "
        f"workers={workers}, log_level='warning')"
    )
    server = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "YIDI_DATABASE_URL": url, "YIDI_DEMO": "1"})
    try:
        time.sleep(6)
        first = Client(port)
        first.sign_no = first.call("9001", {"signIn": {"opter_no": "1"}})["output"]["signinoutb"]["sign_no"]
        work = iter(list(enumerate(people * rounds)))
        results: list[tuple[float, float, dict[str, str]]] = []

        def worker() -> None:
            client = Client(port, first.sign_no)
            while True:
                with _lock:
                    item = next(work, None)
                if item is None:
                    return
                r = flow(client, item[1], item[0])
                with _lock:
                    results.append(r)

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        q = sorted(r[0] for r in results)
        print(
            f"flows={len(results)} clients={clients} elapsed={elapsed:.1f}s flows/s={len(results) / elapsed:.1f}"
        )
        p99 = q[max(0, int(len(q) * 0.99) - 1)]
        print(
            f"2304 p50={statistics.median(q) * 1000:.1f}ms p99={p99 * 1000:.1f}ms; flow p50={statistics.median(r[1] for r in results) * 1000:.1f}ms"
        )

        def tot(key: str) -> str:
            return str(sum(Decimal(r[2][key]) for r in results))

        today = f"{datetime.now():%Y-%m-%d}"
        recon = {"insutype": "310", "clr_type": "21", "setl_optins": "210100", "stmt_begndate": today, "stmt_enddate": today,
                 "medfee_sumamt": tot("medfee_sumamt"), "fund_pay_sumamt": tot("fund_pay_sumamt"), "acct_pay": tot("acct_pay"),
                 "fixmedins_setl_cnt": str(len(results)), "refd_setl_flag": "0"}  # fmt: skip
        print("3201:", first.call("3201", {"data": recon}, insuplc="")["output"]["stmtinfo"])
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--persons", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = ap.parse_args()
    schema = f"yidi_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.database_url)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        run(
            f"{args.database_url}?options=-csearch_path%3D{schema}",
            args.persons,
            args.rounds,
            args.clients,
            args.port,
            args.workers,
        )
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
