"""Random worlds of several persons and stays, for the online-equals-batch property test.

Everything a rule looks at varies: overlapping and repeated stays, duplicate and out-of-stay
lines, unlisted items, emergency evidence, filings, credit defaults, outpatient days, norms.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from tests.unit.supervision.world import ITEMS, balance, items, line

from yidi.domain.identifiers import check_char

START = datetime(2025, 3, 1)


def _id_number(rng: random.Random, n: int) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 30_000))
    body = f"210102{born:%Y%m%d}{n % 100:02d}{rng.randint(0, 9)}"
    return body + check_char(body)


def random_world(seed: int, persons: int = 6) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    rows: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("persons", "filings", "visits", "settlements", "lines")
    }
    rows["items"] = items()
    rows["norms"] = [{"dscg_maindiag_code": d, "hosp_lv": lv, "p95_days": rng.randint(1, 8), "stays": rng.choice([5, 30])}
                     for d in ("I21.0", "J18.9") for lv in ("3A", "2")]  # fmt: skip
    aliases = [*ITEMS, "UNKNOWN"]
    for p in range(persons):
        idn = _id_number(rng, p)
        credit = START + timedelta(days=rng.randint(-400, 20)) if rng.random() < 0.3 else None
        rows["persons"].append({"id_number": idn, "credit_default_on": credit.date() if credit else None})
        fid = f"F{p}"
        lo = START.date() + timedelta(days=rng.randint(-30, 10))
        hi = None if rng.random() < 0.5 else lo + timedelta(days=rng.randint(0, 30))
        rows["filings"].append({"filing_id": fid, "valid_from": lo, "valid_to": hi})
        for v in range(rng.randint(1, 4)):
            mdtrt = f"M{p}-{v}"
            begin = START + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23))
            inpatient = rng.random() < 0.7
            end = begin + timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 5)) if inpatient else begin
            if rng.random() < 0.05:
                end = begin - timedelta(days=1)
            still_in = inpatient and rng.random() < 0.1
            er = rng.random() < 0.3
            rows["visits"].append({
                "mdtrt_id": mdtrt, "id_number": idn, "hospital_code": f"H2101000000{rng.randint(1, 3)}",
                "hosp_lv": rng.choice(["3A", "2"]), "insured_region": rng.choice(["219900", "110000"]),
                "treatment_region": "210100", "pay_loc": rng.choice([3, 4]), "begntime": begin,
                "endtime": None if still_in else end,
                "status": rng.choice(["settled"] * 9 + ["cancelled"]), "er_flag": er,
                "evidence": rng.choice([None, {"verdict": "qualifies"}, {"verdict": "not_met"}, {"verdict": "undetermined"}]),
                "dscg_maindiag_code": rng.choice(["I21.0", "J18.9"]), "dept_code": rng.choice(["0302", "0401"]),
                "filing_id": fid if rng.random() < 0.8 else None,
            })  # fmt: skip
            setl_id = f"S{p}-{v}"
            setl: dict[str, Any] = {"setl_id": setl_id, "mdtrt_id": mdtrt, "clr_type": "21" if inpatient else "11",
                                    "setl_time": (end if not still_in else begin) + timedelta(hours=rng.randint(-2, 3))}  # fmt: skip
            specs: list[dict[str, Any]] = []
            for _ in range(rng.randint(0, 8)):
                spec: dict[str, Any] = {"item": rng.choice(aliases), "cnt": rng.choice([1, 2, 3, 0.5, 5]),
                                        "time": begin + timedelta(hours=rng.randint(-30, 24 * 10))}  # fmt: skip
                if rng.random() < 0.1:
                    spec["pric"] = str(rng.randint(1, 900))
                specs.append(spec)
                if rng.random() < 0.15:
                    specs.append(dict(spec))
            lines = [line(setl_id, f"{p}-{v}-{i}", s, begin) for i, s in enumerate(specs)]
            if lines and rng.random() < 0.1:
                lines[0]["overlmt_amt"] = 0
            balance(setl, lines)
            if rng.random() < 0.05:
                setl["medfee_sumamt"] += 1
            rows["settlements"].append(setl)
            rows["lines"].extend(lines)
    return rows
