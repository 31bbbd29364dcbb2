"""Load the criteria data files (``yidi/policy/data/criteria/<version>/``) into a ``CriteriaSet``.

Each version directory holds ``manifest.yaml`` (document, sources, file list, and ``effective``:
the version as a dated value in the one schema of ``policy.dated``), ``facts.yaml`` (the
vocabulary) and one file per system. Loading validates everything and compiles the rules once;
the result is cached, so callers pay the YAML cost once per process. The version in force on a
day follows ``domain.rules.timeline`` (a later version applies from its ``from``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from importlib.abc import Traversable
from pathlib import Path

from yidi.domain.criteria.catalogue import CriteriaSet, Disease, System
from yidi.domain.criteria.logic import Criterion
from yidi.domain.criteria.parsing import RuleParser
from yidi.domain.criteria.vocabulary import Vocabulary
from yidi.domain.criteria.vocabulary_parsing import parse_vocabulary
from yidi.domain.errors import PolicyFileError, PolicyUndecidable
from yidi.domain.rules import DatedValue, chain, in_force, newest
from yidi.policy.dated import DATED_KEYS, parse_dated
from yidi.policy.files import Fields, data_dir, read_yaml, short_name

_CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def data_root() -> Path:
    return data_dir("criteria")


@lru_cache(maxsize=8)
def _versions() -> tuple[DatedValue, ...]:
    found = [load_version(d) for d in data_root().iterdir() if d.is_dir() and (d / "manifest.yaml").is_file()]
    return chain(sorted(found, key=lambda v: v.start))


def load_criteria(on: dt.date | None = None) -> CriteriaSet:
    """The criteria in force on ``on`` (default: the newest version)."""
    versions = _versions()
    if on is None and versions:
        return newest(versions).value
    usable = in_force(versions, on) if on is not None else []
    if not usable:
        raise PolicyUndecidable(
            "date",
            f"{on} 时尚无生效的急危重病种标准（最早 {versions[0].start if versions else '无'}）",
            f"no emergency criteria in force on {on}",
        )
    return usable[0].value


def load_directory(directory: Traversable | Path) -> CriteriaSet:
    """Load and validate one version directory (also used by tests on broken copies)."""
    return load_version(directory).value


def load_version(directory: Traversable | Path) -> DatedValue:
    """One version directory as a dated value: the criteria set from its ``effective.from``."""
    manifest_file = directory / "manifest.yaml"
    manifest = _read(manifest_file)
    name = _name(manifest_file)
    vocabulary = parse_vocabulary(_read(directory / "facts.yaml"), _name(directory / "facts.yaml"))
    files = manifest.get("systems")
    if not isinstance(files, list) or not files:
        raise PolicyFileError(name, "systems", "缺少系统文件列表 / needs the list of system files")
    references: list[tuple[str, str, Criterion]] = []
    systems = tuple(_system(directory / str(f), vocabulary, manifest, references) for f in files)
    _bind(systems, [_name(directory / str(f)) for f in files], references)
    f = Fields(name)
    dated = f.mapping(manifest.get("effective"), "effective", set(DATED_KEYS), required={"from", "source"})
    effective = parse_dated(dated, f, "effective", name=str(manifest.get("id")), value=None)
    try:
        criteria = CriteriaSet(
            id=str(manifest["id"]),
            title=str(manifest["title"]),
            version=str(manifest["version"]),
            document=str(manifest["document"]),
            effective_from=effective.start,
            preamble=str(manifest.get("preamble", "")),
            reading_of_bounds=str(manifest.get("reading_of_bounds", "")),
            sources=_sources(name, manifest.get("sources", [])),
            vocabulary=vocabulary,
            systems=systems,
        )
    except KeyError as missing:
        raise PolicyFileError(name, str(missing.args[0]), "缺少必填项 / required key missing") from None
    return DatedValue(criteria.id, criteria, effective.start, effective.end, effective.citation,
                      effective.note, origin=name, key="effective")  # fmt: skip


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
        raise PolicyFileError(name, "diseases", "病种列表不能为空 / needs a non-empty list of diseases")
    parser = RuleParser(vocabulary, name)
    diseases = []
    for i, entry in enumerate(entries):
        path = f"diseases[{i}]"
        if not isinstance(entry, Mapping):
            raise PolicyFileError(name, path, "应为映射 / must be a mapping")
        code = _text(entry, "code", name, path)
        if not set(code) <= _CODE_CHARS:
            raise PolicyFileError(
                name,
                f"{path}.code",
                "病种代码应为小写字母、数字和下划线 / disease codes are snake_case ASCII",
            )
        if "rule" not in entry:
            raise PolicyFileError(
                name, f"{path}.rule", "每个病种须有关键标准 / every disease needs its key criterion"
            )
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
                raise PolicyFileError(file, disease.code, "病种代码重复 / duplicate disease code")
            by_code[disease.code], file_of[disease.code] = disease, file
    graph: dict[str, set[str]] = {code: set() for code in by_code}
    for owner, path, node in references:
        target = by_code.get(node.code)
        if target is None:
            raise PolicyFileError(
                file_of[owner],
                path,
                f"引用的病种不在本清单中 / criterion {node.code!r} is not a disease of this list",
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
        raise PolicyFileError(file, "sources", "来源应为列表 / needs a list of {seed, document, part, note}")
    return tuple({str(k): str(v) for k, v in s.items()} for s in data)


def _source_ref(manifest: Mapping[str, object], where: str) -> str:
    sources = _sources("manifest.yaml", manifest.get("sources", []))
    parts = [f"seed {s['seed']} {s.get('document', '')} {s.get('part', '')}".strip() for s in sources]
    return f"{'；'.join(parts[:2])}：{where}" if parts else where


def _read(file: Traversable | Path) -> dict[str, object]:
    return read_yaml(file, _name(file))


def _text(data: Mapping[str, object], key: str, file: str, path: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise PolicyFileError(file, f"{path}.{key}" if path else key, "缺少文字 / required text missing")
    return value


def _name(file: Traversable | Path) -> str:
    """A short file name for messages: version directory and file."""
    return short_name(file)
