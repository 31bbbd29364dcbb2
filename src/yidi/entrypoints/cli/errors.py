"""Map core errors to the CLI contract: message on stderr in Chinese and English, exit code 2."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from yidi.domain.errors import InvalidInput, PolicyFileError, PolicyUndecidable
from yidi.domain.filing.clauses import FilingRefused, NotFound

T = TypeVar("T")


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn expected errors into exit code 2 with a JSON body on stderr; bugs still traceback."""
    try:
        yield
    except (InvalidInput, PolicyUndecidable, FilingRefused, NotFound) as exc:
        sys.stderr.write(json.dumps(exc.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
        raise typer.Exit(code=2) from None
    except PolicyFileError as exc:
        sys.stderr.write(f"政策文件错误 / policy file error: {exc}\n")
        raise typer.Exit(code=2) from None


def run(fn: Callable[[], T]) -> T:
    with cli_errors():
        return fn()
