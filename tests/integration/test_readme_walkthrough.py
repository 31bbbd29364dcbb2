"""The README's usage sections work when followed top to bottom on a fresh data directory.

Every ```bash block preceded by ``<!-- walkthrough -->`` runs, in README order, as one bash
script (``set -euo pipefail``) in a fresh working directory with a fresh ``YIDI_DATA_DIR``; the
block marked ``<!-- walkthrough: server -->`` starts in the background (as in "one terminal") and
the later blocks talk to it. The README's port 8000 becomes a free port. Each block must exit 0 and
print what the README promises; after the server stops (SIGINT, as Ctrl+C) ``yidi.db`` alone holds
the database. Slow (the demo seed, argon2, ~30 shell commands): ``.ci/run`` runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- walkthrough(?P<server>: server)? -->\s*\n```bash\n(?P<body>.*?)\n```", re.S)

# What each block (found by a command it contains) must print.
EXPECT = {
    "yidi policy list": ["219900", "211200"],
    "yidi settle request.json": ['"setlinfo"', '"explanation"'],
    "yidi settle-batch claims.parquet": ["已结算 10,000 行，0 行有错误", "已结算 1,000 行，0 行有错误"],
    "yidi criteria screen": ["符合：休克", '"qualifies"', "冠脉搭桥", '"listed": true'],
    "yidi filing create": ['"status"', '"covered": true'],
    "TOKEN=$(curl": ['"id_number": "210102197001010016"', "307 http://127.0.0.1:", '"username": "jingban"'],
    "examples/his_client.py": ["全部步骤成功"],
}


@dataclass(frozen=True)
class Block:
    body: str
    server: bool


def blocks() -> list[Block]:
    return [Block(m["body"], bool(m["server"])) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def place(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh working directory (with the repository's ``examples/``) and environment."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith("YIDI_")}
    env["YIDI_DATA_DIR"] = str(tmp_path / "data")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # yidi, python
    env["COLUMNS"] = "120"
    yield tmp_path, env


@pytest.mark.slow
def test_readme_usage_runs_top_to_bottom(place: tuple[Path, dict[str, str]]) -> None:
    cwd, env = place
    found = blocks()
    assert sum(b.server for b in found) == 1 and len(found) >= 7, "walkthrough markers missing"
    port = _free_port()
    server: subprocess.Popen[str] | None = None
    log = cwd / "server.log"
    try:
        for block in found:
            script = block.body.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
            if block.server:
                assert "yidi serve" in script and "--port" not in script
                server = _start(script + f" --port {port}", cwd, env, log, port)
                continue
            done = subprocess.run(
                ["bash", "-c", "set -euo pipefail\n" + script],
                cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            output = done.stdout + done.stderr
            assert done.returncode == 0, f"block failed:\n{script}\n---\n{output}"
            for command, wanted in EXPECT.items():
                if command in script:
                    missing = [w for w in wanted if w not in output]
                    assert not missing, f"{command}: {missing} not in\n{output[-3000:]}"
        banner = log.read_text(encoding="utf-8")
        assert f"http://127.0.0.1:{port}/ui/" in banner and "yidi-demo-2026" in banner
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # Ctrl+C: a clean stop
            server.wait(timeout=60)
    assert server is not None and server.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
    _only_yidi_db_needed(cwd / "data")


def _start(script: str, cwd: Path, env: dict[str, str], log: Path, port: int) -> subprocess.Popen[str]:
    """The server block in the background, its output in ``log``; returns once it answers."""
    out = log.open("w", encoding="utf-8")
    # exec: the signal reaches yidi itself, not a shell around it
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {script}"], cwd=cwd, env=env, stdout=out, stderr=out, text=True
    )
    deadline = time.monotonic() + 240
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ui/login", timeout=5)
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(
                    "the server did not start:\n" + log.read_text(encoding="utf-8")
                ) from None
            time.sleep(0.5)


def _only_yidi_db_needed(data: Path) -> None:
    wal = data / "yidi.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "the write-ahead log was not folded back"
    copy = data.parent / "backup" / "yidi.db"
    copy.parent.mkdir()
    shutil.copy(data / "yidi.db", copy)
    with sqlite3.connect(copy) as conn:
        (accounts,) = conn.execute("SELECT count(*) FROM web_users").fetchone()
        (settlements,) = conn.execute("SELECT count(*) FROM hospital_settlements").fetchone()
    assert accounts == 5 and settlements > 0
