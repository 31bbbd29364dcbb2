"""Benchmark the web UI and the REST sign-in: page latency per role and the PDF print views.

Plain script, numbers printed, nothing asserted::

    python benchmarks/bench_web.py [--rounds 30]

Builds ``yidi serve``'s app on a fresh SQLite file with the demo data (hospitals, persons,
filings, accounts, settled stays), signs in each demo account through the real sign-in form and
times, in-process through Starlette's test client (no network, one core), the pages a person of
that role opens most, the 结算单 / 附件1 / 附表2 as HTML and as PDF (WeasyPrint), and a REST call
with a bearer token. Reported: median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import tempfile
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from yidi.entrypoints.cli.serve import build_app
from yidi.service_layer.demo_seed import PERSONS
from yidi.service_layer.web_users import DEMO_PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(app: object, username: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)  # type: ignore[arg-type]
    page = client.get("/ui/login")
    found = TOKEN.search(page.text)
    assert found
    r = client.post(
        "/ui/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": found[1]}
    )
    assert r.status_code == 303, r.text
    return client


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    fn()  # warm: templates compiled, policy loaded, fonts found
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, math.ceil(len(samples) * 0.95) - 1)]


def get_ok(client: TestClient, path: str) -> Callable[[], object]:
    def call() -> object:
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        return r

    return call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        app, _ = build_app(f"sqlite:///{tmp}/bench.db", demo=True)
        staff, insured, hospital = (sign_in(app, u) for u in ("jingban", "canbao", "yiyuan"))
        tieling = PERSONS[4].id_number
        found = staff.get(f"/ui/staff/settlements?id_number={tieling}")
        setl = re.search(r'href="/ui/settlements/([^"]+)"', found.text)
        filing = re.search(
            r"/ui/print/filing/([0-9a-f]+)",
            staff.get(f"/ui/staff/persons?id_number={PERSONS[1].id_number}").text,
        )
        assert setl and filing, "demo data missing"
        rest = TestClient(app)
        token = rest.post(
            "/api/v1/auth/token", data={"username": "jingban", "password": DEMO_PASSWORD}
        ).json()
        bearer = {"Authorization": f"Bearer {token['access_token']}"}
        cases: list[tuple[str, Callable[[], object]]] = [
            ("insured 我的备案", get_ok(insured, "/ui/me/filings")),
            ("insured 我的结算", get_ok(insured, "/ui/me/settlements")),
            ("hospital 患者查询", get_ok(hospital, f"/ui/desk/patient?id_number={PERSONS[1].id_number}")),
            ("hospital 急危重病种核对 休克", get_ok(hospital, "/ui/desk/criteria?disease=shock")),
            ("staff 结算查询 (search)", get_ok(staff, f"/ui/staff/settlements?id_number={tieling}")),
            ("staff 结算详情 with explanation", get_ok(staff, f"/ui/settlements/{setl[1]}")),
            ("staff 承诺事项跟踪", get_ok(staff, "/ui/staff/commitments")),
            ("结算单 HTML", get_ok(staff, f"/ui/print/settlement/{setl[1]}")),
            ("结算单 PDF", get_ok(staff, f"/ui/print/settlement/{setl[1]}?format=pdf")),
            ("附表2 登记备案表 PDF", get_ok(staff, f"/ui/print/filing/{filing[1]}?format=pdf")),
            ("附件1 申请表 (blank) PDF", get_ok(staff, "/ui/print/application/blank?format=pdf")),
            ("REST GET person (bearer)", lambda: rest.get(f"/api/v1/persons/{tieling}", headers=bearer)),
        ]
        print(f"{'what':<34} {'median ms':>10} {'p95 ms':>9}   ({rounds} rounds, in-process, SQLite)")
        for name, fn in cases:
            med, p95 = timed(fn, rounds)
            print(f"{name:<34} {med:>10.1f} {p95:>9.1f}")


if __name__ == "__main__":
    main()
