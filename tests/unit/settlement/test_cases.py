"""Runs the YAML rule cases under tests/cases/settlement: each case is written from a clause."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from yidi.domain.errors import InvalidInput, PolicyUndecidable
from yidi.service_layer.desk import settle

CASES = Path(__file__).parents[2] / "cases" / "settlement"
BASE = {
    "mdtrtarea_admvs": "210100",
    "insutype": "310",
    "psn_type": "11",
    "cvlserv_flag": "0",
    "setl_time": "2024-05-20",
    "med_type": "21",
    "acct_used_flag": "0",
}


def build_request(defaults: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    req = {**BASE, **defaults, **given}
    inscp = req.pop("inscp", None)
    if inscp is not None:
        req.update(
            medfee_sumamt=inscp,
            fulamt_ownpay_amt="0",
            overlmt_selfpay="0",
            preselfpay_amt="0",
            inscp_scp_amt=inscp,
        )
    return req


def load_cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            out.append(pytest.param(doc.get("defaults", {}), case, id=f"{path.stem}:{case['name']}"))
    return out


@pytest.mark.parametrize(("defaults", "case"), load_cases())
def test_case(defaults: dict[str, Any], case: dict[str, Any]) -> None:
    assert case.get("clause"), "every case names the clause it was written from"
    request = build_request(defaults, case["request"])
    if "error" in case:
        with pytest.raises((InvalidInput, PolicyUndecidable)) as err:
            settle(request)
        body = err.value.as_dict()
        problem = body["problems"][0]  # type: ignore[index]
        assert problem["field"] == case["error"]["field"]
        assert case["error"]["contains"] in problem["message_zh"]
        return
    result = settle(request)
    got = {k: result["setlinfo"][k] for k in case["expect"]}
    assert got == case["expect"]
    if "explanation_contains" in case:
        assert case["explanation_contains"] in json.dumps(result["explanation"], ensure_ascii=False)


def test_every_seed_number_has_a_case() -> None:
    """The benefit numbers of seeds 000 and 001 each appear in an expected amount or ratio."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in CASES.glob("*.yaml"))
    deductibles = [
        "1300.00",
        "700.00",
        "500.00",
        "1500.00",
        "800.00",
        "600.00",
        "750.00",
        "1250.00",
        "1750.00",
        "2000.00",
    ]
    ratios = {
        "0.8900": "7743.00",
        "0.9400": "8742.00",
        "0.9500": "9025.00",
        "0.7500": "6375.00",
        "0.8000": "7360.00",
        "0.8500": "7990.00",
    }
    for amount in deductibles:
        assert f'act_pay_dedc: "{amount}"' in text, amount
    for ratio, pay in ratios.items():
        assert ratio in text and pay in text, ratio
