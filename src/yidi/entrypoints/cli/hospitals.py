"""CLI group ``yidi hospitals``: onboarding of 定点医疗机构 for the national interface
(``service_layer.hospital_onboarding``; the admin page does the same).

``add`` and ``rotate-secret`` print the secret once — it is stored only encrypted and never shown
again; hand it to the hospital over a channel you trust. ``list`` never shows a secret. Output is
JSON; refusals exit with code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from yidi.entrypoints.cli.staff import _login_name, run_json

if TYPE_CHECKING:
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="定点医疗机构接入：登记、列表、更换密钥、停用")


def _factory() -> Callable[[], SqlAlchemyUnitOfWork]:
    from yidi.adapters.db import session_factory
    from yidi.entrypoints.cli.staff import migrated_engine
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    sessions = session_factory(migrated_engine())
    return lambda: SqlAlchemyUnitOfWork(sessions)


def _by() -> str:
    return f"cli:{_login_name()}"


@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="医疗机构编码 H+11 位数字（含所在地行政区划）")],
    name: Annotated[str, typer.Option("--name", help="机构名称")],
    level: Annotated[str, typer.Option("--level", help="医院等级 3A/3B/3/2/1/township/unrated")],
    uscc: Annotated[str, typer.Option("--uscc", help="统一社会信用代码")] = "",
) -> None:
    """登记医疗机构：生成接入账号 paasid 和随机密钥（密钥只显示这一次）。"""
    from yidi.service_layer import hospital_onboarding as onboarding

    run_json(lambda: onboarding.add(_factory(), code=code, name=name, hosp_lv=level, uscc=uscc, by=_by()))


@app.command("list")
def list_() -> None:
    """全部医疗机构（不含密钥）。"""
    from yidi.service_layer import hospital_onboarding as onboarding

    run_json(lambda: onboarding.list_hospitals(_factory()))


@app.command("rotate-secret")
def rotate_secret(
    code: str,
    grace_hours: Annotated[
        int | None, typer.Option("--grace-hours", min=0, help="旧密钥继续有效的小时数，默认 YIDI_SECRET_GRACE_HOURS")
    ] = None,
) -> None:
    """更换密钥：新密钥只显示这一次；旧密钥在宽限期内仍可用。"""
    from yidi.service_layer import hospital_onboarding as onboarding

    run_json(lambda: onboarding.rotate_secret(_factory(), code, by=_by(), grace_hours=grace_hours))


@app.command("disable")
def disable(code: str, enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False) -> None:
    """停用医疗机构的接口接入（立即生效）；--enable 重新启用。"""
    from yidi.service_layer import hospital_onboarding as onboarding

    run_json(lambda: onboarding.set_active(_factory(), code, enable, by=_by()))
