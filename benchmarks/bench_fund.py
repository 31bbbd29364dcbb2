"""基金测算 over recorded settlements (issue 18 §4; numbers for the note, never asserted).

    PYTHONPATH=. python benchmarks/bench_fund.py [--claims 100000]

Records a synthetic history in a fresh SQLite database (as the hospital interface stores it, with
settle–reverse–settle chains: ``tests/integration/fund/test_projection_from_records.py``), then
times ``projection run`` of one region over a year — read, two re-pricings, aggregation — and
checks that every recorded settlement is reproduced.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from tests.integration.fund.test_projection_from_records import _history, _record

from yidi.adapters.db import session_factory
from yidi.adapters.migrate import upgrade_database
from yidi.policy.overlay import overlays_from_text
from yidi.service_layer import fund_projection as fp
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

REFORM = """"219900":
  pooled_ratio:
    - value: 0.92
      from: 2023-01-01
      source: 测算方案
      assumption: true
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    n = ap.parse_args().claims
    with tempfile.TemporaryDirectory() as tmp:
        engine = upgrade_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t, out = _history(n, seed=5)
        start = time.perf_counter()
        _record(engine, t, out, reversal_every=50)
        print(f"recorded {n:,} claims in {time.perf_counter() - start:.1f} s")
        sessions = session_factory(engine)
        for label, overlays in (("no overlay", None), ("reform", overlays_from_text(REFORM))):
            w, c = time.perf_counter(), sum(os.times()[:2])
            run = fp.run(SqlAlchemyUnitOfWork(sessions), "219900", fp.window("2024-01", "2024-12"), overlays)
            print(
                f"projection 219900 2024, {label}: {run.projection.baseline.claims:,} settlements, wall "
                f"{time.perf_counter() - w:.2f} s, CPU {sum(os.times()[:2]) - c:.2f} s, unreproduced "
                f"{len(run.unreproduced)} (load {os.getloadavg()[0]:.1f})"
            )


if __name__ == "__main__":
    main()
