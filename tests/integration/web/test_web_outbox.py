"""Seed 002 第十四条: staff see the filing events not yet reported onward, why a delivery failed,
and retry; citizens and hospitals do not reach the page."""

from __future__ import annotations

from collections.abc import Mapping

from tests.integration.web.conftest import token

from yidi.adapters.onward_receivers import LogReceiver


class Down:
    name = "down"

    def deliver(self, payload: Mapping[str, object]) -> None:
        raise ConnectionError("部级平台无响应")


def test_seed002_第十四条_staff_see_failures_and_retry(app, login, tmp_path) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/outbox")
    assert page.status_code == 200 and "备案信息上报" in page.text
    app.state.onward_receiver = Down()
    failed = staff.post("/ui/staff/outbox/drain", data={"csrf_token": token(page.text)})
    assert "上报失败" in failed.text and "ConnectionError: 部级平台无响应" in failed.text
    assert "立即重试" in failed.text
    event_id = failed.text.split('name="event_id" value="')[1].split('"')[0]
    app.state.onward_receiver = LogReceiver(tmp_path / "events.jsonl")
    retried = staff.post(
        "/ui/staff/outbox/retry", data={"event_id": event_id, "csrf_token": token(failed.text)}
    )
    assert "成功 1 条" in retried.text and event_id not in retried.text
    assert event_id in (tmp_path / "events.jsonl").read_text(encoding="utf-8")
    assert "/ui/staff/outbox" in staff.get("/ui/").text  # on the staff's task list


def test_onward_report_page_is_staff_only(login) -> None:
    for who in ("canbao", "yiyuan"):
        assert login(who).get("/ui/staff/outbox").status_code in (403, 303)
