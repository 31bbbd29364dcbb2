"""yidi's settings (配置): every value that a deployment may set, read from ``YIDI_*`` environment
variables in this one place, validated once when a command or the server starts.

Entry points call ``load()`` at start (the CLI in its main callback, ``create_app`` for the
server) and hand the result on; the rest of the code asks ``current()``. A bad value ends the start
with one message that names every wrong variable in Chinese and English (``SettingsError``, which
the CLI turns into exit code 2 like any other bad input). No other module reads ``os.environ``
except to pass a value to a child process.

The variables, their defaults and why: ``docs/configuration.md``. The limits and lifetimes are
operating choices, not policy (no seed document sets them).
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from yidi.domain.errors import FieldProblem, InvalidInput

PREFIX = "YIDI_"
MIB = 1024 * 1024
_URL = re.compile(r"^(?P<backend>[a-z][a-z0-9]*)(?:\+(?P<driver>[a-z0-9_]+))?://(?P<rest>.*)$")
_DRIVERS = {"sqlite": {None, "pysqlite"}, "postgresql": {None, "psycopg"}}
MIN_SECRET = 16
# A working day for a web session and a REST token alike: no source sets either (an operating
# choice; a deployment may shorten them).
DEFAULT_SESSION_SECONDS = DEFAULT_TOKEN_SECONDS = 8 * 3600


class SettingsError(InvalidInput):
    """A ``YIDI_*`` variable has a value yidi cannot start with; each problem names its variable."""

    def __str__(self) -> str:
        lines = [f"{p.field}：{p.zh}\n  {p.field}: {p.en}" for p in self.problems]
        return "配置错误 / configuration error:\n" + "\n".join(lines)


def _bad(variable: str, zh: str, en: str) -> PydanticCustomError:
    return PydanticCustomError("yidi_setting", "{en}", {"variable": variable, "zh": zh, "en": en})


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "yidi"


DEFAULT_POOL_SIZE = 20


class Settings(BaseSettings):
    """The settings of one process (immutable). Field ``x`` is the variable ``YIDI_X``."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, frozen=True, extra="ignore", env_ignore_empty=True, validate_default=True
    )

    database_url: str | None = None
    # PostgreSQL connections kept open per process: enough for every request thread and the online
    # checker, so a busy server does not open and close a connection per request (issue 14 §5)
    database_pool_size: Annotated[int, Field(ge=1, le=500)] = DEFAULT_POOL_SIZE
    data_dir: Path = Field(default_factory=_default_data_dir)
    web_secret: SecretStr | None = None
    web_secret_file: Path | None = None
    secret_key: SecretStr | None = None
    secret_key_file: Path | None = None
    # A-SEC-01: how long a hospital's secret keeps working after a rotation (docs/assumptions.md)
    secret_grace_hours: Annotated[int, Field(ge=0, le=24 * 30)] = 24
    max_body_bytes: Annotated[int, Field(ge=1024)] = 2 * MIB
    max_json_depth: Annotated[int, Field(ge=2, le=1000)] = 32
    max_list_items: Annotated[int, Field(ge=1)] = 20_000
    session_seconds: Annotated[int, Field(ge=60)] = DEFAULT_SESSION_SECONDS
    token_seconds: Annotated[int, Field(ge=60)] = DEFAULT_TOKEN_SECONDS
    password_time_cost: Annotated[int | None, Field(ge=1)] = None
    password_memory_kib: Annotated[int | None, Field(ge=8)] = None
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ("127.0.0.1",)
    demo: bool = False
    national_time_tolerance_seconds: Annotated[int, Field(ge=0, le=86_400)] = 600
    # who may read /docs and /redoc: staff (signed-in staff and admin), public, or off (docs/security.md)
    api_docs: Literal["staff", "public", "off"] = "staff"
    # where filing events are reported onward (seed 002 第十四条): "log" (JSON lines under the data
    # dir) or "package.module:factory" for a provincial/national connection (docs/filing.md)
    onward_report: str = "log"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        problem = _url_problem(url)
        if problem:
            raise _bad("YIDI_DATABASE_URL", *problem)
        return url.strip()

    @field_validator("onward_report")
    @classmethod
    def _onward_report(cls, value: str) -> str:
        value = value.strip()
        if value != "log" and not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", value):
            raise _bad(
                "YIDI_ONWARD_REPORT",
                f"“{value}”不是上报方式（log，或 包.模块:工厂函数）",
                f"{value!r} is not an onward-report adapter (log, or package.module:factory)",
            )
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_dir(cls, path: Path) -> Path:
        return path.expanduser()

    @field_validator("web_secret_file", "secret_key_file")
    @classmethod
    def _readable(cls, path: Path | None, info: Any) -> Path | None:
        if path is not None and not (path.expanduser().is_file() and os.access(path.expanduser(), os.R_OK)):
            variable = PREFIX + info.field_name.upper()
            raise _bad(variable, f"找不到或无法读取文件 {path}", f"file {path} is missing or unreadable")
        return path.expanduser() if path is not None else None

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: Any) -> tuple[str, ...]:
        items = [p.strip() for p in value.split(",")] if isinstance(value, str) else list(value)
        items = [p for p in items if p]
        for item in items:
            if item != "*":
                try:
                    ipaddress.ip_network(item, strict=False)
                except ValueError:
                    raise _bad(
                        "YIDI_TRUSTED_PROXIES",
                        f"“{item}”不是 IP 地址或网段（多个用逗号分隔，* 表示任意）",
                        f"{item!r} is not an IP address or network (comma-separated; * for any)",
                    ) from None
        return tuple(items)

    @field_validator("web_secret")
    @classmethod
    def _secret_length(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None:
            _check_key_length("YIDI_WEB_SECRET", secret.get_secret_value())
        return secret

    @model_validator(mode="after")
    def _one_web_secret(self) -> Settings:
        if self.web_secret is not None and self.web_secret_file is not None:
            raise _bad(
                "YIDI_WEB_SECRET",
                "YIDI_WEB_SECRET 与 YIDI_WEB_SECRET_FILE 只能设置一个",
                "set YIDI_WEB_SECRET or YIDI_WEB_SECRET_FILE, not both",
            )
        if self.web_secret_file is not None:
            _check_key_length(
                "YIDI_WEB_SECRET_FILE", self.web_secret_file.read_text(encoding="utf-8").strip()
            )
        return self

    def web_key(self) -> bytes | None:
        """The web session key (``YIDI_WEB_SECRET`` or the file's first line), None when unset."""
        if self.web_secret is not None:
            return self.web_secret.get_secret_value().encode()
        if self.web_secret_file is not None:
            return self.web_secret_file.read_text(encoding="utf-8").strip().encode()
        return None

    def secret_box_key(self) -> tuple[str, bytes | None, Path]:
        """Where the key that encrypts hospital secrets comes from: (variable, the key when
        ``YIDI_SECRET_KEY`` holds it, the key file otherwise — ``YIDI_SECRET_KEY_FILE`` or
        ``secret.key`` in the data directory, made on first use)."""
        if self.secret_key is not None:
            return "YIDI_SECRET_KEY", self.secret_key.get_secret_value().encode(), Path()
        if self.secret_key_file is not None:
            return "YIDI_SECRET_KEY_FILE", None, self.secret_key_file
        return "YIDI_DATA_DIR", None, self.ready_data_dir() / "secret.key"

    def database(self) -> str:
        """The database URL; for the default SQLite file the data directory is made ready first."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.ready_data_dir() / 'yidi.db'}"

    def ready_data_dir(self) -> Path:
        """The data directory, created (owner only, 0700) if missing; SettingsError when it cannot
        be created or written."""
        path = self.data_dir
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise _error("YIDI_DATA_DIR", f"无法创建数据目录 {path}（{exc.strerror}）",
                         f"cannot create the data directory {path}: {exc.strerror}") from None  # fmt: skip
        if not (path.is_dir() and os.access(path, os.W_OK | os.X_OK)):
            raise _error(
                "YIDI_DATA_DIR", f"数据目录 {path} 不可写", f"the data directory {path} is not writable"
            )
        return path


def _url_problem(url: str) -> tuple[str, str] | None:
    """(zh, en) when ``url`` is not a database yidi can use."""
    found = _URL.match(url.strip())
    backend, driver = (found["backend"], found["driver"]) if found else ("", None)
    if found and driver in _DRIVERS.get(backend, set()) and found["rest"]:
        return None
    return (
        f"“{_shown(url)}”不是可用的数据库地址，应为 sqlite:///文件路径 或 postgresql+psycopg://用户@主机:端口/数据库",
        f"{_shown(url)!r} is not a usable database URL: use sqlite:///path or "
        "postgresql+psycopg://user@host:port/database",
    )


def checked_url(url: str | None, option: str) -> str | None:
    """A database URL given on the command line (``option``), checked like ``YIDI_DATABASE_URL``."""
    problem = _url_problem(url) if url else None
    if problem:
        raise _error(option, *problem)
    return url


def _check_key_length(variable: str, key: str) -> None:
    if len(key) < MIN_SECRET:
        raise _bad(
            variable,
            f"网页会话密钥太短，至少 {MIN_SECRET} 个字符",
            f"the web session key is too short: at least {MIN_SECRET} characters",
        )


def _shown(url: str) -> str:
    """A URL as it may appear in a message: without its password."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _error(variable: str, zh: str, en: str) -> SettingsError:
    return SettingsError(FieldProblem(variable, zh, en))


_ZH = {
    "int_parsing": "应为整数",
    "bool_parsing": "应为 true/false 或 1/0",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
}


def _problems(exc: ValidationError) -> list[FieldProblem]:
    out = []
    for err in exc.errors(include_url=False):
        ctx = err.get("ctx") or {}
        if err["type"] == "yidi_setting":
            out.append(FieldProblem(ctx["variable"], ctx["zh"], ctx["en"]))
            continue
        variable = PREFIX + str(err["loc"][0]).upper() if err["loc"] else PREFIX
        zh = _ZH.get(err["type"], "取值无效").format(**ctx)
        out.append(FieldProblem(variable, zh, err["msg"]))
    return out


_current: Settings | None = None


def load() -> Settings:
    """Read and validate the environment now; the result becomes ``current()``."""
    global _current
    try:
        _current = Settings()
    except ValidationError as exc:
        raise SettingsError(_problems(exc)) from None
    return _current


def current() -> Settings:
    """The settings loaded at start (loaded now if no entry point did)."""
    return _current if _current is not None else load()


def reset() -> None:
    """Forget the loaded settings (tests that change ``YIDI_*`` variables between runs)."""
    global _current
    _current = None
