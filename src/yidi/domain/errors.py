"""Errors every layer raises for bad input or an undecidable case.

Each error names the field (or rule) at fault and says what is wrong in Chinese for people and
in English for machines and logs; entry points map them to exit code 2 / HTTP 422.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field (字段错误)."""

    field: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message_zh": self.zh, "message_en": self.en}


class YidiError(Exception):
    """Base of every error yidi raises on purpose."""


class InvalidInput(YidiError):
    """Input that fails validation at the edge (输入错误). Carries one or more field problems."""

    def __init__(self, problems: FieldProblem | list[FieldProblem]) -> None:
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        super().__init__("; ".join(f"{p.field}: {p.zh} / {p.en}" for p in self.problems))

    @classmethod
    def of(cls, field: str, zh: str, en: str) -> InvalidInput:
        return cls(FieldProblem(field, zh, en))

    def as_dict(self) -> dict[str, object]:
        return {"error": "invalid_input", "problems": [p.as_dict() for p in self.problems]}


class PolicyUndecidable(YidiError):
    """The region's policy has no value for this combination (政策无法确定): says what is missing."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        self.problem = FieldProblem(field, zh, en)
        super().__init__(f"{field}: {zh} / {en}")

    def as_dict(self) -> dict[str, object]:
        return {"error": "policy_undecidable", "problems": [self.problem.as_dict()]}


class PolicyFileError(YidiError):
    """A policy data file is broken: names the file, the key and the reason."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")
