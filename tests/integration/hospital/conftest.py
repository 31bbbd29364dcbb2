"""Fixtures of the hospital-interface tests: a hospital unit of work on the test database
(SQLite always, PostgreSQL too when ``YIDI_TEST_DATABASE_URL`` is set — the fixtures of
``tests/integration/conftest.py``), registered hospitals and persons, and ``His``, a tiny HIS
that builds national envelopes with valid msgids and calls the dispatcher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hospital_his import His
from sqlalchemy import Engine

from yidi.adapters.db import session_factory
from yidi.domain.actors import Actor, Channel, Role
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.person_services import register_person

STAFF = Actor("seed", Role.STAFF, Channel.COUNTER)


@pytest.fixture
def huow_factory(engine: Engine, clock: Any) -> Callable[[], HospitalUnitOfWork]:
    sessions = session_factory(engine)
    return lambda: HospitalUnitOfWork(sessions, clock=clock)


def add_hospital(
    factory: Callable[[], HospitalUnitOfWork], code: str, hosp_lv: str = "3", name: str = ""
) -> dict[str, str]:
    secret = f"secret-{code}"
    with factory() as uow:
        uow.hospital.add_hospital(
            code=code, name=name or f"演示医院{code}", region=code[1:7], hosp_lv=hosp_lv, uscc="",
            paasid=f"paas{code}", secret=secret, active=True,
        )  # fmt: skip
        uow.commit()
    return {"code": code, "paasid": f"paas{code}", "secret": secret}


@pytest.fixture
def hospital(huow_factory: Callable[[], HospitalUnitOfWork]) -> His:
    """A signed-in 三级 hospital in Shenyang (210100)."""
    add_hospital(huow_factory, "H21010000001", "3", "沈阳演示三级医院")
    his = His(huow_factory, "H21010000001", "210100")
    his.sign_in()
    return his


@pytest.fixture
def person(uow: Any, new_id_number: Callable[..., str]) -> Callable[..., str]:
    """Register an insured person (default: 铁岭 211200 employee, retired, account 1500 yuan)."""

    def make(
        region: str = "211200", insutype: str = "310", psn_type: str = "12", balance: int = 150_000, **kw: Any
    ) -> str:
        idn = new_id_number()
        register_person(
            uow, STAFF, id_number=idn, name="张三", insutype=insutype, psn_type=psn_type,
            insured_region=region, account_balance_fen=balance, **kw,
        )  # fmt: skip
        return idn

    return make
