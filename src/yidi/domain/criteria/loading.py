"""Load the criteria data files (``yidi/policy/data/criteria/<version>/``) into a ``CriteriaSet``.

Each version directory holds ``manifest.yaml`` (document, effective date, sources, file list),
``facts.yaml`` (the vocabulary) and one file per system. Loading validates everything and
compiles the rules once; the result is cached, so callers pay the YAML cost once per process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from yidi.domain.criteria.catalogue import CriteriaSet, Disease, System
from yidi.domain.criteria.logic import Criterion
from yidi.domain.criteria.parsing import RuleParser
from yidi.domain.criteria.vocabulary import Vocabulary
from yidi.domain.criteria.vocabulary_parsing import parse_vocabulary
from yidi.domain.errors import PolicyFileError, PolicyUndecidable

# The C loader (libyaml) when present: loading is then ~5× faster, which the CLI start feels.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def data_root() -> Traversable:
    return resources.files("yidi.policy") / "data" / "criteria"


@lru_cache(maxsize=8)
def _versions() -> tuple[CriteriaSet, ...]:
    found = [
        load_directory(d) for d in data_root().iterdir() if d.is_dir() and (d / "manifest.yaml").is_file()
    ]
    return tuple(sorted(found, key=lambda c: c.effective_from))


def load_criteria(on: dt.date | None = None) -> CriteriaSet:
    """The criteria in force on ``on`` (default: the newest version)."""
    versions = _versions()
    usable = [v for v in versions if on is None or v.effective_from <= on]
    if not usable:
        raise PolicyUndecidable(
            "date",
            f"{on} 时尚无生效的急危重病种标准（最早 {versions[0].effective_from if versions else '无'}）",
            f"no emergency criteria in force on {on}",
        )
    return usable[-1]


def load_directory(directory: Traversable | Path) -> CriteriaSet:
    """Load and validate one version directory (also used by tests on broken copies)."""
    manifest_file = directory / "manifest.yaml"
    manifest = _read(manifest_file)
    name = _name(manifest_file)
    vocabulary = parse_vocabulary(_read(directory / "facts.yaml"), _name(directory / "facts.yaml"))
    files = manifest.get("systems")
    if not isinstance(files, list) or not files:
        raise PolicyFileError(name, "systems", "needs the list of system files")
    references: list[tuple[str, str, Criterion]] = []
    systems = tuple(_system(directory / str(f), vocabulary, manifest, references) for f in files)
    _bind(systems, [_name(directory / str(f)) for f in files], references)
    effective = manifest.get("effective_from")
    if not isinstance(effective, dt.date):
        raise PolicyFileError(name, "effective_from", "needs a date (YYYY-MM-DD)")
    try:
        return CriteriaSet(
            id=str(manifest["id"]),
            title=str(manifest["title"]),
            version=str(manifest["version"]),
            document=str(manifest["document"]),
            effective_from=effective,
            preamble=str(manifest.get("preamble", "")),
            reading_of_bounds=str(manifest.get("reading_of_bounds", "")),
            sources=_sources(name, manifest.get("sources", [])),
            vocabulary=vocabulary,
            systems=systems,
        )
    except KeyError as missing:
        raise PolicyFileError(name, str(missing.args[0]), "required key missing") from None


def _system(
    file: Traversable | Path,
    vocabulary: Vocabulary,
    manifest: Mapping[str, object],
    references: list[tuple[str, str, Criterion]],
) -> System:
    name = _name(file)
    data = _read(file)
    system_code, system_name, section = (_text(data, k, name) for k in ("code", "name", "section"))
    entries = data.get("diseases")
    if not isinstance(entries, list) or not entries:
        raise PolicyFileError(name, "diseases", "needs a non-empty list of diseases")
    parser = RuleParser(vocabulary, name)
    diseases = []
    for i, entry in enumerate(entries):
        path = f"diseases[{i}]"
        if not isinstance(entry, Mapping):
            raise PolicyFileError(name, path, "must be a mapping")
        code = _text(entry, "code", name, path)
        if not set(code) <= _CODE_CHARS:
            raise PolicyFileError(name, f"{path}.code", "disease codes are snake_case ASCII")
        if "rule" not in entry:
            raise PolicyFileError(name, f"{path}.rule", "every disease needs its key criterion")
        before = len(parser.references)
        rule = parser.parse(entry["rule"], f"{path}.rule")
        references.extend((code, p, node) for p, node in parser.references[before:])
        full_section = f"{section}{entry.get('section', '')}"
        disease_name = _text(entry, "name", name, path)
        diseases.append(
            Disease(
                code=code,
                name=disease_name,
                system_code=system_code,
                system_name=system_name,
                section=full_section,
                source_text=_text(entry, "source_text", name, path).strip(),
                source_ref=_source_ref(
                    manifest, f"{section}、{system_name}{entry.get('section', '')}{disease_name}"
                ),
                rule=rule,
                aliases=tuple(str(a) for a in entry.get("aliases", [])),
                notes=tuple(str(n) for n in entry.get("notes", [])),
            )
        )
    return System(system_code, system_name, section, tuple(diseases))


def _bind(
    systems: tuple[System, ...], files: list[str], references: list[tuple[str, str, Criterion]]
) -> None:
    """Resolve ``criterion:`` references, refuse duplicate codes, unknown codes and cycles, then
    fill in the facts each disease reads (a reference reads the referenced disease's facts)."""
    by_code: dict[str, Disease] = {}
    file_of: dict[str, str] = {}
    for system, file in zip(systems, files, strict=True):
        for disease in system.diseases:
            if disease.code in by_code:
                raise PolicyFileError(file, disease.code, "duplicate disease code")
            by_code[disease.code], file_of[disease.code] = disease, file
    graph: dict[str, set[str]] = {code: set() for code in by_code}
    for owner, path, node in references:
        target = by_code.get(node.code)
        if target is None:
            raise PolicyFileError(
                file_of[owner], path, f"criterion {node.code!r} is not a disease of this list"
            )
        node.bind(target.rule, target.name)
        graph[owner].add(node.code)
    for code in graph:
        try:
            _refuse_cycle(code, graph, ())
        except _Cycle as cycle:
            raise PolicyFileError(file_of[cycle.trail[0]], "criterion", str(cycle)) from None
    for disease in by_code.values():
        object.__setattr__(disease, "facts", disease.rule.fact_keys())


class _Cycle(Exception):
    def __init__(self, trail: tuple[str, ...]) -> None:
        self.trail = trail
        super().__init__(f"circular reference {' → '.join(trail)}")


def _refuse_cycle(code: str, graph: Mapping[str, set[str]], trail: tuple[str, ...]) -> None:
    if code in trail:
        raise _Cycle((*trail[trail.index(code) :], code))
    for nxt in graph[code]:
        _refuse_cycle(nxt, graph, (*trail, code))


def _sources(file: str, data: object) -> tuple[dict[str, str], ...]:
    if not isinstance(data, list) or not all(isinstance(s, Mapping) and "seed" in s for s in data):
        raise PolicyFileError(file, "sources", "needs a list of {seed, document, part, note}")
    return tuple({str(k): str(v) for k, v in s.items()} for s in data)


def _source_ref(manifest: Mapping[str, object], where: str) -> str:
    sources = _sources("manifest.yaml", manifest.get("sources", []))
    parts = [f"seed {s['seed']} {s.get('document', '')} {s.get('part', '')}".strip() for s in sources]
    return f"{'；'.join(parts[:2])}：{where}" if parts else where


def _read(file: Traversable | Path) -> dict[str, object]:
    name = _name(file)
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise PolicyFileError(name, "-", "file not found") from None
    except yaml.YAMLError as exc:
        raise PolicyFileError(name, "-", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise PolicyFileError(name, "-", "top level must be a mapping")
    return data


def _text(data: Mapping[str, object], key: str, file: str, path: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise PolicyFileError(file, f"{path}.{key}" if path else key, "required text missing")
    return value


def _name(file: Traversable | Path) -> str:
    """A short file name for messages: version directory and file."""
    parts = str(file).replace("\\", "/").split("/")
    return "/".join(parts[-2:])
