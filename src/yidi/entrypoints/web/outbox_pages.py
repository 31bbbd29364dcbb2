"""Staff page of the onward report (备案信息上报; seed 002 第十四条): the filing events not yet
delivered to the receiving platform, with the failure and the next attempt, a retry per event and
a "send now" for everything due. The work is ``service_layer.onward_report``'s."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.adapters.onward_receivers import OnwardReceiver, receiver_for
from yidi.domain.actors import Channel
from yidi.entrypoints.web.common import Form, Staff, actor, render, uow
from yidi.service_layer import onward_report

router = APIRouter(prefix="/ui/staff", include_in_schema=False)

KIND_ZH = {"new": "新增", "changed": "变更", "cancelled": "取消", "ended": "终止"}
STATUS_ZH = {"pending": "待上报", "failed": "上报失败", "delivered": "已上报"}


def _receiver(request: Request) -> OnwardReceiver:
    """The configured receiver (``YIDI_ONWARD_REPORT``); a test may set ``app.state.onward_receiver``."""
    chosen: OnwardReceiver | None = getattr(request.app.state, "onward_receiver", None)
    return chosen or receiver_for(request.app.state.settings)


def _page(request: Request, user: Staff, ran: dict[str, object] | None) -> HTMLResponse:
    listed = onward_report.listing(uow(request), actor(user, Channel.COUNTER))
    return render(
        request, "staff/outbox.html", listed=listed, ran=ran, kind_zh=KIND_ZH, status_zh=STATUS_ZH,
    )  # fmt: skip


@router.get("/outbox", response_class=HTMLResponse)
def outbox(request: Request, user: Staff) -> Response:
    return _page(request, user, None)


@router.post("/outbox/drain", response_class=HTMLResponse)
def drain(request: Request, user: Staff, form: Form) -> Response:
    ran = onward_report.drain(uow(request), actor(user, Channel.SYSTEM), _receiver(request))
    return _page(request, user, ran)


@router.post("/outbox/retry", response_class=HTMLResponse)
def retry(request: Request, user: Staff, form: Form) -> Response:
    event_id = str(form.get("event_id", "")).strip()
    ran = onward_report.retry(uow(request), actor(user, Channel.SYSTEM), event_id, _receiver(request))
    return _page(request, user, ran)
