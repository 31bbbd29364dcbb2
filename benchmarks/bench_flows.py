"""Measure complete hospital flows per second against a local server on PostgreSQL (issue 14 §6).

A flow is 2401 + 2301 (50 lines) + 2304, signed over HTTP, run by ``--clients`` concurrent
clients for ``--persons`` persons × ``--rounds``. Prints, from one run on one server:

* flows/s, and p50/p99 latency of each transaction (2401, 2301, 2304);
* statements and database round trips per flow and per transaction (counted in process with
  SQLAlchemy engine events over ``--probe`` flows before the run: executes; round trips =
  executes + BEGIN + COMMIT/ROLLBACK);
* the server's CPU (user + system of the uvicorn process and its workers, in % of one core);
* pgbench's TPS for its built-in simple read/write transaction (``-b simple-update``, same
  clients, 10 s) on the same PostgreSQL server right after the run, as this machine's reference:
  flows/s ÷ pgbench TPS compares across machines;
* 3201 for the day with the sum of the run's settlements: 对平 means the platform's totals equal
  them to the fen.

Everything happens in a throw-away schema of ``--database-url`` (default: the local test
database) and a throw-away pgbench database, both dropped afterwards. Numbers are reported, not
asserted (docs/testing.md).

    python benchmarks/bench_flows.py --persons 200 --rounds 2 --clients 8
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
from sqlalchemy import Engine, create_engine, event, text

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.identifiers import check_char
from yidi.entrypoints.cli.serve import build_app
from yidi.service_layer.person_services import register_person
from yidi.service_layer.supervision_online import drain_all

HOSPITAL, SECRET, PAASID = "H21010000001", "demo-secret-H21010000001", "demo-H21010000001"
LINES = [  # ten times each → 50 lines
    ("001102000010000-110200001", "1", "70.00"),
    ("003107010010000-310701001", "1", "180.00"),
    ("C0301010000000000001", "1", "800.00"),
    ("XC10AAA059A001010100000", "3", "9.90"),
    ("T000000000000000000001", "1", "62.00"),
]
TXS = ("2401", "2301", "2304")
_lock = threading.Lock()
_seq = iter(range(10**9))


def msgid() -> str:
    with _lock:
        n = next(_seq)
    return f"{HOSPITAL}{datetime.now():%Y%m%d%H%M%S}{n % 10000:04d}"


class Client:
    def __init__(self, http: Any, sign_no: str = "") -> None:  # httpx.Client or TestClient
        self.http, self.sign_no = http, sign_no

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
            raise RuntimeError(f"{infno}: {data['err_msg']}")
        return data


def learn_psn_nos(client: Client, idns: list[str]) -> list[tuple[str, str]]:
    """(ID number, psn_no) per person: as a HIS does, the person number comes from 1101 (it is
    the platform's opaque id, not the ID number); done before the timed run."""
    out = []
    for idn in idns:
        info = client.call("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn}}, insuplc="")
        out.append((idn, str(info["output"]["baseinfo"]["psn_no"])))
    return out


def flow(
    client: Client, who: tuple[str, str], k: int, on_tx: Any = None
) -> tuple[dict[str, float], float, dict[str, Any]]:
    """One stay of ``who`` (ID number, psn_no); returns (seconds per transaction, flow seconds,
    setlinfo). ``on_tx(infno)`` is called after each transaction (the statement probe)."""
    idn, psn_no = who
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    now = f"{datetime.now():%Y-%m-%d %H:%M:%S}"
    adm = {"mdtrtinfo": {"psn_no": psn_no, "insutype": "310", "begntime": now, "mdtrt_cert_type": "02", "mdtrt_cert_no": idn,
                         "med_type": "21", "ipt_no": f"B{k}-{secrets.token_hex(3)}", "atddr_no": "D", "chfpdr_name": "D",
                         "adm_diag_dscr": "冠心病", "adm_dept_codg": "A", "adm_dept_name": "A", "adm_bed": "1",
                         "dscg_maindiag_code": "I25.103", "dscg_maindiag_name": "冠心病"},
           "diseinfo": [{"diag_type": "1", "maindiag_flag": "1", "diag_code": "I25.103", "diag_name": "冠心病"}]}  # fmt: skip
    mdtrt_id = client.call("2401", adm)["output"]["result"]["mdtrt_id"]
    t1 = time.perf_counter()
    times["2401"] = t1 - t0
    if on_tx:
        on_tx("2401")
    lines = []
    for i in range(50):
        code, cnt, pric = LINES[i % len(LINES)]
        amount = (Decimal(cnt) * Decimal(pric)).quantize(Decimal("0.01"))
        lines.append({"feedetl_sn": f"F{i}", "mdtrt_id": mdtrt_id, "psn_no": psn_no, "med_type": "21", "fee_ocur_time": now,
                      "med_list_codg": code, "medins_list_codg": "h", "det_item_fee_sumamt": str(amount), "cnt": cnt,
                      "pric": pric, "bilg_dept_codg": "A", "bilg_dept_name": "A", "bilg_dr_codg": "D", "bilg_dr_name": "D"})  # fmt: skip
    client.call("2301", {"feedetail": lines})
    t2 = time.perf_counter()
    times["2301"] = t2 - t1
    if on_tx:
        on_tx("2301")
    total = str(sum(Decimal(x["det_item_fee_sumamt"]) for x in lines))
    data = {"psn_no": psn_no, "mdtrt_cert_type": "02", "mdtrt_cert_no": idn, "medfee_sumamt": total, "psn_setlway": "01", "mdtrt_id": mdtrt_id,
            "insutype": "310", "acct_used_flag": "1"}  # fmt: skip
    setlinfo = client.call("2304", {"data": data})["output"]["setlinfo"]
    t3 = time.perf_counter()
    times["2304"] = t3 - t2
    if on_tx:
        on_tx("2304")
    return times, t3 - t0, setlinfo


def persons(app: Any, n: int, tag: int) -> list[str]:
    staff = Actor("bench", Role.STAFF, Channel.COUNTER)
    out = []
    for i in range(n):
        body = f"21120219{60 + tag:02d}{(i // 28) % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"
        idn = body + check_char(body)
        register_person(app.state.uow_factory(), staff, id_number=idn, name="压测", insutype="310", psn_type="12",
                        insured_region="211200", account_balance_fen=100_000)  # fmt: skip
        out.append(idn)
    return out


class StatementProbe:
    """Counts what this process sends to the database: executes, BEGIN, COMMIT, ROLLBACK."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.per_tx: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._mark = (0, 0)
        for name, fn in (("before_cursor_execute", self._execute), ("begin", self._begin),
                         ("commit", self._end), ("rollback", self._end)):  # fmt: skip
            event.listen(Engine, name, fn)

    def _execute(self, *args: Any) -> None:
        self.counts["statements"] += 1
        self.counts["round_trips"] += 1

    @staticmethod
    def _autocommit(conn: Any) -> bool:  # no BEGIN / COMMIT goes to the server
        return bool(conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT")

    def _begin(self, conn: Any, *args: Any) -> None:
        if not self._autocommit(conn):
            self.counts["round_trips"] += 1

    def _end(self, conn: Any, *args: Any) -> None:
        if not self._autocommit(conn):
            self.counts["round_trips"] += 1

    def now(self) -> tuple[int, int]:
        return self.counts["statements"], self.counts["round_trips"]

    def reset(self) -> None:
        self._mark = self.now()

    def tx_done(self, infno: str) -> None:
        s, r = self.now()
        self.per_tx[infno].append((s - self._mark[0], r - self._mark[1]))
        self._mark = (s, r)

    def remove(self) -> None:
        for name, fn in (("before_cursor_execute", self._execute), ("begin", self._begin),
                         ("commit", self._end), ("rollback", self._end)):  # fmt: skip
            event.remove(Engine, name, fn)


def probe_statements(
    app: Any, people: list[str]
) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """Statements and round trips per transaction, in process (same app, same database); also
    the probe's settlements (they count in the day's 3201)."""
    from fastapi.testclient import TestClient

    probe, settled = StatementProbe(), []
    try:
        with TestClient(app) as http:
            client = Client(http)
            client.sign_no = client.call("9001", {"signIn": {"opter_no": "1"}})["output"]["signinoutb"][
                "sign_no"
            ]
            who = learn_psn_nos(client, people)
            def done(infno: str) -> None:
                drain_all(timeout=30)  # the 2304's online check (on its own thread) counts with the 2304
                probe.tx_done(infno)

            for k, one in enumerate(who):
                probe.reset()
                settled.append(flow(client, one, 10**6 + k, done)[2])
    finally:
        probe.remove()
    per_tx = {
        tx: (statistics.mean(s for s, _ in rows), statistics.mean(r for _, r in rows))
        for tx, rows in probe.per_tx.items()
    }
    return per_tx, settled


def profile_flows(app: Any, people: list[str], top: int = 45) -> None:
    """``--profile``: the flows of ``people`` in process under yappi (every thread: the TestClient
    runs the app in threads of its own); prints yidi's functions by inclusive CPU time. Needs
    ``pip install yappi`` (not a dependency of yidi)."""
    import yappi  # type: ignore[import-not-found]
    from fastapi.testclient import TestClient

    with TestClient(app) as http:
        client = Client(http)
        client.sign_no = client.call("9001", {"signIn": {"opter_no": "1"}})["output"]["signinoutb"]["sign_no"]
        who = learn_psn_nos(client, people)
        half = len(who) // 2  # first half unprofiled: this process's CPU per flow, one flow at a time
        c0 = time.process_time()
        for k, one in enumerate(who[:half]):
            flow(client, one, 3 * 10**6 + k)
        print(f"in process, one flow at a time: {(time.process_time() - c0) / max(half, 1) * 1000:.1f} ms CPU "
              f"per flow (server and TestClient; {half} flows)")
        who = who[half:]
        yappi.set_clock_type("cpu")
        yappi.start()
        for k, one in enumerate(who):
            flow(client, one, 2 * 10**6 + k)
        yappi.stop()
    stats = yappi.get_func_stats()
    per_flow = 1000 / max(len(who), 1)
    server = [t for t in yappi.get_thread_stats() if t.name != "_MainThread"]
    cpu = sum(t.ttot for t in server)
    print(f"profile: {len(who)} flows; CPU in the app's threads {cpu * per_flow:.1f} ms per flow")
    rows = [f for f in stats if "/yidi/" in f.module or "sqlalchemy/engine/base" in f.module
            or "psycopg/cursor" in f.module or "starlette/routing" in f.module]
    rows.sort(key=lambda f: -f.ttot)
    for f in rows[:top]:
        print(f"{f.ttot * per_flow:8.2f} ms incl {f.tsub * per_flow:7.2f} ms own {f.ncall / len(who):7.1f}×  "
              f"{f.module.split('site-packages/')[-1].split('/src/')[-1]}:{f.lineno} {f.name}")
    yappi.clear_stats()


def cpu_seconds(proc: psutil.Process) -> float:
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def backend_cpu(url: str, app_name: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving ``app_name`` (the server under test)."""
    engine = create_engine(url)
    with engine.connect() as c:
        pids = c.execute(text("SELECT pid FROM pg_stat_activity WHERE application_name = :a"), {"a": app_name})
        found = [int(p) for (p,) in pids]
    engine.dispose()
    out = {}
    for pid in found:
        try:
            t = psutil.Process(pid).cpu_times()
            out[pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def pgbench_tps(url: str, clients: int, seconds: int = 10) -> str:
    """pgbench -b simple-update on a throw-away database of the same server."""
    parts = urlsplit(url.replace("+psycopg", ""))
    db = f"yidi_pgbench_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PGHOST": parts.hostname or "127.0.0.1", "PGPORT": str(parts.port or 5432),
           "PGUSER": parts.username or "postgres"}  # fmt: skip
    if parts.password:
        env["PGPASSWORD"] = parts.password
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db}"'))
    try:
        subprocess.run(["pgbench", "-i", "-q", "-s", "1", db], env=env, check=True, capture_output=True)
        out = subprocess.run(
            ["pgbench", "-n", "-b", "simple-update", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds), db],
            env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        m = re.search(r"tps = ([\d.]+)", out)
        return m.group(1) if m else "?"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db}"'))
        admin.dispose()


def wait_for(server: subprocess.Popen[bytes], port: int, seconds: float = 120) -> None:
    """Until the server accepts connections (start-up is slow on a loaded machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(len(v) * q) - 1))] * 1000


def run(
    url: str, base_url: str, n: int, rounds: int, clients: int, port: int, workers: int, probe: int,
    profile: int = 0,
) -> None:
    app, _ = build_app(url, demo=True)
    if profile:
        profile_flows(app, persons(app, profile, 2))
        return
    people = persons(app, n, 0)
    per_tx, probed = probe_statements(app, persons(app, probe, 1)) if probe else ({}, [])
    code = (
        "import uvicorn\n"
        f"uvicorn.run('yidi.entrypoints.api.app:create_app', factory=True, host='127.0.0.1', port={port}, "
        f"workers={workers}, log_level='warning')"
    )
    app_name = f"yidi-bench-{os.getpid()}"  # the server's connections, to count their backends' CPU
    server_url = f"{url}&application_name={app_name}" if "?" in url else f"{url}?application_name={app_name}"
    server = subprocess.Popen(
        [sys.executable, "-c", code], env={**os.environ, "YIDI_DATABASE_URL": server_url, "YIDI_DEMO": "1"}
    )
    try:
        wait_for(server, port)
        first = Client(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60))
        first.sign_no = first.call("9001", {"signIn": {"opter_no": "1"}})["output"]["signinoutb"]["sign_no"]
        work = iter(
            list(enumerate(learn_psn_nos(first, people) * rounds))
        )  # a person's next stay starts after the last one settled
        results: list[tuple[dict[str, float], float, dict[str, Any]]] = []

        def worker() -> None:
            client = Client(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60), first.sign_no)
            while True:
                with _lock:
                    item = next(work, None)
                if item is None:
                    return
                r = flow(client, item[1], item[0])
                with _lock:
                    results.append(r)

        proc = psutil.Process(server.pid)
        pg0 = backend_cpu(base_url, app_name)
        cpu0, start, own0 = cpu_seconds(proc), time.perf_counter(), time.process_time()
        threads = [threading.Thread(target=worker) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed, cpu = time.perf_counter() - start, cpu_seconds(proc) - cpu0
        own = time.process_time() - own0
        pg1 = backend_cpu(base_url, app_name)
        pg = sum(v - pg0.get(pid, 0.0) for pid, v in pg1.items())
        flows_s = len(results) / elapsed
        print(
            f"flows={len(results)} clients={clients} workers={workers} elapsed={elapsed:.1f}s flows/s={flows_s:.1f}"
        )
        for tx in TXS:
            lat = [r[0][tx] for r in results]
            print(f"{tx} p50={pct(lat, 0.5):.1f}ms p99={pct(lat, 0.99):.1f}ms")
        print(
            f"flow p50={pct([r[1] for r in results], 0.5):.1f}ms p99={pct([r[1] for r in results], 0.99):.1f}ms"
        )
        if per_tx:
            s_flow = sum(v[0] for v in per_tx.values())
            r_flow = sum(v[1] for v in per_tx.values())
            detail = ", ".join(f"{tx} {s:.1f}/{r:.1f}" for tx, (s, r) in per_tx.items())
            print(
                f"statements/flow={s_flow:.1f} round trips/flow={r_flow:.1f} (per tx statements/round trips: {detail})"
            )
        print(
            f"server CPU={cpu / elapsed * 100:.0f}% of one core ({cpu:.1f}s over {elapsed:.1f}s; {psutil.cpu_count()} cores); "
            f"CPU per flow: server {cpu / len(results) * 1000:.1f} ms, its PostgreSQL backends {pg / len(results) * 1000:.1f} ms, "
            f"load generator {own / len(results) * 1000:.1f} ms; "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )

        every = [r[2] for r in results] + probed

        def tot(key: str) -> str:
            return str(sum(Decimal(str(s[key])) for s in every))

        today = f"{datetime.now():%Y-%m-%d}"
        recon = {"insutype": "310", "clr_type": "21", "setl_optins": "210100", "stmt_begndate": today, "stmt_enddate": today,
                 "medfee_sumamt": tot("medfee_sumamt"), "fund_pay_sumamt": tot("fund_pay_sumamt"), "acct_pay": tot("acct_pay"),
                 "fixmedins_setl_cnt": str(len(every)), "refd_setl_flag": "0"}  # fmt: skip
        stmt = first.call("3201", {"data": recon}, insuplc="")["output"]["stmtinfo"]
        print(
            f"3201 with Σ of this run's settlements: stmt_rslt={stmt['stmt_rslt']} {stmt.get('stmt_rslt_dscr', '')}"
        )
    finally:
        server.terminate()
        server.wait()
    tps = pgbench_tps(base_url, clients)
    ratio = f"{flows_s / float(tps):.4f}" if tps not in ("?", "0") else "?"
    print(f"pgbench simple-update clients={clients} tps={tps}; flows/s ÷ pgbench TPS = {ratio}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--persons", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument(
        "--probe", type=int, default=5, help="flows counted in process for statements/round trips"
    )
    ap.add_argument(
        "--profile", type=int, default=0, help="only profile this many flows in process (cProfile) and stop"
    )
    args = ap.parse_args()
    schema = f"yidi_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.database_url)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        run(
            f"{args.database_url}?options=-csearch_path%3D{schema}",
            args.database_url, args.persons, args.rounds, args.clients, args.port, args.workers, args.probe,
            args.profile,
        )  # fmt: skip
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
