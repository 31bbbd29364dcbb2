"""Benchmark of the emergency-criteria evaluator (issue 3 part 7). Prints numbers, asserts nothing.

Run:  python benchmarks/bench_criteria.py
Targets (one core): ≥ 50 000 evaluations/s of one disease; ≤ 1 ms to screen every disease.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable

from yidi.domain.criteria import evaluate, explain, screen, verdict_of
from yidi.domain.criteria.evaluation import screen_facts
from yidi.policy.criteria import data_root, load_criteria, load_directory

SHOCK = {"systolic_bp": 78, "lactate": 3.4}
PATIENT = {  # a busy ICU admission: 25 facts touching most systems
    "systolic_bp": 78, "diastolic_bp": 50, "lactate": 3.4, "hemoglobin": 68, "pao2": 58, "paco2": 48,
    "fio2": 0.4, "blood_ph": 7.18, "blood_glucose": 12.5, "serum_potassium": 5.1, "serum_sodium": 138,
    "serum_calcium": 2.1, "creatinine": 190, "creatinine_baseline": 120, "creatinine_interval_hours": 30,
    "platelet_count": 85, "prothrombin_time": 17, "prothrombin_time_control": 13, "d_dimer_elevated": True,
    "ecg_heart_rate": 128, "ecg_findings": ["atrial_fibrillation"], "imaging_findings": ["pulmonary_exudate"],
    "procedures": ["tracheal_intubation", "invasive_ventilation"], "drugs": [], "body_temperature": 38.6,
}  # fmt: skip


def rate(label: str, fn: Callable[[], object], *, repeat: int = 7, unit: str = "per_s") -> None:
    """Best of `repeat` runs of about 0.2 s each; prints ops/s and µs/op."""
    n = 1
    while True:  # calibrate
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start > 0.2:
            break
        n *= 2
    best = min(_timed(fn, n) for _ in range(repeat))
    per_op = best / n
    print(f"{label:<58} {1 / per_op:>12,.0f}/s {per_op * 1e6:>10.2f} µs")


def _timed(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - start


def main() -> None:
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    start = time.perf_counter()
    criteria = load_directory(data_root() / "liaoning-2020-13")
    print(
        f"{'load + validate + compile all YAML (cold)':<58} {(time.perf_counter() - start) * 1e3:>12.1f} ms"
    )
    criteria = load_criteria()
    shock = criteria.find("休克")
    ards = criteria.find("ards")
    hus = criteria.find("溶血尿毒综合征")
    shock_facts = criteria.vocabulary.validate(SHOCK)
    patient = criteria.vocabulary.validate(PATIENT)
    print(f"diseases: {len(criteria.diseases)}, patient facts: {len(patient)}")
    print()
    rate("one disease (shock), verdict only, validated facts", lambda: verdict_of(shock, shock_facts))
    rate("one disease (ARDS, derived PaO2/FiO2), verdict only", lambda: verdict_of(ards, patient))
    rate("one disease (HUS, via criterion reference), verdict only", lambda: verdict_of(hus, patient))
    rate("one disease (shock), with explanation tree", lambda: explain(shock, shock_facts))
    rate("one disease (shock), validate raw JSON + explain", lambda: evaluate(criteria, "休克", SHOCK))
    rate("validate 25 raw facts", lambda: criteria.vocabulary.validate(PATIENT))
    print()
    rate("screen all diseases, validated facts", lambda: screen_facts(criteria, patient))
    rate("screen all diseases, raw facts (validate + screen)", lambda: screen(criteria, PATIENT))
    rate("screen all diseases, 2 raw facts (shock only)", lambda: screen(criteria, SHOCK))


if __name__ == "__main__":
    main()
