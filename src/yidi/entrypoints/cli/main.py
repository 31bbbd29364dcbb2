"""The ``yidi`` command line: one Typer app, one sub-command group per concept.

Each group lives in its own module and stays thin: parse arguments, call the service layer or a
domain function, print. Every deliberate error from the core becomes exit code 2 with its JSON
problem document on stderr (``cli.errors``, applied by the root group).
"""

from __future__ import annotations

import typer

from yidi.entrypoints.cli import claims, criteria, demo, filing, policy, referral, serve, settle, users
from yidi.entrypoints.cli.errors import ErrorsGroup

app = typer.Typer(
    name="yidi",
    cls=ErrorsGroup,
    help="异地就医平台 yidi：备案、直接结算、手工报销、清算与基金监管（辽宁规则）。",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(policy.app, name="policy", help="待遇政策（按日期生效的数据）")
app.add_typer(criteria.app, name="criteria", help="急危重病种标准")
app.add_typer(referral.app, name="referral", help="转诊目录")
app.add_typer(filing.app, name="filing", help="异地就医备案")
app.add_typer(claims.app, name="claims", help="手工报销")
app.add_typer(users.app, name="users", help="登录账号（管理员）")
settle.register(app)
demo.register(app)
serve.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
