"""Errors on the command line, mapped in one place (docs/errors.md): every deliberate error —
bad input, a refusal, a policy file error — exits with code 2 and its problem document
(``YidiError.as_dict``, the same as the REST body) as JSON on stderr; a bug still tracebacks.

The root command group (``ErrorsGroup``) applies ``cli_errors`` around every command, so a
command needs no handling of its own."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from typer.core import TyperGroup

from yidi.domain.errors import YidiError

T = TypeVar("T")
EXIT_REFUSED = 2


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn deliberate errors into exit code 2 with the JSON problem document on stderr."""
    try:
        yield
    except YidiError as exc:
        sys.stderr.write(json.dumps(exc.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
        raise typer.Exit(code=EXIT_REFUSED) from None


def run(fn: Callable[[], T]) -> T:
    with cli_errors():
        return fn()


class ErrorsGroup(TyperGroup):
    """The root group: every sub-command runs inside ``cli_errors``."""

    def invoke(self, ctx: Any) -> Any:
        with cli_errors():
            return super().invoke(ctx)
