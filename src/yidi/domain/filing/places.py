"""Treatment places: a filing is to a city or province, never one hospital (seed 003 一(三)).

Hospitals are named by their national code (``H`` + 6-digit division + 5 digits, fixmedins_code);
the division tells which city/province they are in.
"""

from __future__ import annotations

import re

from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing.clauses import DOC_PROBLEMS, Clause, Reason
from yidi.domain.regions import known_place

_HOSPITAL = re.compile(r"^H\d{11}$")


def treatment_place(code: object, field: str = "treatment_region") -> str:
    """Normalise a treatment region to a city (xxxx00) or province (xx0000) code; a code that
    names no province or city is refused (``regions.known_place``)."""
    if isinstance(code, str) and _HOSPITAL.match(code.strip().upper()):
        raise FilingRefused(
            "HOSPITAL_NOT_A_PLACE",
            Reason(
                "place.granularity",
                "备案到就医地市或省，不备案到具体定点医疗机构；长期备案可另选门诊统筹定点医院",
                "a filing is to a city or province, never to one hospital; long-term filers may choose an "
                "outpatient-pooling hospital separately",
                Clause(DOC_PROBLEMS, "一(三)"),
                {"given": code},
                field,
            ),
        )
    region = known_place(code, field)  # 999900 is no place
    if region.endswith("0000"):
        return region
    # a county belongs to its city: the filing covers the whole city (a provincial-level pooling
    # region such as 219900 ends in 00 and stays itself)
    return region[:4] + "00"


def hospital_region(code: object, field: str) -> str:
    """Division code of a hospital from its national code (H + division + serial)."""
    if not isinstance(code, str) or not _HOSPITAL.match(code.strip().upper()):
        raise InvalidInput.of(
            field, f"定点医疗机构编码格式错误：{code!r}（应为 H+11 位数字）", f"bad hospital code {code!r}"
        )
    return code.strip().upper()[1:7]


def in_place(region: str, place: str) -> bool:
    """Whether a division code lies in a treatment place (city or province)."""
    if place.endswith("0000"):
        return region[:2] == place[:2]
    return region[:4] == place[:4]


def check_hospital(code: str | None, place: str | None, field: str) -> str | None:
    """A chosen outpatient/chronic hospital must be in the filed treatment place (only its code
    is checked while the place is not known, e.g. itself invalid)."""
    if code is None or code == "":
        return None
    region = hospital_region(code, field)
    if place is not None and not in_place(region, place):
        raise InvalidInput.of(
            field,
            f"所选医院 {code} 不在备案就医地 {place} 内",
            f"hospital {code} is not in the treatment place {place}",
        )
    return code.strip().upper()
