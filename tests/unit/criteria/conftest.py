"""Fixtures for the emergency-criteria tests: the shipped criteria and the YAML cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from yidi.domain.criteria import CriteriaSet
from yidi.policy.criteria import load_criteria

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "criteria"


@pytest.fixture(scope="session")
def criteria() -> CriteriaSet:
    return load_criteria()


@pytest.fixture(scope="session")
def cases() -> list[dict]:
    """Every case of tests/cases/criteria/*.yaml, each tagged with its file and index."""
    found = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(file.read_text(encoding="utf-8"))):
            found.append({**case, "where": f"{file.name}[{i}]"})
    return found
