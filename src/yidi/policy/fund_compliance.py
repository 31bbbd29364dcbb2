"""The compliance data (``data/fund/compliance.yaml``): per region, which filing category carries
its local same-level standard and whether it runs one temporary filing type; the tolerances of
"about" (左右) are dated parameters (``fund/parameters.yaml``, ``policy.clearing.fund_tolerances``).
Assumption ids must be registered (``assumptions.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from yidi.domain.errors import PolicyUndecidable
from yidi.policy.files import Fields, data_dir, read_yaml
from yidi.policy.sources import assumptions

FILE = "fund/compliance.yaml"


@dataclass(frozen=True)
class RegionCompliance:
    region: str
    local_category: str  # a filing-category code whose benefits are the local standard
    source: str
    assumption: str | None  # set when the local standard itself is an assumption
    single_temporary_type: bool


@dataclass(frozen=True)
class ComplianceData:
    regions: dict[str, RegionCompliance]

    def region(self, region: str) -> RegionCompliance:
        found = self.regions.get(region)
        if found is None:
            raise PolicyUndecidable(
                "--region",
                f"统筹区 {region} 没有本地同级待遇标准的数据（{FILE}），无法对照2025年通知",
                f"no local standard recorded for {region} in {FILE}",
            )
        return found


@cache
def compliance_data() -> ComplianceData:
    f = Fields(FILE)
    raw = f.mapping(read_yaml(data_dir("fund") / "compliance.yaml", FILE), "<root>", {"regions"})
    known = assumptions()

    regions = {}
    keys = {"local_category", "source", "assumption", "single_temporary_type", "single_type_source"}
    for code, entry in f.mapping(raw["regions"], "regions").items():
        where = f"regions.{code}"
        e = f.mapping(entry, where, keys, required={"local_category", "source", "single_temporary_type"})
        aid = f.optional_text(e.get("assumption"), f"{where}.assumption")
        if aid is not None and aid not in known:
            f.fail(f"{where}.assumption", f"未登记的假设 {aid} / unregistered assumption")
        regions[str(code)] = RegionCompliance(
            f.region(str(code), where), f.text(e["local_category"], f"{where}.local_category"),
            f.text(e["source"], f"{where}.source"), aid, f.boolean(e["single_temporary_type"], where),
        )  # fmt: skip
    return ComplianceData(regions)
