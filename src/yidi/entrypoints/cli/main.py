"""The ``yidi`` command line: one Typer app, one sub-command group per concept.

Each group lives in its own module and stays thin: parse arguments, call the service layer or a
domain function, print. Every deliberate error from the core becomes exit code 2 with its JSON
problem document on stderr (``cli.errors``, applied by the root group).


Starting must stay quick (``yidi --help`` well under a second): the command modules import only
Typer and light domain types at the top; FastAPI, SQLAlchemy, numpy, pyarrow, WeasyPrint and the
policy loader are imported inside the commands that use them (``tests/unit/frontdoor/test_cli_imports.py``).
The settings are read and checked once, before any command runs (``startup.start``).
"""

from __future__ import annotations

import typer

from yidi.entrypoints.cli import (
    audit,
    claims,
    clearing,
    criteria,
    demo,
    filing,
    fund,
    hospitals,
    ops,
    policy,
    projection,
    referral,
    serve,
    settle,
    users,
)
from yidi.entrypoints.cli.errors import ErrorsGroup, cli_errors

app = typer.Typer(
    rich_markup_mode=None,
    name="yidi",
    cls=ErrorsGroup,
    help="异地就医平台 yidi：备案、直接结算、手工报销、清算与基金监管（辽宁规则）。"
    "配置：环境变量 YIDI_*（docs/configuration.md）。",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def start() -> None:
    """Runs before every command (not for ``yidi --help``): read and check the settings."""
    from yidi.entrypoints import startup

    with cli_errors():  # a bad YIDI_* variable: exit 2 naming it, before the command runs
        startup.start()


app.add_typer(policy.app, name="policy", help="待遇政策（按日期生效的数据）")
app.add_typer(criteria.app, name="criteria", help="急危重病种标准")
app.add_typer(referral.app, name="referral", help="转诊目录")
app.add_typer(filing.app, name="filing", help="异地就医备案")
app.add_typer(claims.app, name="claims", help="手工报销")
app.add_typer(users.app, name="users", help="登录账号（管理员）")
app.add_typer(audit.app, name="audit", help="基金监管：智能审核、协查对象")
app.add_typer(hospitals.app, name="hospitals", help="定点医疗机构接入：登记、更换密钥、停用（管理员）")
app.add_typer(clearing.app, name="clearing", help="月结清算：生成清算单、查看明细")
app.add_typer(clearing.ledger_app, name="ledger", help="清算账簿：检查借贷平衡")
app.add_typer(fund.app, name="fund", help="基金收支与可支付月数")
app.add_typer(projection.app, name="projection", help="基金测算（政策调整前后对比）")
app.add_typer(ops.app, name="ops", help="运行监测：每日报错治理")
app.add_typer(demo.app, name="demo", help="演示：示例结算、示例数据文件、移除演示账号")
settle.register(app)
serve.register(app)


def run() -> None:
    """The ``yidi`` console script: a setting found bad only when first used (the data directory
    of the default SQLite database) ends the command like any other refusal, exit code 2."""
    try:
        with cli_errors():
            app()
    except typer.Exit as exc:  # raised by cli_errors outside Typer's own handling
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":  # pragma: no cover
    run()
