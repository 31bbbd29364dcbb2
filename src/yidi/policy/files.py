"""Reading rule data files (规则数据文件): one reader and one set of checks for every kind.

Every problem raises ``PolicyFileError(file, key, reason)`` with the reason in Chinese and
English: an unreadable file or broken YAML (key ``-``, the file as a whole), a top level that is not a mapping
(``<root>``), a missing or unknown key, a value of the wrong type. The packaged files live under
``yidi/policy/data/<kind>/``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn

import yaml

from yidi.domain.errors import PolicyFileError

# The C loader (libyaml) when present: ~5× faster, which the CLI start feels.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REGION = re.compile(r"\d{6}\Z")

File = Traversable | Path


def data_dir(*parts: str) -> Path:
    """A folder of the packaged rule data, e.g. ``data_dir("filing")``."""
    return Path(str(resources.files("yidi.policy").joinpath("data", *parts)))


def read_yaml(file: File, name: str | None = None) -> dict[str, Any]:
    """The file's top-level mapping; ``name`` is how errors call the file (default: its name)."""
    name = name or file.name
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise PolicyFileError(name, "-", "file not found") from None
    except (OSError, yaml.YAMLError, ValueError) as exc:
        # ValueError: PyYAML turns 2021-06-31 into date() and fails — an impossible date
        raise PolicyFileError(
            name,
            "-",
            f"无法读取、YAML 语法错误或日期无效 / unreadable, not valid YAML or an impossible date: {exc}",
        ) from None
    if not isinstance(raw, dict):
        raise PolicyFileError(name, "<root>", "文件内容应为映射 / top level must be a mapping")
    return raw


class Fields:
    """Typed accessors for one file that fail naming the file and the key."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, reason: str) -> NoReturn:
        raise PolicyFileError(self.file, key, reason)

    def mapping(
        self,
        value: object,
        key: str,
        allowed: Collection[str] | None = None,
        *,
        required: Collection[str] = (),
    ) -> dict[str, Any]:
        """A mapping whose keys are among ``allowed`` and include ``required`` (errors at ``key``)."""
        if not isinstance(value, dict):
            self.fail(key, "应为映射 / must be a mapping")
        if allowed is not None:
            unknown = sorted(str(k) for k in value if k not in allowed)
            if unknown:
                self.fail(key, f"未知的键 {unknown} / unknown keys")
        missing = sorted(set(required) - value.keys())
        if missing:
            self.fail(key, f"缺少 {missing} / missing keys")
        return value

    def need(self, obj: dict[str, Any], key: str, where: str = "") -> Any:
        """A required entry (errors at ``where + key``)."""
        if key not in obj:
            self.fail(f"{where}{key}", "缺少必填项 / missing required key")
        return obj[key]

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "不能为空，应为文字 / must be non-empty text")
        return value.strip()

    def optional_text(self, value: object, key: str) -> str | None:
        return None if value is None else self.text(value, key)

    def integer(self, value: object, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(key, f"应为正整数：{value!r} / must be a positive integer")
        return value

    def day(self, value: object, key: str) -> date:
        """A date: a YAML date or ``YYYY-MM-DD``."""
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"日期无效 / invalid date: {value!r}")

    def region(self, value: object, key: str) -> str:
        code = str(value)
        if not _REGION.match(code):
            self.fail(key, f"区划代码应为6位数字 / region must be 6 digits: {code!r}")
        return code

    def regions(self, value: object, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(x, str) and _REGION.match(x) for x in value):
            self.fail(key, f"应为6位统筹区代码列表（加引号）/ 6-digit region codes, quoted: {value!r}")
        return tuple(value)

    def boolean(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"应为 true/false / must be a boolean: {value!r}")
        return value


def short_name(file: File) -> str:
    """A short file name for messages: its folder and name (``liaoning-2020-13/facts.yaml``)."""
    parts = str(file).replace("\\", "/").split("/")
    return "/".join(parts[-2:])
