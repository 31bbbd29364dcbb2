"""Benchmark the referral catalogue (转诊目录): load time and searches per second.

Plain script, numbers printed, nothing asserted::

    python benchmarks/bench_referral.py [--seconds 2]

Load time is measured in a fresh interpreter (pypinyin's dictionaries and the catalogue's pinyin
are the cost) and again in-process once pypinyin is imported. Each search kind runs for
``--seconds`` on one core.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from yidi.policy.referral import is_listed, load_registry, search

QUERIES = {
    "exact 肝移植": "肝移植",
    "substring 血友病": "血友病",
    "homophone 肝移值": "肝移值",
    "typo 冠脉架桥术": "冠脉架桥术",
    "pinyin ganyizhi": "ganyizhi",
    "initials gyz": "gyz",
    "long diagnosis": "主动脉夹层（Stanford A型）伴急性心包压塞",
}

COLD = (
    "import time; t = time.perf_counter(); "
    "from yidi.policy.referral import catalogue_for; catalogue_for('211300'); "
    "print(time.perf_counter() - t)"
)


def _rate(fn: object, seconds: float) -> float:
    assert callable(fn)
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            fn()
        n += 20
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    cold = float(
        subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True).stdout
    )
    print(f"load, fresh process (import + parse + pinyin): {cold * 1000:8.1f} ms")
    start = time.perf_counter()
    import pypinyin  # noqa: F401  (imported lazily by the index; time it apart from the parse)

    print(f"import pypinyin:                                  {(time.perf_counter() - start) * 1000:8.1f} ms")
    start = time.perf_counter()
    registry = load_registry()
    print(f"load, warm (parse + validate + pinyin, 177 rows): {(time.perf_counter() - start) * 1000:8.1f} ms")

    for label, query in QUERIES.items():
        rate = _rate(lambda q=query: search("211300", q, registry=registry), args.seconds)
        print(f"search {label:<26} {rate:10.0f} /s  {1e6 / rate:8.0f} µs each")
    rate = _rate(lambda: is_listed("211300", "肝移植术后复查", registry=registry), args.seconds)
    print(f"is_listed {'肝移植术后复查':<21} {rate:10.0f} /s  {1e6 / rate:8.0f} µs each")


if __name__ == "__main__":
    main()
