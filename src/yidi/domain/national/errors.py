"""Errors of the national interface: ``infcode -1`` and a Chinese ``err_msg`` naming the field.

Every refusal a hospital sees is one ``NationalError`` (the national interface specification:
error conventions; see docs/national-interface.md). Errors the rest of yidi raises
(``InvalidInput``, ``FilingRefused``, ``PolicyUndecidable``…) are translated once, here, so the
dispatcher never guesses.
"""

from __future__ import annotations

from yidi.domain.errors import InvalidInput, PolicyFileError, PolicyUndecidable, YidiError

ERR_MSG_MAX = 200  # err_msg is char 200 (§1.2)


class NationalError(YidiError):
    """A transaction refused: ``field`` names the offending input, ``zh`` is the err_msg."""

    def __init__(self, field: str, zh: str, en: str = "") -> None:
        self.field, self.zh, self.en = field, zh, en or zh
        super().__init__(f"{field}: {zh}")

    @property
    def err_msg(self) -> str:
        text = f"FSI-{self.zh}［字段 {self.field}］" if self.field else f"FSI-{self.zh}"
        return text[:ERR_MSG_MAX]


def missing(field: str, label: str) -> NationalError:
    return NationalError(field, f"缺少必填字段 {field}（{label}）", f"missing required field {field}")


def invalid(field: str, label: str, detail: str) -> NationalError:
    return NationalError(field, f"字段 {field}（{label}）无效：{detail}", f"invalid {field}: {detail}")


def translate(exc: YidiError, prefix: str = "") -> NationalError:
    """Any yidi error as a NationalError; ``prefix`` places a nested field (``input.data.``)."""
    if isinstance(exc, NationalError):
        return exc
    if isinstance(exc, InvalidInput):
        first = exc.problems[0]
        return NationalError(prefix + first.field, first.zh, first.en)
    if isinstance(exc, PolicyUndecidable):
        p = exc.problem
        return NationalError(p.field, f"参保地政策无法确定：{p.zh}", p.en)
    if isinstance(exc, PolicyFileError):
        return NationalError(exc.key, f"参保地政策文件错误：{exc.reason}", str(exc))
    as_dict = getattr(exc, "as_dict", None)
    if callable(as_dict):
        body = as_dict()
        if isinstance(body, dict) and "message_zh" in body:
            field = str(body.get("field") or "")
            clause = body.get("clause")
            zh = str(body["message_zh"]) + (f"（依据：{clause}）" if clause else "")
            return NationalError(field, zh, str(body.get("message_en", "")))
    return NationalError("", f"业务处理失败：{exc}", str(exc))
