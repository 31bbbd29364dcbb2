"""``yidi --help`` must not pay for the web stack, the database or the numeric libraries: importing
the CLI's entry module leaves them unloaded (a module check, not a timing — the time is measured
and reported, README "Performance")."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("fastapi", "starlette", "sqlalchemy", "alembic", "numpy", "pyarrow", "weasyprint", "pwdlib", "yaml")
# Typer's rich help (rich, markdown-it, pygments: ~70 ms) is switched off: plain Click help.
HELP_EXTRA = ("pydantic", "pydantic_settings", "yidi.settings", "rich", "markdown_it", "pygments")


def test_cli_entry_module_imports_no_heavy_library() -> None:
    code = (
        "import json, sys\n"
        "import yidi.entrypoints.cli.main\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_top_level_help_runs_no_command_code() -> None:
    """``yidi --help`` lists every group and neither reads the settings nor renders with rich."""
    code = (
        "import json, sys\n"
        "from yidi.entrypoints.cli.main import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY + HELP_EXTRA!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "serve" in out.stdout and "demo" in out.stdout and "settle-batch" in out.stdout
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
