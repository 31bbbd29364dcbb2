"""`yidi settle` (desk: one request JSON → result JSON) and `yidi settle-batch` (a claims table)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.errors import cli_errors

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

# The settlement kernel, the policy loader and pyarrow are imported inside the commands: the CLI
# starts without them.


def _read_json(source: str | None) -> Any:
    text = sys.stdin.read() if source in (None, "-") else Path(str(source)).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.of(
            "<request>",
            f"请求不是合法的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}",
            f"request is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}",
        ) from None


def settle_cmd(
    file: Annotated[str | None, typer.Argument(help="请求 JSON 文件；省略或 - 表示标准输入")] = None,
    compact: Annotated[bool, typer.Option("--compact", help="单行输出")] = False,
) -> None:
    """单笔结算：读取结算请求 JSON，输出一单制结算结果（setlinfo、setldetail、explanation）。"""
    from yidi.service_layer import desk

    with cli_errors():
        if file not in (None, "-") and not Path(str(file)).is_file():
            raise InvalidInput.of("FILE", f"找不到文件：{file}", f"file not found: {file}")
        result = desk.settle(_read_json(file))
    typer.echo(json.dumps(result, ensure_ascii=False, indent=None if compact else 2))


def _overlays(path: Path | None) -> dict[str, Any]:
    """A reform file: {region: {parameter: [entries]}} applied in memory over those regions."""
    if path is None:
        return {}
    import yaml

    from yidi.policy.loader import load_region
    from yidi.policy.overlay import apply_overlay

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise InvalidInput.of(
            "--overlay", "调整方案应为 {统筹区: {参数: [...]}}", "overlay must map region → parameters"
        )
    return {
        str(region): apply_overlay(load_region(str(region)), params, path.name)
        for region, params in raw.items()
    }


def settle_batch_cmd(
    source: Annotated[Path, typer.Argument(help="输入：Parquet 或 CSV 文件，或按参保地×月份分区的目录")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="输出文件（.parquet 或 .csv）；分区输入时为目录")
    ],
    overlay: Annotated[Path | None, typer.Option("--overlay", help="政策调整方案 YAML（测算用）")] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Dask 调度器地址 tcp://主机:端口，或 local（本机多进程）；需分区目录输入"
        ),
    ] = None,
) -> None:
    """批量结算：按人员、年度、结算日期顺序重算每笔费用，年度限额逐笔累计。"""
    from rich.console import Console

    err = Console(stderr=True)
    with cli_errors():
        started = time.perf_counter()
        if source.is_dir():
            rows, errors = _settle_partitioned(source, output, _overlays(overlay), scheduler, err)
        elif scheduler is not None:
            raise InvalidInput.of(
                "--scheduler",
                "使用 --scheduler 时输入应为按参保地×月份分区的目录",
                "--scheduler needs a partitioned directory (insuplc_admdvs=/month=/bucket=) as input",
            )
        else:
            rows, errors = _settle_file(source, output, _overlays(overlay), err)
    elapsed = time.perf_counter() - started
    err.print(f"已结算 {rows:,} 行，{errors:,} 行有错误（见 error 列），用时 {elapsed:.2f} 秒 → {output}")
    if errors:
        raise typer.Exit(code=1)


def _bar(err: Console) -> Progress:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
    )


def _settle_file(source: Path, output: Path, overlays: dict[str, Any], err: Console) -> tuple[int, int]:
    from yidi.adapters.claims_table import read_table, write_table
    from yidi.service_layer.batch import reprice

    with _bar(err) as bar:
        task = bar.add_task("读取输入", total=5)
        table = read_table(source)
        bar.update(task, advance=1, description=f"已读取 {table.num_rows:,} 行")

        def progress(stage: str, n: int) -> None:
            bar.update(task, advance=1, description=f"{stage}完成（{n:,} 行）")

        result = reprice(table, overlays, progress)
        del table  # the text columns the result replaced by dictionaries can go before the write
        write_table(result.table, output)
        bar.update(task, advance=1, description="已写出结果")
    return result.rows, result.errors


def _settle_partitioned(
    source: Path, output: Path, overlays: dict[str, Any], scheduler: str | None, err: Console
) -> tuple[int, int]:
    from yidi.adapters.claims_dataset import tasks
    from yidi.service_layer.partitions import PartitionResult, run_partitions

    todo = tasks(source)
    with _bar(err) as bar:
        task = bar.add_task(f"分区结算（{len(todo)} 个分区）", total=len(todo))

        def done(r: PartitionResult) -> None:
            bar.update(task, advance=1, description=f"已完成 {r.task}（{r.rows:,} 行）")

        results = run_partitions(todo, output, overlays, scheduler, done)
    return sum(r.rows for r in results), sum(r.errors for r in results)


def register(app: typer.Typer) -> None:
    app.command("settle")(settle_cmd)
    app.command("settle-batch")(settle_batch_cmd)
