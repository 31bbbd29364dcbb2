"""CLI group ``yidi referral``: the 转诊目录 (referral catalogue) of a pooling region.

Thin: parse, call ``yidi.policy.referral``, print. Readable Chinese tables by default, ``--json``
for machines. Bad input and a region without a catalogue exit with code 2 (``cli_errors``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from yidi.entrypoints.cli.errors import cli_errors

if TYPE_CHECKING:
    from rich.table import Table

    from yidi.domain.referral import Catalogue, SearchHit

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="转诊目录：按统筹区查询、模糊检索")

Region = Annotated[str, typer.Option("--region", "-r", help="统筹区代码（6 位），如 211300 朝阳市")]
AsJson = Annotated[bool, typer.Option("--json", help="输出 JSON")]


@app.command("search")
def search_cmd(
    query: Annotated[
        str, typer.Argument(help="疾病名称或治疗方式（支持错别字、部分名称、拼音及拼音首字母）")
    ],
    region: Region,
    limit: Annotated[int, typer.Option("--limit", "-n", help="最多返回条数")] = 10,
    min_score: Annotated[
        float | None, typer.Option("--min-score", help="最低得分（0–100），默认 50", show_default=False)
    ] = None,
    as_json: AsJson = False,
) -> None:
    """按文字检索转诊目录，结果按得分排序。"""
    from rich.console import Console

    from yidi.policy import referral

    with cli_errors():
        hits = referral.search(
            region,
            query,
            limit=limit,
            min_score=referral.DEFAULT_MIN_SCORE if min_score is None else min_score,
        )
        catalogue = referral.catalogue_for(region)
    if as_json:
        _print_json({"catalogue": catalogue.header(), "query": query, "hits": [h.as_dict() for h in hits]})
        return
    console = Console()
    console.print(f"{catalogue.region_name}（{catalogue.region}）《{catalogue.title}》 检索：{query}")
    if not hits:
        console.print("没有找到匹配的目录条目。")
        return
    console.print(_hits_table(hits))


@app.command("check")
def check_cmd(
    text: Annotated[str, typer.Argument(help="诊断或治疗方式")],
    region: Region,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="判定为“在目录内”的最低得分，默认 80", show_default=False),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """判断诊断/治疗是否在转诊目录内（初筛，需人工核对原文）。"""
    from rich.console import Console

    from yidi.policy import referral

    with cli_errors():
        result = referral.is_listed(
            region, text, threshold=referral.DEFAULT_LISTED_THRESHOLD if threshold is None else threshold
        )
    if as_json:
        _print_json(result.as_dict())
        return
    console = Console()
    verdict = "在目录内" if result.listed else "未达到阈值，不能认定在目录内"
    console.print(f"{text}：{verdict}（阈值 {result.threshold:g}）")
    if result.best:
        console.print(_hits_table([result.best]))


@app.command("list")
def list_cmd(region: Region, as_json: AsJson = False) -> None:
    """列出统筹区转诊目录的全部条目（原文照录）。"""
    from rich.console import Console
    from rich.table import Table

    from yidi.policy import referral

    with cli_errors():
        catalogue = referral.catalogue_for(region)
    if as_json:
        _print_json({"catalogue": catalogue.header(), "rows": [r.as_dict() for r in catalogue.rows]})
        return
    table = Table(title=f"{catalogue.region_name}《{catalogue.title}》第 {catalogue.version} 版")
    table.add_column("序号", justify="right")
    table.add_column("科室")
    table.add_column("疾病名称/治疗方式", overflow="fold")
    for row in catalogue.rows:
        table.add_row(str(row.number), row.department, row.text)
    console = Console()
    console.print(table)
    console.print(_source_line(catalogue))


@app.command("regions")
def regions_cmd(as_json: AsJson = False) -> None:
    """列出已有转诊目录的统筹区。"""
    from rich.console import Console
    from rich.table import Table

    from yidi.policy import referral

    with cli_errors():
        catalogues = referral.available_catalogues()
    if as_json:
        _print_json({"regions": [c.header() for c in catalogues]})
        return
    table = Table(title="已有转诊目录的统筹区")
    for name in ("统筹区", "名称", "目录", "版本", "生效日期", "条目数"):
        table.add_column(name, overflow="fold")
    for c in catalogues:
        since = c.effective_from.isoformat() + ("（假定）" if c.effective_from_assumed else "")
        table.add_row(c.region, c.region_name, c.title, str(c.version), since, str(len(c.rows)))
    Console().print(table)


def _hits_table(hits: list[SearchHit]) -> Table:
    from rich.table import Table

    table = Table()
    for name in ("序号", "科室", "疾病名称/治疗方式", "得分", "匹配方式"):
        table.add_column(name, overflow="fold")
    for h in hits:
        table.add_row(str(h.row.number), h.row.department, h.row.text, f"{h.score:.1f}", h.kind.zh)
    return table


def _source_line(c: Catalogue) -> str:
    number = c.source.document_number or "文号未载明"
    since = c.effective_from.isoformat() + ("（假定）" if c.effective_from_assumed else "")
    return f"来源：{c.source.document} {c.source.attachment or ''}（{number}），生效日期 {since}，共 {len(c.rows)} 条"


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
