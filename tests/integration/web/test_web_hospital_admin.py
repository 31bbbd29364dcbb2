"""The hospital onboarding page (/ui/admin/hospitals): admin only; adding shows the secret once
(never in an address), rotating likewise, disabling at once; refusals beside the fields."""

from __future__ import annotations

import re

import pytest
from tests.integration.web.conftest import token

from yidi.service_layer.demo_seed import HOSPITALS

Fernet = pytest.importorskip("cryptography.fernet", reason="pip install cryptography (pyproject)").Fernet


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIDI_SECRET_KEY", Fernet.generate_key().decode())


@pytest.mark.parametrize("who", ["jingban", "yiyuan"])
def test_only_the_administrator_reaches_the_page(login, who: str) -> None:
    assert login(who).get("/ui/admin/hospitals").status_code == 403


def test_add_rotate_disable(login) -> None:
    admin = login("admin")
    page = admin.get("/ui/admin/hospitals")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert HOSPITALS[0][0] in page.text and "demo-secret" not in page.text
    assert 'href="/ui/admin/hospitals"' in admin.get("/ui/").text
    data = {"code": "H21010000088", "name": "新医院", "hosp_lv": "2", "uscc": "", "csrf_token": token(page.text)}
    added = admin.post("/ui/admin/hospitals", data=data)
    assert added.status_code == 201 and added.headers["cache-control"] == "no-store"
    secret = re.search(r'id="shown-secret">([^<]+)<', added.text).group(1)  # type: ignore[union-attr]
    assert len(secret) >= 43
    assert secret not in admin.get("/ui/admin/hospitals").text  # shown once
    again = admin.post("/ui/admin/hospitals", data=data)
    assert again.status_code == 422 and "已登记" in again.text
    rotated = admin.post("/ui/admin/hospitals/H21010000088/rotate-secret", data={"csrf_token": token(page.text)})
    new = re.search(r'id="shown-secret">([^<]+)<', rotated.text).group(1)  # type: ignore[union-attr]
    assert new != secret and "旧密钥可用至" in rotated.text
    off = admin.post("/ui/admin/hospitals/H21010000088/disable", data={"csrf_token": token(page.text)})
    assert off.status_code == 303 and "disabled" in off.headers["location"]
    assert "已停用" in admin.get("/ui/admin/hospitals").text
