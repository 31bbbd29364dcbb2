"""CLI group ``yidi filing``: staff scripting over the same service layer as the API.

Output is JSON on stdout; refusals and bad input are JSON on stderr with exit code 2.
The database is ``YIDI_DATABASE_URL`` or the SQLite file under ``$YIDI_DATA_DIR``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.dates import parse_date
from yidi.entrypoints.cli.filing_outbox import app as outbox_app
from yidi.entrypoints.cli.staff import (
    ActorOpt,
    ChannelOpt,
    TodayOpt,
    run_json,
    staff_actor,
    staff_uow,
)

if TYPE_CHECKING:
    from yidi.domain.filing.creation import MaterialIn

app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="异地就医备案：办理、取消、查询、资格、承诺期限任务、数据库升级",
)
db_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="数据库迁移 (Alembic)")
app.add_typer(db_app, name="db")
app.add_typer(outbox_app, name="outbox")

T = TypeVar("T")


def _materials(items: list[str]) -> tuple[MaterialIn, ...]:
    """``kind[:reference[:valid_until]]`` e.g. ``residence_permit:JZZ123:2027-12-31``."""
    from yidi.domain.filing.creation import MaterialIn
    from yidi.domain.filing.materials import MaterialKind

    out = []
    for item in items:
        kind, _, rest = item.partition(":")
        ref, _, until = rest.partition(":")
        out.append(MaterialIn(MaterialKind(kind), ref, parse_date(until, "valid_until") if until else None))
    return tuple(out)


@app.command("person-add")
def person_add(
    id_number: str,
    name: str,
    insured_region: Annotated[str, typer.Option(help="参保地统筹区")],
    insutype: str = "310",
    psn_type: str = "11",
    civil_servant: bool = False,
    balance_fen: int = 0,
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
) -> None:
    """登记或更新参保人员."""
    from yidi.service_layer.person_services import register_person

    run_json(
        lambda: register_person(
            staff_uow(), staff_actor(actor, channel), id_number=id_number, name=name, insutype=insutype, psn_type=psn_type,
            insured_region=insured_region, civil_servant=civil_servant, account_balance_fen=balance_fen,
        )
    )  # fmt: skip


@app.command()
def create(
    id_number: str,
    category: Category,
    treatment_region: str,
    reason: Annotated[TemporaryReason | None, typer.Option(help="临时外出原因")] = None,
    start: Annotated[str | None, typer.Option(help="开始日期")] = None,
    admitted_on: Annotated[str | None, typer.Option(help="已住院的入院日期")] = None,
    outpatient_hospital: str | None = None,
    chronic_hospital: str | None = None,
    material: Annotated[list[str] | None, typer.Option(help="kind[:reference[:valid_until]]，可重复")] = None,
    commit: Annotated[bool, typer.Option("--commit", help="材料不全时签订承诺书")] = False,
    posting_months: int | None = None,
    phone: str = "",
    signed_by: str = "",
    employer: str = "",
    diagnosis: Annotated[str | None, typer.Option(help="转诊：诊断")] = None,
    diagnosis_code: Annotated[str | None, typer.Option(help="转诊：ICD-10 编码")] = None,
    referring_hospital: Annotated[str | None, typer.Option(help="转诊：转出（诊断）医院")] = None,
    guardian: Annotated[str | None, typer.Option(help="未成年人随监护人：监护人身份证号")] = None,
    veteran: Annotated[bool, typer.Option("--veteran", help="自主择业军转人员")] = False,
    request_id: str | None = None,
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """办理备案（窗口默认；--channel self_service 为自助，referral_agency 为经办机构转诊）."""
    from yidi.domain.filing.creation import NewFiling
    from yidi.service_layer import filing_services as fs

    def go() -> object:
        form = {k: v for k, v in {"phone": phone, "signed_by": signed_by, "employer": employer}.items() if v}
        req = NewFiling(
            category=category, treatment_region=treatment_region, temporary_reason=reason,
            start_date=parse_date(start, "start") if start else None,
            admitted_on=parse_date(admitted_on, "admitted_on") if admitted_on else None,
            outpatient_hospital=outpatient_hospital, chronic_hospital=chronic_hospital,
            materials=_materials(material or []), sign_commitment=commit, posting_months=posting_months, form=form,
            diagnosis=diagnosis, diagnosis_code=diagnosis_code, referring_hospital=referring_hospital,
            guardian_id_number=guardian, veteran=veteran,
        )  # fmt: skip
        return fs.file(staff_uow(today), staff_actor(actor, channel), id_number, req, request_id=request_id)

    run_json(go)


@app.command("third-city")
def third_city(
    filing_id: str,
    treatment_region: str,
    admitted_on: Annotated[str, typer.Option(help="第三地入院日期")],
    reason: Annotated[TemporaryReason, typer.Option(help="临时外出原因")] = TemporaryReason.OTHER,
    phone: str = "",
    signed_by: str = "",
    employer: str = "",
    contact: str = "",
    request_id: str | None = None,
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """长期备案人员到第三地住院：终止长期、办理临时外出（窗口填写附件1；辽医保中心发〔2021〕45号 二(二)）."""
    from yidi.domain.filing.creation import NewFiling
    from yidi.service_layer import filing_services as fs
    from yidi.service_layer import queries as q

    def go() -> object:
        fields = {"phone": phone, "signed_by": signed_by, "employer": employer, "contact": contact}
        req = NewFiling(
            category=Category.TEMPORARY, treatment_region=treatment_region, temporary_reason=reason,
            start_date=parse_date(admitted_on, "admitted_on"), form={k: v for k, v in fields.items() if v},
        )  # fmt: skip
        uow, who = staff_uow(today), staff_actor(actor, channel)
        owner = q.get_filing(uow, filing_id, actor=who)["person_id_number"]
        return fs.third_city_admission(uow, who, str(owner), filing_id, req, request_id=request_id)

    run_json(go)


@app.command("person-status")
def person_status(
    id_number: str,
    event: Annotated[str, typer.Argument(help="retire | suspend | resume | terminate")],
    request_id: str | None = None,
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """参保状态变更（退休、暂停、恢复、终止），同步更新备案（辽社险办〔2017〕29号 第十三条(二)）."""
    from yidi.service_layer import person_services as ps

    run_json(
        lambda: ps.change_status(
            staff_uow(today), staff_actor(actor, channel), id_number, event, request_id=request_id
        )
    )


@app.command()
def cancel(
    filing_id: str,
    reason: str = "",
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """取消备案（临时随时可取消；长期生效 6 个月内不得取消）."""
    from yidi.service_layer import filing_services as fs

    run_json(lambda: fs.cancel(staff_uow(today), staff_actor(actor, channel), filing_id, reason))


@app.command()
def supply(
    filing_id: str,
    material: Annotated[list[str], typer.Option(help="kind[:reference[:valid_until]]，可重复")],
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """补充材料."""
    from yidi.service_layer import filing_services as fs

    run_json(
        lambda: fs.supply_materials(
            staff_uow(today), staff_actor(actor, channel), filing_id, _materials(material)
        )
    )


@app.command()
def show(
    filing_id: str, history: bool = False, actor: ActorOpt = "", channel: ChannelOpt = "counter"
) -> None:
    """查看备案（--history 连同历史）."""
    from yidi.service_layer import queries as q

    def go() -> object:
        uow = staff_uow()
        who = staff_actor(actor, channel)
        out: dict[str, object] = {"filing": q.get_filing(uow, filing_id, actor=who)}
        if history:
            out["history"] = q.filing_history(uow, filing_id, actor=who)
        return out

    run_json(go)


@app.command("list")
def list_(id_number: str, actor: ActorOpt = "", channel: ChannelOpt = "counter") -> None:
    """列出某人的全部备案."""
    from yidi.service_layer import queries as q

    run_json(lambda: q.list_filings(staff_uow(), id_number, actor=staff_actor(actor, channel)))


@app.command()
def eligibility(
    id_number: str,
    on: Annotated[str, typer.Option("--date", help="就医日期")],
    region: str | None = None,
    hospital: str | None = None,
    admitted_on: str | None = None,
    care: str = "inpatient",
    actor: ActorOpt = "",
    channel: ChannelOpt = "counter",
) -> None:
    """待遇资格查询."""
    from yidi.service_layer import queries as q

    run_json(
        lambda: q.eligibility(
            staff_uow(), id_number, parse_date(on, "date"), region=region, hospital=hospital,
            admitted_on=parse_date(admitted_on, "admitted_on") if admitted_on else None, care=care,
            actor=staff_actor(actor, channel),
        )
    )  # fmt: skip


@app.command("run-deadlines")
def run_deadlines(actor: ActorOpt = "system:deadlines", today: TodayOpt = None) -> None:
    """承诺期限任务：到期前提醒、逾期撤销并标记追回、有效期届满（每日运行）."""
    from yidi.service_layer import filing_services as fs

    run_json(lambda: fs.run_deadlines(staff_uow(today), staff_actor(actor, "system")))


@db_app.command("upgrade")
def db_upgrade(
    url: Annotated[str | None, typer.Option(help="数据库 URL，默认 YIDI_DATABASE_URL")] = None,
) -> None:
    """alembic upgrade head."""
    from yidi.adapters.migrate import current_revision, upgrade_database
    from yidi.settings import checked_url

    def go() -> object:
        engine = upgrade_database(checked_url(url, "--url"))
        return {
            "database": engine.url.render_as_string(hide_password=True),
            "revision": current_revision(engine),
        }

    run_json(go)
