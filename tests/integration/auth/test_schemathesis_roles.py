"""schemathesis against the OpenAPI for staff, an insured person and a hospital (issue 13 scope
9): generated requests to every operation must never be answered with a server error. Bounded
(a few examples per operation) so ``.ci/run`` stays in time; marked slow — plain ``pytest``
(``.ci/run``) runs it, the quick suite does not."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from yidi.entrypoints.api.app import create_app

schemathesis = pytest.importorskip("schemathesis", reason="pip install -e '.[dev]' (schemathesis)")
hypothesis = pytest.importorskip("hypothesis")

EXAMPLES = 4  # per operation and role
SKIP = ("/fsi/",)  # the national interface answers in its own shape (signed; tests/integration/hospital)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["staff", "insured", "hospital"])
def test_no_server_error_for_any_role(uow_factory, bearer, new_id_number, role: str) -> None:  # type: ignore[no-untyped-def]
    app = create_app(uow_factory)
    client = TestClient(app)
    staff = bearer(client, "st-staff", "staff", "counter")
    idn = new_id_number()
    person = {"name": "王五", "insutype": "310", "psn_type": "12", "insured_region": "219900"}
    assert client.put(f"/api/v1/persons/{idn}", json=person, headers=staff).status_code == 200
    headers = {
        "staff": staff,
        "insured": bearer(client, "st-insured", "insured", "self_service", id_number=idn),
        "hospital": bearer(client, "st-hospital", "hospital", "hospital_admission", hospital_code="H21010000001"),
    }[role]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=staff)  # staff-only (docs.py)
    failures: list[str] = []
    calls: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(SKIP):
            continue

        @hypothesis.settings(
            max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
            suppress_health_check=list(hypothesis.HealthCheck), phases=[hypothesis.Phase.generate],
        )  # fmt: skip
        @hypothesis.given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(headers=headers)
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:200]}")

        check()
    print(f"schemathesis {role}: {len(calls)} calls, {len(failures)} server errors")  # -s shows it
    assert not failures, "\n".join(failures[:20])
    assert len(calls) > 50  # every operation was exercised
