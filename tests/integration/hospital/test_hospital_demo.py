"""`yidi serve`'s app on a fresh database with the demo data, driven by the worked HIS client
(``examples/his_client.py``) through an in-process HTTP client; seeding twice changes nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi.testclient import TestClient

from yidi.entrypoints.cli.serve import build_app
from yidi.service_layer.demo_seed import HOSPITALS, PERSONS, seed

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "his_client.py"


def load_example():
    spec = importlib.util.spec_from_file_location("his_client_example", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_server_runs_the_worked_client(db_url, capsys):
    app, seeded = build_app(db_url, demo=True)
    assert seeded is not None and len(seeded["hospitals"]) == len(HOSPITALS)
    assert {lv for _, _, lv in HOSPITALS} == {"3A", "3B", "2", "1", "township", "unrated"}
    again = seed(app.state.hospital_uow_factory)
    assert again == seeded
    with app.state.hospital_uow_factory() as uow:
        assert all(uow.persons.get(p.id_number) is not None for p in PERSONS)
        assert len(uow.persons.get(PERSONS[1].id_number).filings) == 1
    his = load_example()
    first = seeded["hospitals"][0]
    client = his.Client("http://testserver", first["paasid"], first["secret"])
    client.http = TestClient(app)
    his.run(client, PERSONS[3].id_number)
    out = capsys.readouterr().out
    assert "【3201】成功" in out and "✘" not in out
