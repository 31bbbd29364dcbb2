"""Errors yidi raises on purpose: one model for every layer and every entry point.

Every deliberate error (``YidiError``) carries

* ``code`` — stable and upper case, what a client branches on (``INVALID_INPUT``,
  ``FILING_LOCKED``, ``NOT_FOUND``…);
* ``problems`` — one or more, each naming its field (or none) with a Chinese message for people
  and an English one for machines and logs; a form or document reports all of its problems at
  once (``Problems`` collects them);
* ``clause`` — the document and clause the refusal rests on, as text shown to people (or None);
* ``kind`` — what sort of refusal it is; the kind alone decides the HTTP status (``Kind.status``),
  so no entry point guesses.

Each entry point maps the base class in one place (REST problem JSON, the national envelope, web
pages, the CLI; see docs/errors.md). A new refusal is one subclass, or one ``refusal(...)``, and
needs no edit in any entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Protocol, TypeVar

T = TypeVar("T")


class Kind(StrEnum):
    """What sort of refusal an error is; decides the HTTP status of every entry point."""

    BAD_REQUEST = "bad_request"  # the request cannot be read at all (not JSON, nested too deep)
    UNAUTHENTICATED = "unauthenticated"  # no valid sign-in
    FORBIDDEN = "forbidden"  # signed in, but the records or the page are not the caller's
    NOT_FOUND = "not_found"  # the person, filing, claim… asked for does not exist
    CONFLICT = "conflict"  # refused by a business rule or the current state (业务规则不允许)
    TOO_LARGE = "too_large"  # the body or an upload is over a limit
    UNPROCESSABLE = "unprocessable"  # fields fail validation, or the policy cannot decide
    TOO_MANY_REQUESTS = "too_many_requests"  # throttled
    INTERNAL = "internal"  # yidi's own data is broken (a policy file): the operator must act
    UNAVAILABLE = "unavailable"  # a facility is missing here (e.g. the PDF renderer)

    @property
    def status(self) -> int:
        return _STATUS[self]


_STATUS = {
    Kind.BAD_REQUEST: 400,
    Kind.UNAUTHENTICATED: 401,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.TOO_LARGE: 413,
    Kind.UNPROCESSABLE: 422,
    Kind.TOO_MANY_REQUESTS: 429,
    Kind.INTERNAL: 500,
    Kind.UNAVAILABLE: 503,
}


@dataclass(frozen=True)
class Problem:
    """One problem, with the field it concerns (``bill.care_end``, ``fee_lines[3].pric``) or None."""

    field: str | None
    zh: str
    en: str

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message_zh": self.zh, "message_en": self.en}


# The name before the field became optional; kept so branches written against it still import.
FieldProblem = Problem


class YidiError(Exception):
    """Base of every error yidi raises on purpose (see the module docstring).

    Subclasses set ``code`` and ``kind`` as class attributes; an instance may override both.
    ``details`` are extra members of the problem document (``rule_id``, ``params``…)."""

    code: str = "ERROR"
    kind: Kind = Kind.UNPROCESSABLE

    def __init__(
        self,
        problems: Problem | Sequence[Problem],
        *,
        code: str | None = None,
        kind: Kind | None = None,
        clause: object | None = None,
        details: Mapping[str, object] | None = None,
        text: str | None = None,
    ) -> None:
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        if code is not None:
            self.code = code  # an instance may carry its own code
        if kind is not None:
            self.kind = kind
        self.clause = clause
        self.details: dict[str, object] = dict(details or {})
        super().__init__(text or "; ".join(f"{p.field or '-'}: {p.zh} / {p.en}" for p in self.problems))

    @property
    def field(self) -> str | None:
        """The field of the first problem (the one a single-field client shows)."""
        return self.problems[0].field

    @property
    def zh(self) -> str:
        return self.problems[0].zh

    @property
    def en(self) -> str:
        return self.problems[0].en

    @property
    def clause_text(self) -> str | None:
        return str(self.clause) if self.clause else None

    def as_dict(self) -> dict[str, object]:
        """The problem document every entry point shows (REST body, CLI stderr): the first problem
        at the top level, all of them in ``problems``; ``error`` is ``code`` in lower case (the
        key scripts of the first CLI format read)."""
        first = self.problems[0]
        return {
            "code": self.code,
            "error": self.code.lower(),
            "message_zh": first.zh,
            "message_en": first.en,
            "clause": self.clause_text,
            "field": first.field,
            "problems": [p.as_dict() for p in self.problems],
            **self.details,
        }


def refusal(
    code: str,
    kind: Kind,
    zh: str,
    en: str,
    *,
    field: str | None = None,
    clause: object | None = None,
    **details: object,
) -> YidiError:
    """A refusal that needs no class of its own: ``raise refusal("CONFLICT", Kind.CONFLICT, …)``."""
    return YidiError(Problem(field, zh, en), code=code, kind=kind, clause=clause, details=details)


class InvalidInput(YidiError):
    """Input that fails validation at the edge (输入错误): one or more field problems; 422."""

    code = "INVALID_INPUT"
    kind = Kind.UNPROCESSABLE

    def __init__(self, problems: Problem | Sequence[Problem]) -> None:
        super().__init__(problems)

    @classmethod
    def of(cls, field: str, zh: str, en: str) -> InvalidInput:
        return cls(Problem(field, zh, en))


class PolicyUndecidable(YidiError):
    """The region's policy has no value for this combination (政策无法确定): says what is missing; 422."""

    code = "POLICY_UNDECIDABLE"
    kind = Kind.UNPROCESSABLE

    def __init__(self, field: str, zh: str, en: str) -> None:
        super().__init__(Problem(field, zh, en))

    @property
    def problem(self) -> Problem:
        return self.problems[0]


class PolicyFileError(YidiError):
    """A policy data file is broken: names the file, the key and the reason; 500 (the operator's)."""

    code = "POLICY_FILE_ERROR"
    kind = Kind.INTERNAL

    def __init__(self, file: str, key: str, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        text = f"{file}: {key}: {reason}"
        super().__init__(Problem(key, f"政策文件错误：{text}", f"policy file error: {text}"), text=text)


class Grounds(Protocol):
    """Why a rule decided (``filing.clauses.Reason``): rule id, messages, clause, parameters."""

    @property
    def rule_id(self) -> str: ...
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def clause(self) -> Any: ...
    @property
    def field(self) -> str | None: ...
    @property
    def params(self) -> dict[str, object]: ...
    def as_dict(self) -> dict[str, object]: ...


class FilingRefused(YidiError):
    """An operation refused by a business rule (业务规则不允许) — a filing's or, through
    ``ClaimRefused``, a claim's: its own code (``FILING_LOCKED``…), the rule's reason and clause; 409."""

    code = "FILING_REFUSED"
    kind = Kind.CONFLICT

    def __init__(self, code: str, reason: Grounds, *, suggestion: dict[str, object] | None = None) -> None:
        self.reason = reason
        self.suggestion = suggestion
        details: dict[str, object] = {"rule_id": reason.rule_id, "params": reason.as_dict()["params"]}
        if suggestion:
            details["suggestion"] = suggestion
        super().__init__(
            Problem(reason.field, reason.zh, reason.en), code=code, clause=reason.clause, details=details,
            text=f"{code}: {reason.zh} / {reason.en} [{reason.clause or '-'}]",
        )  # fmt: skip


class NotFound(YidiError):
    """The person, filing, claim… asked for does not exist (未找到); 404. ``field`` is what was asked."""

    code = "NOT_FOUND"
    kind = Kind.NOT_FOUND
    WHAT_ZH: ClassVar[dict[str, str]] = {"person": "参保人员", "filing": "备案"}

    def __init__(self, what: str, key: str, zh: str | None = None) -> None:
        self.what, self.key = what, key
        message = zh or f"未找到{self.WHAT_ZH.get(what, what)}：{key}"
        super().__init__(Problem(what, message, f"{what} not found: {key}"), text=f"{what} not found: {key}")


class Problems:
    """Every problem of one request, collected before refusing (一次告知全部问题).

    ``value(lambda: parse(...), fallback)`` runs one field's check and keeps its problems instead
    of stopping; ``check()`` then raises them all as one ``InvalidInput``. Only ``InvalidInput``
    is collected: a rule refusal still stops at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, field: str | None, zh: str, en: str) -> None:
        self.items.append(Problem(field, zh, en))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def value(self, fn: Callable[[], T], fallback: T) -> T:
        """``fn()``, or ``fallback`` with its problems kept when it raises ``InvalidInput``."""
        try:
            return fn()
        except InvalidInput as exc:
            self.items.extend(exc.problems)
            return fallback

    def has(self, field: str) -> bool:
        return any(p.field == field for p in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def check(self) -> None:
        """Raise every collected problem as one ``InvalidInput`` (nothing when there is none)."""
        if self.items:
            raise InvalidInput(self.items)
