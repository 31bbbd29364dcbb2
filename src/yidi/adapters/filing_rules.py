"""Load the filing rules (``yidi/policy/data/filing/*.yaml``) into a ``RuleBook``; fail loudly.

Each file: ``region`` (the file's stem, or ``default``), ``name``, ``sources`` (id → document,
note) and ``parameters`` (name → ``values``: list of {from, value, source, clause, assumption?,
note?}). Errors name the file, the key and the reason (``PolicyFileError``).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from yidi.domain.errors import PolicyFileError
from yidi.domain.filing.clauses import Clause
from yidi.domain.filing.rules import PARAMETERS, ParamValue, RuleBook

DATA_DIR = Path(__file__).resolve().parent.parent / "policy" / "data" / "filing"
_VALUE_KEYS = {"from", "value", "source", "clause", "assumption", "note"}

Values = dict[str, tuple[ParamValue, ...]]


def _load_file(path: Path) -> tuple[str, Values]:
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:
        # ValueError: PyYAML turns 2021-06-31 into date() and fails — an impossible date
        raise PolicyFileError(name, "-", f"not valid YAML or an impossible date: {exc}") from None
    if not isinstance(doc, dict):
        raise PolicyFileError(name, "-", "top level must be a mapping")
    extra = set(doc) - {"region", "name", "sources", "parameters"}
    if extra:
        raise PolicyFileError(name, ",".join(sorted(extra)), "unknown top-level keys")
    region = doc.get("region")
    if str(region) != path.stem:
        raise PolicyFileError(name, "region", f"must equal the file name {path.stem!r}, got {region!r}")
    sources = doc.get("sources") or {}
    if not isinstance(sources, dict) or not all(
        isinstance(s, dict) and "document" in s for s in sources.values()
    ):
        raise PolicyFileError(name, "sources", "each source needs a document")
    params = doc.get("parameters")
    if not isinstance(params, dict):
        raise PolicyFileError(name, "parameters", "must be a mapping")
    out: Values = {}
    for pname, body in params.items():
        key = f"parameters.{pname}"
        if pname not in PARAMETERS:
            raise PolicyFileError(name, key, f"unknown parameter (known: {', '.join(sorted(PARAMETERS))})")
        if not isinstance(body, dict) or not isinstance(body.get("values"), list) or not body["values"]:
            raise PolicyFileError(name, key, "needs a non-empty list 'values'")
        values = [_value(name, f"{key}.values[{i}]", v, sources, pname) for i, v in enumerate(body["values"])]
        dates = [v.effective for v in values]
        if len(set(dates)) != len(dates):
            raise PolicyFileError(name, key, "two values with the same effective date")
        out[pname] = tuple(sorted(values, key=lambda v: v.effective))
    return str(region), out


def _value(file: str, key: str, raw: object, sources: dict[str, dict[str, str]], pname: str) -> ParamValue:
    if not isinstance(raw, dict):
        raise PolicyFileError(file, key, "must be a mapping with from/value/source/clause")
    extra = set(raw) - _VALUE_KEYS
    if extra:
        raise PolicyFileError(file, key, f"unknown keys {sorted(extra)}")
    effective = raw.get("from")
    if not isinstance(effective, date):
        raise PolicyFileError(file, f"{key}.from", f"must be a date YYYY-MM-DD, got {effective!r}")
    source = raw.get("source")
    if source not in sources:
        raise PolicyFileError(file, f"{key}.source", f"unknown source {source!r}")
    if "value" not in raw:
        raise PolicyFileError(file, f"{key}.value", "missing")
    try:
        value = PARAMETERS[pname](raw["value"])
    except ValueError as exc:
        raise PolicyFileError(file, f"{key}.value", str(exc)) from None
    assumption = raw.get("assumption", False)
    if not isinstance(assumption, bool):
        raise PolicyFileError(file, f"{key}.assumption", "must be true or false")
    if assumption and not raw.get("note"):
        raise PolicyFileError(file, f"{key}.note", "an assumption needs a note saying why")
    return ParamValue(
        effective=effective,
        value=value,
        clause=Clause(str(sources[str(source)]["document"]), str(raw.get("clause") or "")),
        assumption=assumption,
        note=str(raw.get("note") or ""),
        origin=file,
    )


def load_rule_book(directory: Path | None = None) -> RuleBook:
    """Read every ``*.yaml`` in the directory; ``default.yaml`` must define every parameter."""
    folder = directory or DATA_DIR
    files = sorted(folder.glob("*.yaml"))
    regions: dict[str, Values] = {}
    default: Values | None = None
    for path in files:
        region, values = _load_file(path)
        if region == "default":
            default = values
        elif not (len(region) == 6 and region.isdigit()):
            raise PolicyFileError(path.name, "region", "must be 'default' or a 6-digit pooling region code")
        else:
            regions[region] = values
    if default is None:
        raise PolicyFileError(str(folder), "default.yaml", "the provincial default file is missing")
    missing = sorted(set(PARAMETERS) - set(default))
    if missing:
        raise PolicyFileError("default.yaml", "parameters", f"must define every parameter; missing {missing}")
    return RuleBook(default, regions)


@lru_cache(maxsize=1)
def packaged_rule_book() -> RuleBook:
    """The rules shipped with yidi (cached)."""
    return load_rule_book()
