"""Load the filing rules (``yidi/policy/data/filing/*.yaml``) into a ``RuleBook``; fail loudly.

Each file: ``region`` (the file's stem, or ``default`` for the provincial default), ``name`` and
``parameters`` (name → a list of dated values in the one schema of ``policy.dated``: from, to,
value, source, assumption, note). ``default.yaml`` must define every parameter; a region file
adds its own values, which outrank the default while in force. Errors name the file, the key
and the reason (``PolicyFileError``). Periods in working days (工作日) skip the public holidays of
the one working-day calendar (``policy.calendar``, shared with manual claims).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from yidi.domain.errors import PolicyFileError
from yidi.domain.filing.rules import RuleBook, Values
from yidi.domain.rules import Layer
from yidi.policy.dated import parse_parameters
from yidi.policy.files import Fields, data_dir, read_yaml
from yidi.policy.filing_values import PARAMETERS

DATA_DIR = data_dir("filing")
_TOP = {"region", "name", "parameters"}


def _load_file(path: Path) -> tuple[str, Values]:
    f = Fields(path.name)
    doc = f.mapping(read_yaml(path), "<root>", _TOP)
    region = str(doc.get("region"))
    if region != path.stem:
        f.fail(
            "region", f"应与文件名一致 / must equal the file name {path.stem!r}, got {doc.get('region')!r}"
        )
    layer = Layer.DEFAULT if region == "default" else Layer.REGION
    return region, parse_parameters(doc.get("parameters"), f, PARAMETERS, layer=layer)


def load_rule_book(directory: Path | None = None) -> RuleBook:
    """Read every ``*.yaml`` in the directory; ``default.yaml`` must define every parameter."""
    folder = directory or DATA_DIR
    regions: dict[str, Values] = {}
    default: Values | None = None
    for path in sorted(folder.glob("*.yaml")):
        region, values = _load_file(path)
        if region == "default":
            default = values
        elif not (len(region) == 6 and region.isdigit()):
            raise PolicyFileError(
                path.name,
                "region",
                "应为 default 或6位统筹区代码 / must be 'default' or a 6-digit pooling region code",
            )
        else:
            regions[region] = values
    if default is None:
        raise PolicyFileError(
            str(folder), "default.yaml", "缺少全省默认文件 / the provincial default file is missing"
        )
    missing = sorted(set(PARAMETERS) - set(default))
    if missing:
        raise PolicyFileError(
            "default.yaml", "parameters", f"须定义全部参数 / must define every parameter; missing {missing}"
        )
    from yidi.policy.calendar import packaged_calendar  # lazy: the claims package imports numpy

    return RuleBook(default, regions, packaged_calendar())


@lru_cache(maxsize=1)
def packaged_rule_book() -> RuleBook:
    """The rules shipped with yidi (cached)."""
    return load_rule_book()
