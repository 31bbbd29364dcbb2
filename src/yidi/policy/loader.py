"""Load and validate a region's benefit-policy YAML file (待遇政策文件).

A broken file fails loudly with ``PolicyFileError(file, key, reason)``: unknown parameters or
dimensions, ratios outside [0, 1], negative amounts, bad dates, a value without a source, and —
checked over the whole effective span — any combination of insurance type × person type ×
filing category × hospital level that has no value, or two values, for some parameter on some day.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from yidi.domain.errors import InvalidInput, PolicyFileError
from yidi.domain.rules import Citation
from yidi.domain.settlement.delegation import KEYS as DELEGATION_KEYS
from yidi.domain.settlement.delegation import Delegation
from yidi.domain.settlement.parameters import DIMENSIONS, PARAMS
from yidi.domain.settlement.policy import ClassMap, RegionPolicy, Scheme, check_complete
from yidi.policy.dated import CITATION_KEYS, assumption_id, parse_citation
from yidi.policy.files import Fields, data_dir, read_yaml
from yidi.policy.params import parse_param_entries

DATA = "benefit"
_TOP = {"region", "name", "valid_from", "schemes", "parameters", "notes", "settle_under"}
_DELEGATION_KEYS = CITATION_KEYS | {"when", "region", "from", "to", "what"}
_CLASS_KEYS = CITATION_KEYS | {"class", "label"}
_NOTE_KEYS = {"assumption", "text", "applies_to"}


def _scheme(insutype: str, raw: Any, f: Fields) -> Scheme:
    where = f"schemes.{insutype}."
    raw = f.mapping(raw, where[:-1])
    maps: dict[str, dict[str, ClassMap]] = {}
    for dim in DIMENSIONS[1:]:
        entries = f.need(raw, dim, where)
        if not isinstance(entries, dict) or not entries:
            f.fail(where + dim, "应为非空映射 / must be a non-empty mapping")
        maps[dim] = {}
        for value, m in entries.items():
            key = f"{where}{dim}.{value}"
            if not isinstance(m, dict) or "class" not in m:
                f.fail(key, "缺少 class / missing class")
            f.mapping(m, key, _CLASS_KEYS)
            # a class mapping without a source restates the national code's meaning
            cited = parse_citation(m, f, key) if m.keys() & {"source", "assumption"} else Citation()
            maps[dim][str(value)] = ClassMap(
                str(m["class"]), str(m.get("label", m["class"])), cited, str(m.get("note", ""))
            )
    missing = {
        dim[: -len("_missing")]: {str(k): str(v) for k, v in raw[dim].items()}
        for dim in raw
        if dim.endswith("_missing")
    }
    return Scheme(insutype, str(raw.get("name", insutype)), maps, missing)


def _notes(raw: Any, f: Fields) -> tuple[dict[str, Any], ...]:
    """Notes added to a matching settlement's explanation (e.g. how a clause is read)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.fail("notes", "应为列表 / must be a list")
    for i, note in enumerate(raw):
        f.mapping(note, f"notes[{i}]", _NOTE_KEYS, required={"text"})
        if "assumption" in note:
            assumption_id(f, str(note["assumption"]), f"notes[{i}].assumption")
    return tuple(raw)


def _delegations(raw: Any, f: Fields) -> tuple[Delegation, ...]:
    """``settle_under``: direct settlements matching ``when`` use ``region``'s benefit policy."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.fail("settle_under", "应为列表 / must be a list")
    out = []
    for i, d in enumerate(raw):
        where = f"settle_under[{i}]"
        f.mapping(d, where, _DELEGATION_KEYS, required={"when", "region", "from"})
        when = f.mapping(d["when"], f"{where}.when")
        if not when or set(when) - set(DELEGATION_KEYS):
            f.fail(f"{where}.when", f"应为 {', '.join(DELEGATION_KEYS)} 的非空映射 / keys among {DELEGATION_KEYS}")
        values = {str(k): frozenset(str(x) for x in (v if isinstance(v, list) else [v])) for k, v in when.items()}
        out.append(Delegation(
            values, f.region(d["region"], f"{where}.region"), f.day(d["from"], f"{where}.from"),
            f.day(d["to"], f"{where}.to") if d.get("to") is not None else None,
            parse_citation(d, f, where), str(d.get("what", "有关规定")),
        ))  # fmt: skip
    return tuple(out)


def parse_policy(raw: Any, file: str) -> RegionPolicy:
    """Build and validate a RegionPolicy from parsed YAML; ``file`` names it in errors."""
    f = Fields(file)
    if not isinstance(raw, dict):
        f.fail("<root>", "文件内容应为映射 / top level must be a mapping")
    f.mapping(raw, "<root>", _TOP)
    region = f.region(f.need(raw, "region"), "region")
    valid_from = f.day(f.need(raw, "valid_from"), "valid_from")
    schemes = {str(k): _scheme(str(k), v, f) for k, v in f.mapping(f.need(raw, "schemes"), "schemes").items()}
    params_raw = f.mapping(f.need(raw, "parameters"), "parameters")
    unknown = set(params_raw) - set(PARAMS)
    if unknown:
        f.fail(f"parameters.{sorted(unknown)[0]}", "未知参数 / unknown parameter")
    params = {name: parse_param_entries(name, params_raw[name], schemes, file) for name in params_raw}
    notes = _notes(raw.get("notes"), f)
    delegations = _delegations(raw.get("settle_under"), f)
    policy = RegionPolicy(
        region, str(raw.get("name", region)), valid_from, schemes, params, notes, file, delegations
    )
    check_complete(policy)
    return policy


def _data_dir() -> Path:
    return data_dir(DATA)


def available_regions() -> list[str]:
    """Pooling regions that have a benefit-policy file."""
    return sorted(p.stem for p in _data_dir().glob("*.yaml"))


def load_file(path: Path) -> RegionPolicy:
    policy = parse_policy(read_yaml(path), path.name)
    if policy.region != path.stem:
        raise PolicyFileError(
            path.name, "region", f"与文件名不符 / does not match file name: {policy.region}"
        )
    return policy


@cache
def load_region(region: str) -> RegionPolicy:
    """The validated policy of one pooling region (cached; files are read once per process)."""
    path = _data_dir() / f"{region}.yaml"
    if not path.is_file():
        raise InvalidInput.of(
            "insuplc_admdvs",
            f"统筹区 {region} 没有待遇政策数据（已有：{'、'.join(available_regions())}）",
            f"no benefit policy for pooling region {region} (available: {', '.join(available_regions())})",
        )
    return load_file(path)
