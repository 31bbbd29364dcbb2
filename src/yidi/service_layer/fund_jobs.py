"""基金测算 scenarios (named, saved, compared) and their runs as background jobs with progress.

A policy maker saves a scenario (region, past months, overlay as written); the run happens in a
worker thread of the server process, one at a time (a projection re-prices every recorded claim
of the window and uses the whole of a core), and writes its progress and then its result
document to the scenario row, so the page can show progress and any later page the result. A
failed run keeps its Chinese reason. The overlay is checked against the 2025 guidance before it
is projected; the items off the guidance are part of the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from yidi.domain.errors import InvalidInput, NotFound, Problem, Problems, YidiError
from yidi.service_layer import fund_projection as fp
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

log = logging.getLogger("yidi.fund")
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yidi-projection")
_FUTURES: dict[int, Future[None]] = {}
STEPS = {"读取结算记录": 25, "基线重算": 50, "调整方案重算": 70, "手工报销重算": 85, "汇总": 95}
Factory = Callable[[], SqlAlchemyUnitOfWork]


def create(
    uow: SqlAlchemyUnitOfWork, name: str, region: str, first: str, last: str, overlay: str, by: str
) -> int:
    """Save a scenario after checking every field (all problems at once); returns its id."""
    from yidi.policy.overlay import overlays_from_text

    problems = Problems()
    if not name.strip():
        problems.add("name", "请填写方案名称", "name the scenario")
    problems.value(lambda: fp.window(first, last), None)
    if overlay.strip():
        try:
            _overlay_problems(overlays_from_text(overlay, "调整方案"), region)
        except InvalidInput as exc:
            problems.extend(exc.problems)
        except YidiError as exc:  # a policy-file error of the overlay: the policy maker's input here
            problems.extend(Problem("overlay", p.zh, p.en) for p in exc.problems)
    problems.check()
    with uow:
        if any(s["name"] == name.strip() for s in uow.fund.scenarios(region)):
            raise InvalidInput.of(
                "name", f"该统筹区已有名为“{name.strip()}”的方案", "a scenario of that name exists"
            )
        sid = uow.fund.add_scenario(
            name=name.strip(), region=region, month_from=first, month_to=last, overlay=overlay, status="queued",
            progress=0, error="", result=None, created_by=by, created_at=datetime.now(UTC),
        )  # fmt: skip
        uow.commit()
    return sid


def _overlay_problems(overlays: dict[str, Any], region: str) -> None:
    if overlays and region not in overlays:
        raise InvalidInput.of(
            "overlay",
            f'调整方案没有统筹区 {region} 的参数（写在 "{region}": 之下）',
            "overlay lacks the region",
        )


def start(factory: Factory, scenario_id: int) -> Future[None]:
    """Queue the run of a saved scenario."""
    future = _EXECUTOR.submit(run_scenario, factory, scenario_id)
    _FUTURES[scenario_id] = future
    return future


def wait(scenario_id: int, timeout: float = 120) -> None:
    """Block until a queued run ends (tests, the CLI)."""
    future = _FUTURES.get(scenario_id)
    if future is not None:
        future.result(timeout)


def run_scenario(factory: Factory, scenario_id: int) -> None:
    from yidi.policy.overlay import overlays_from_text
    from yidi.service_layer.fund_compliance import compliance

    with factory() as uow:
        s = uow.fund.scenario(scenario_id)
    if s is None:
        return
    _update(factory, scenario_id, status="running", progress=5)
    try:
        w = fp.window(str(s["month_from"]), str(s["month_to"]))
        overlays = overlays_from_text(str(s["overlay"]), "调整方案") if str(s["overlay"]).strip() else {}
        checked: list[dict[str, Any]] = []
        if overlays:
            try:
                checked = compliance(str(s["region"]), w.end, overlays)["items"]
            except YidiError:
                checked = []  # no local standard recorded for the region: nothing to check against

        def step(stage: str, _n: int) -> None:
            _update(factory, scenario_id, progress=STEPS.get(stage, 50))

        run = fp.run(factory(), str(s["region"]), w, overlays, step)
        result = fp.result_document(run, checked)
        _update(
            factory, scenario_id, status="done", progress=100, result=result, finished_at=datetime.now(UTC)
        )
    except YidiError as exc:
        reason = "；".join(p.zh for p in exc.problems)
        _update(factory, scenario_id, status="failed", error=reason, finished_at=datetime.now(UTC))
    except Exception:
        log.exception("projection scenario %s failed", scenario_id)
        _update(
            factory,
            scenario_id,
            status="failed",
            error="系统内部错误，请联系运维",
            finished_at=datetime.now(UTC),
        )


def _update(factory: Factory, scenario_id: int, **values: Any) -> None:
    with factory() as uow:
        uow.fund.update_scenario(scenario_id, **values)
        uow.commit()


def get(uow: SqlAlchemyUnitOfWork, scenario_id: int) -> dict[str, Any]:
    with uow:
        s = uow.fund.scenario(scenario_id)
    if s is None:
        raise NotFound("scenario", str(scenario_id), f"没有编号为 {scenario_id} 的测算方案")
    return dict(s)


def listing(uow: SqlAlchemyUnitOfWork, region: str | None = None) -> list[dict[str, Any]]:
    with uow:
        return [dict(s) for s in uow.fund.scenarios(region)]
