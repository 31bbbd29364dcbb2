"""Demo data for a running service (``yidi serve --demo``): DEMO ONLY, never production data.

Hospitals of every level in four Liaoning cities (each with demo credentials: paasid
``demo-<code>``, secret ``demo-secret-<code>``), insured persons of each kind with valid ID
numbers (provincial-direct 219900 active, retired and civil servant; 铁岭 211200 retired
employee and resident), and a long-term retiree filing to Dalian. The treatment regions'
catalogues are the packaged demo files. Seeding is idempotent: what exists is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.identifiers import check_char
from yidi.service_layer import filing_services as fs
from yidi.service_layer.demo_settlements import seed_settlements
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.person_services import register_person
from yidi.service_layer.web_users import seed_demo_users

# code, name, hosp_lv
HOSPITALS = (
    ("H21010000001", "沈阳演示三级甲等医院", "3A"),
    ("H21010000002", "沈阳演示二级医院", "2"),
    ("H21020000001", "大连演示三级甲等医院", "3A"),
    ("H21020000002", "大连演示一级医院", "1"),
    ("H21120000001", "铁岭演示三级乙等医院", "3B"),
    ("H21120000002", "铁岭演示乡镇卫生院", "township"),
    ("H21130000001", "朝阳演示二级医院", "2"),
    ("H21130000002", "朝阳演示未定级医院", "unrated"),
)
# what each demo institution settles directly besides inpatient stays (A-WEB-12: the agency records it)
SERVICES = {"H21010000001": "inpatient,outpatient", "H21020000001": "inpatient,outpatient", "H21130000001": "inpatient,outpatient"}


@dataclass(frozen=True)
class DemoPerson:
    body: str  # the first 17 characters of the ID number
    name: str
    insutype: str
    psn_type: str
    region: str
    civil_servant: bool = False
    balance_fen: int = 0

    @property
    def id_number(self) -> str:
        return self.body + check_char(self.body)


PERSONS = (
    DemoPerson("21010219700101001", "省直在职", "310", "11", "219900", balance_fen=300_000),
    DemoPerson("21010219550203002", "省直退休", "310", "12", "219900", balance_fen=500_000),
    DemoPerson(
        "21010219680304003", "省直公务员", "310", "11", "219900", civil_servant=True, balance_fen=200_000
    ),
    DemoPerson("21120219580315004", "铁岭退休", "310", "12", "211200", balance_fen=150_000),
    DemoPerson("21120219900420005", "铁岭居民", "390", "13", "211200"),
)
STAFF = Actor("demo-seed", Role.STAFF, Channel.COUNTER)


def credentials(code: str) -> tuple[str, str]:
    """(paasid, secret) of a demo hospital."""
    return f"demo-{code}", f"demo-secret-{code}"


def seed(factory: Callable[[], HospitalUnitOfWork]) -> dict[str, object]:
    """Insert the demo hospitals, persons and filing if missing; returns what exists."""
    with factory() as uow:
        for code, name, level in HOSPITALS:
            if uow.hospital.hospital(code) is None:
                paasid, secret = credentials(code)
                uow.hospital.add_hospital(
                    code=code, name=name, region=code[1:7], hosp_lv=level, uscc="", paasid=paasid, secret=secret, active=True,
                    services=SERVICES.get(code, "inpatient"),
                )  # fmt: skip
        uow.commit()
    for p in PERSONS:
        with factory() as uow:
            exists = uow.persons.get(p.id_number) is not None
        if not exists:
            register_person(
                factory(), STAFF, id_number=p.id_number, name=p.name, insutype=p.insutype, psn_type=p.psn_type,
                insured_region=p.region, civil_servant=p.civil_servant, account_balance_fen=p.balance_fen,
            )  # fmt: skip
    retiree = PERSONS[1].id_number
    with factory() as uow:
        person = uow.persons.get(retiree)
        has_filing = bool(person and person.filings)
    if not has_filing:
        form = {"phone": "13800000000", "signed_by": PERSONS[1].name}
        req = NewFiling(
            Category.LONG_TERM_RETIREE, "210200", materials=(MaterialIn(MaterialKind.HUKOU),), form=form
        )
        fs.file(factory(), STAFF, retiree, req)
    seed_demo_users(factory)  # web UI demo accounts (issue 7)
    seed_settlements(factory, PERSONS, HOSPITALS)  # settled demo stays for 结算查询 (issue 7)
    with factory() as uow:  # psn_no: the platform's number (a HIS learns it from 1101)
        psn_nos = {p.id_number: getattr(uow.persons.get(p.id_number), "psn_no", "") for p in PERSONS}
    return {
        "hospitals": [{"code": c, "name": n, "hosp_lv": lv, "paasid": credentials(c)[0], "secret": credentials(c)[1]} for c, n, lv in HOSPITALS],
        "persons": [{"psn_no": psn_nos[p.id_number], "certno": p.id_number, "name": p.name, "insuplc_admdvs": p.region, "insutype": p.insutype} for p in PERSONS],
    }  # fmt: skip
