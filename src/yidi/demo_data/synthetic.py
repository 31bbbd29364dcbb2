"""Synthetic claims tables for demos, benchmarks and differential tests (合成数据，非真实人员).

Every row is a valid settlement of the shipped regions: 省直 employees and 铁岭 employees and
residents, a mix of categories and hospital levels, several claims per person in a year.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from yidi.domain.arrow_money import fen_array
from yidi.domain.settlement.request import FILING_CATEGORIES

_EMPLOYEE_LV = np.array(["1", "2", "3", "3A", "3B", "unrated", "township"])
_RESIDENT_LV = np.array(["1", "2", "3A", "3B", "unrated", "township"])
# the categories every shipped region and scheme has (maternity is for employees only)
_CATEGORIES = np.array([c for c in FILING_CATEGORIES if c not in ("maternity", "assistance_referral")])


def claims_table(
    n: int, seed: int = 0, persons: int | None = None, person_seed: int | None = None
) -> pa.Table:
    """``n`` claims of ``persons`` people (default n // 3) between 2023 and 2025.

    Person attributes (region, scheme, retired) come from ``person_seed`` (default ``seed + 1``):
    chunks of one large data set generated with different ``seed`` but the same ``persons`` and
    ``person_seed`` describe the same people.
    """
    rng = np.random.default_rng(seed)
    persons = persons or max(1, n // 3)
    person = rng.integers(0, persons, n)
    prng = np.random.default_rng(seed + 1 if person_seed is None else person_seed)
    p_region = np.where(prng.random(persons) < 0.6, "219900", "211200")
    p_resident = (p_region == "211200") & (prng.random(persons) < 0.5)
    p_retired = prng.random(persons) < 0.4
    region, resident = p_region[person], p_resident[person]
    insutype = np.where(resident, "390", "310")
    psn_type = np.where(resident, "14", np.where(p_retired[person], "12", "11"))
    hosp_lv = np.where(resident, rng.choice(_RESIDENT_LV, n), rng.choice(_EMPLOYEE_LV, n))
    days = rng.integers(np.datetime64("2023-01-01").astype(int), np.datetime64("2025-12-31").astype(int), n)
    inscp = np.round(rng.lognormal(9.6, 1.3, n) * 100).astype(np.int64)  # median ≈ 14 800 yuan
    fulamt = (inscp * rng.random(n) * 0.15).astype(np.int64)
    overlmt = np.where(rng.random(n) < 0.2, (inscp * rng.random(n) * 0.05).astype(np.int64), 0)
    pre = (inscp * rng.random(n) * 0.08).astype(np.int64)
    cvlserv = (region == "219900") & (rng.random(n) < 0.3)
    return pa.table(
        {
            "psn_no": pc.binary_join_element_wise("P", pa.array(person).cast(pa.string()), ""),
            "insuplc_admdvs": pa.array(region),
            "mdtrtarea_admvs": pa.array(rng.choice(np.array(["210100", "210200", "110000"]), n)),
            "insutype": pa.array(insutype),
            "psn_type": pa.array(psn_type),
            "cvlserv_flag": pa.array(np.where(cvlserv, "1", "0")),
            "filing_category": pa.array(rng.choice(_CATEGORIES, n)),
            "hosp_lv": pa.array(hosp_lv),
            "setl_time": pa.array(days.astype("datetime64[D]")),
            "med_type": pa.array(np.full(n, "21")),
            "medfee_sumamt": fen_array(inscp + fulamt + overlmt + pre),
            "fulamt_ownpay_amt": fen_array(fulamt),
            "overlmt_selfpay": fen_array(overlmt),
            "preselfpay_amt": fen_array(pre),
            "inscp_scp_amt": fen_array(inscp),
            "acct_used_flag": pa.array(np.where(insutype == "310", "1", "0")),
            "acct_balc": fen_array(np.where(insutype == "310", rng.integers(0, 500_000, n), 0)),
        }
    )
