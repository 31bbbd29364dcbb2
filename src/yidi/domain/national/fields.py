"""Reading a transaction's input node (``input.data``, ``input.mdtrtinfo``, ``input.feedetail[]``).

Every helper names the full path of the field in its error (``input.data.mdtrt_id``), so the
hospital's ``err_msg`` points at exactly what to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from yidi.domain.national.errors import invalid, missing


@dataclass(frozen=True)
class Node:
    """One input node with its path for error messages."""

    values: dict[str, Any]
    path: str

    def where(self, name: str) -> str:
        return f"{self.path}.{name}"

    def text(self, name: str, label: str, *, max_len: int = 200, required: bool = True) -> str:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise missing(self.where(name), label)
            return ""
        if not isinstance(value, str):  # a char field is a JSON string: "21", not 21
            raise invalid(self.where(name), label, f"应为字符串，收到 {json.dumps(value, ensure_ascii=False)}")
        if len(value) > max_len:
            raise invalid(self.where(name), label, f"长度超过 {max_len}")
        return value.strip()

    def code(self, name: str, label: str, allowed: dict[str, str], *, required: bool = True) -> str:
        value = self.text(name, label, max_len=10, required=required)
        if value and value not in allowed:
            choices = "、".join(f"{k} {v}" for k, v in allowed.items())
            raise invalid(self.where(name), label, f"应为 {choices} 之一，收到 {value!r}")
        return value

    def flag(self, name: str, label: str, default: str = "0") -> bool:
        value = self.text(name, label, max_len=1, required=False) or default
        if value not in ("0", "1"):
            raise invalid(self.where(name), label, f"应为 0 否 / 1 是，收到 {value!r}")
        return value == "1"

    def exp_content(self) -> dict[str, Any]:
        """扩展字段: a JSON string (char 4000) or an object."""
        raw = self.values.get("exp_content")
        if raw in (None, ""):
            return {}
        if isinstance(raw, dict):
            return raw
        if isinstance(raw, str) and len(raw) <= 4000:
            try:
                parsed = json.loads(raw)
            except json.JSONDecodeError:
                parsed = None
            if isinstance(parsed, dict):
                return parsed
        raise invalid(self.where("exp_content"), "扩展字段", "应为 JSON 对象字符串（不超过 4000 字符）")


def node(body: dict[str, Any], name: str) -> Node:
    """The object ``input.<name>``."""
    value = body.get(name)
    if value is None:
        raise missing(f"input.{name}", f"输入节点 {name}")
    if not isinstance(value, dict):
        raise invalid(f"input.{name}", f"输入节点 {name}", "应为 JSON 对象")
    return Node(value, f"input.{name}")


def nodes(body: dict[str, Any], name: str, *, max_items: int = 5000, required: bool = True) -> list[Node]:
    """The array ``input.<name>[]``: a JSON array of objects (a bare object is the wrong JSON type
    and refused — it is ambiguous whether the HIS meant one line or sent the wrong node)."""
    value = body.get(name)
    if value is None or value == []:
        if required:
            raise missing(f"input.{name}", f"输入节点 {name}")
        return []
    if not isinstance(value, list):
        raise invalid(f"input.{name}", f"输入节点 {name}", "应为对象数组 [ {...} ]，收到单个对象或其他类型")
    bad = next((i for i, v in enumerate(value) if not isinstance(v, dict)), None)
    if bad is not None:
        raise invalid(f"input.{name}[{bad}]", f"输入节点 {name}", "数组元素应为 JSON 对象")
    if len(value) > max_items:
        raise invalid(f"input.{name}", f"输入节点 {name}", f"一次最多 {max_items} 条")
    return [Node(v, f"input.{name}[{i}]") for i, v in enumerate(value)]
