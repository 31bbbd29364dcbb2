"""Errors of the national interface: ``infcode -1`` and a Chinese ``err_msg`` naming the field.

Every refusal a hospital sees is one ``err_msg`` (the national interface's error conventions; see docs/national-interface.md):
``FSI-<message>［字段 <field>］``, at most 200 characters. Any ``YidiError`` carries what it
needs — its problems (message and field) and its clause — so ``err_msg`` is the one mapping and
the dispatcher never guesses; several problems are joined with "；".
"""

from __future__ import annotations

from yidi.domain.errors import Kind, Problem, YidiError

ERR_MSG_MAX = 200  # err_msg is char 200 (§1.2)


class NationalError(YidiError):
    """A transaction refused: ``field`` names the offending input, ``zh`` is the err_msg."""

    code = "NATIONAL_REFUSED"
    kind = Kind.UNPROCESSABLE

    def __init__(self, field: str, zh: str, en: str = "") -> None:
        super().__init__(Problem(field or None, zh, en or zh), text=f"{field}: {zh}")

    @property
    def err_msg(self) -> str:
        return err_msg(self)


class PsnNoIsCertificate(NationalError):
    """The ID number sent where the interface wants the platform's person number: ``psn_no`` is an
    opaque id assigned by the platform and returned by 【1101】 (docs/national-interface.md)."""

    code = "NATIONAL_PSN_NO_IS_CERTIFICATE"

    def __init__(self, field: str) -> None:
        super().__init__(
            field,
            "人员编号不是身份证号码，请先通过【1101】人员信息获取取得人员编号 psn_no 再办理",
            "psn_no is the platform's person number from 1101, not the ID number",
        )


def err_msg(exc: YidiError, prefix: str = "") -> str:
    """``FSI-`` and each problem's Chinese message (with the clause) and field, cut to 200
    characters; ``prefix`` places a nested field (``input.data.``)."""
    basis = f"（依据：{exc.clause_text}）" if exc.clause_text else ""
    parts = [
        f"{p.zh}{basis}［字段 {prefix}{p.field}］" if p.field else f"{p.zh}{basis}" for p in exc.problems
    ]
    return ("FSI-" + "；".join(parts))[:ERR_MSG_MAX]


def missing(field: str, label: str) -> NationalError:
    return NationalError(field, f"缺少必填字段 {field}（{label}）", f"missing required field {field}")


def invalid(field: str, label: str, detail: str) -> NationalError:
    return NationalError(field, f"字段 {field}（{label}）无效：{detail}", f"invalid {field}: {detail}")


def translate(exc: YidiError, prefix: str = "") -> NationalError:
    """Any yidi error as a ``NationalError`` with the same problems and clause, its fields placed
    under ``prefix`` (for a validator that sees only part of the message)."""
    if isinstance(exc, NationalError) and not prefix:
        return exc
    problems = [Problem(f"{prefix}{p.field}" if p.field else None, p.zh, p.en) for p in exc.problems]
    out = NationalError(problems[0].field or "", problems[0].zh, problems[0].en)
    out.problems, out.clause = problems, exc.clause
    return out
