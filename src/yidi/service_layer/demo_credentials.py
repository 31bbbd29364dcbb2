"""Demo credentials (演示凭据) left in a database: the published way into a demo, never into a
production service.

The demo seed (``yidi serve --demo``) creates sign-in accounts with the password
``DEMO_PASSWORD`` printed in the README and hospitals whose paasid and secret follow a published
pattern. Anyone who has read the README could sign in as administrator or speak the national
interface as a hospital. So a server started without ``--demo`` refuses to start while any of them
still works (``refuse_outside_demo``), and ``remove`` ends them: the demo accounts whose password
is still the demo password are deleted, the demo hospitals still holding their demo secret are
deactivated. An account or hospital whose password or secret was changed is no longer public
and is left alone. Demo persons, filings and settlements stay (they open nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yidi.adapters.credentials import deactivate_hospitals, delete_accounts
from yidi.adapters.secret_box import open_secret
from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.service_layer.demo_seed import HOSPITALS, credentials
from yidi.service_layer.hospital.uow import HospitalUnitOfWork
from yidi.service_layer.web_users import DEMO_PASSWORD, authenticate, demo_accounts

Factory = Callable[[], HospitalUnitOfWork]


@dataclass(frozen=True)
class DemoCredentials:
    """The demo accounts (user names) and demo hospitals (codes) that still open the service."""

    accounts: tuple[str, ...] = ()
    hospitals: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.accounts or self.hospitals)

    def as_dict(self) -> dict[str, list[str]]:
        return {"accounts": list(self.accounts), "hospitals": list(self.hospitals)}


class DemoCredentialsPresent(InvalidInput):
    """A server started for production on a database that still holds demo credentials."""

    def __init__(self, found: DemoCredentials) -> None:
        self.found = found
        who = "、".join(found.accounts) or "无"
        where = "、".join(found.hospitals) or "无"
        zh = (
            "数据库里还有公开的演示账号或演示医院密钥，不能作为正式服务启动。\n"
            f"  演示账号（密码人人可知）：{who}\n"
            f"  演示医院（密钥人人可知）：{where}\n"
            "删除演示账号并停用演示医院：yidi demo remove\n"
            "仅作演示使用：yidi serve --demo"
        )
        en = (
            "the database still holds the published demo accounts or demo hospital secrets; "
            f"refusing to start without --demo (accounts: {', '.join(found.accounts) or 'none'}; "
            f"hospitals: {', '.join(found.hospitals) or 'none'}). Remove them with `yidi demo remove`, "
            "or run a demo with `yidi serve --demo`."
        )
        super().__init__(FieldProblem("database", zh, en))

    def __str__(self) -> str:
        return f"{self.problems[0].zh}\n{self.problems[0].en}"


def find(factory: Factory) -> DemoCredentials:
    """The demo credentials that still work: each demo account signs in with the demo password
    (one argon2 verification each), each demo hospital is active with its demo secret."""
    accounts = tuple(
        user.username
        for user in demo_accounts()
        if authenticate(factory(), user.username, DEMO_PASSWORD) is not None
    )
    with factory() as uow:
        rows = {code: uow.hospital.hospital(code) for code, _, _ in HOSPITALS}
    hospitals = tuple(
        code
        for code, row in rows.items()
        if row is not None and row["active"] and open_secret(str(row["secret"])) == credentials(code)[1]
    )
    return DemoCredentials(accounts, hospitals)


def refuse_outside_demo(factory: Factory) -> None:
    """Raise ``DemoCredentialsPresent`` when any demo credential still works."""
    found = find(factory)
    if found:
        raise DemoCredentialsPresent(found)


def remove(factory: Factory) -> DemoCredentials:
    """Delete the working demo accounts (and their tokens) and deactivate the demo hospitals that
    still hold their demo secret, in one transaction; returns what was removed."""
    found = find(factory)
    with factory() as uow:
        delete_accounts(uow.session, found.accounts)
        deactivate_hospitals(uow.session, found.hospitals)
        uow.commit()
    return found
