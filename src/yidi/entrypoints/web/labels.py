"""Chinese display names for codes the services return (status, category, material, region…).

Display only: no decision is taken here. Registered as Jinja filters by ``common``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context

from yidi.domain.accounts import WebRole
from yidi.domain.filing.categories import LABELS_ZH as CATEGORY_ZH
from yidi.domain.filing.categories import TemporaryReason
from yidi.domain.filing.materials import LABELS_ZH as MATERIAL_ZH
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.filing.person import PSN_TYPES
from yidi.domain.national.codes import HOSP_LV_NAMES, INSUTYPES
from yidi.domain.regions import division_name
from yidi.domain.settlement.result import SETLINFO_LABELS
from yidi.entrypoints.web import plain_settlement

STATUS_ZH = {
    "draft": "材料未齐（未生效）",
    "pending_commitment": "承诺制备案（已生效，待补材料）",
    "active": "有效",
    "completed": "已完成",
    "cancelled": "已取消",
    "revoked": "已撤销",
    "expired": "已到期",
}
REASON_ZH = {
    TemporaryReason.BUSINESS_TRIP: "因公出差",
    TemporaryReason.STUDY: "学习",
    TemporaryReason.FAMILY_VISIT: "探亲",
    TemporaryReason.TRAVEL: "旅游",
    TemporaryReason.OTHER: "其他",
}
ACTION_ZH = {
    "create": "办理备案",
    "change": "变更",
    "cancel": "取消",
    "supply_materials": "补充材料",
    "commitment_reminder": "承诺到期提醒",
    "complete": "结算完结",
    "expire": "到期",
    "revoke": "撤销",
    "resume_long_term": "恢复长期备案",
    "end_for_third_city": "因第三地就医中止",
}
HOSP_LV_ZH = HOSP_LV_NAMES  # one table of level names, shared with the national interface
MED_TYPE_ZH = {"21": "普通住院", "11": "普通门诊"}
BENEFIT_KEY_ZH = {
    "benefit_class": "待遇类别",
    "settlement_mode": "结算方式",
    "home_benefits": "参保地待遇",
    "outpatient_pooling_hospital": "门诊统筹定点医院",
    "chronic_hospital": "门诊慢特病定点医院",
    "under_commitment": "承诺期内",
    "credit_default": "医保失信",
}
BENEFIT_VALUE_ZH = {
    "local": "参保地（本地）待遇",
    "long_term": "异地长期居住人员待遇",
    "temporary": "临时外出就医待遇",
    "personal_account_only": "仅个人账户",
    "direct": "直接结算",
    "manual": "手工报销",
    "suspended": "暂停",
    "two_way": "双向享受",
    "True": "是",
    "False": "否",
    "None": "—",
}


def category_zh(code: object) -> str:
    return next((v for k, v in CATEGORY_ZH.items() if k.value == code), str(code))


def material_zh(code: object) -> str:
    return next((v for k, v in MATERIAL_ZH.items() if k.value == code), str(code))


def status_zh(code: object) -> str:
    return STATUS_ZH.get(str(code), str(code))


def region_zh(code: object) -> str:
    """Name and code, e.g. 大连市（210200）, from the domain's one table of division names."""
    name = division_name(str(code))
    return f"{name}（{code}）" if name else str(code)


def insutype_zh(code: object) -> str:
    """Insurance type as 职工基本医疗保险（310） (national code table)."""
    name = INSUTYPES.get(str(code))
    return f"{name}（{code}）" if name else str(code or "")


def psn_type_zh(code: object) -> str:
    """Person type as 退休（12） (the register's person types)."""
    name = PSN_TYPES.get(str(code))
    return f"{name}（{code}）" if name else str(code or "")


def action_zh(code: object) -> str:
    return ACTION_ZH.get(str(code), str(code))


def reason_zh(code: object) -> str:
    return next((v for k, v in REASON_ZH.items() if k.value == code), str(code or ""))


def yuan(fen: object) -> str:
    """Integer fen → "1,234.56 元"."""
    if not isinstance(fen, int):
        return "—"
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d} 元"


CODE_READERS = (WebRole.STAFF, WebRole.ADMIN, WebRole.HOSPITAL)


SEED_NUMBER = re.compile(r"seed\s*\d{3}\s*")


def source_zh(ref: object) -> str:
    """A source as people read it: the document's name and part, without the project's short
    document numbers ("seed 000 辽医保中心发〔2021〕45号 附件2" → "辽医保中心发〔2021〕45号 附件2")."""
    return SEED_NUMBER.sub("", str(ref or "")).strip()


def shows_codes(user: Any) -> bool:
    """Codes beside names are for staff and hospital desks; an insured person or a visitor without
    an account reads names only (大连市, not 大连市（210200）; issue 19 scope 1)."""
    return getattr(user, "role", None) in CODE_READERS


def _for_reader(with_code: Callable[[object], str], names: Callable[[str], str | None]) -> Any:
    """A template filter: ``with_code`` for staff pages, the name alone for everyone else."""

    @pass_context
    def label(ctx: Any, code: object) -> str:
        if shows_codes(ctx.get("user")):
            return with_code(code)
        return names(str(code)) or str(code or "")

    return label


FILTERS = {
    "category_zh": category_zh,
    "material_zh": material_zh,
    "status_zh": status_zh,
    "region_zh": _for_reader(region_zh, division_name),
    "reason_zh": reason_zh,
    "action_zh": action_zh,
    "insutype_zh": _for_reader(insutype_zh, INSUTYPES.get),
    "psn_type_zh": _for_reader(psn_type_zh, PSN_TYPES.get),
    "yuan": yuan,
    "source_zh": source_zh,
    "amount": plain_settlement.amount,
    "percent": plain_settlement.percent,
}
BOTTOM_NAV = {  # the phone's bottom bar (issue 19 scope 11): the few pages a role comes back to
    "insured": [("/ui/", "首页"), ("/ui/me/filings", "我的备案"), ("/ui/me/estimate", "报销测算"), ("/ui/help", "帮助")],
    "staff": [("/ui/", "首页"), ("/ui/staff/claims", "报销队列"), ("/ui/staff/persons", "人员查询"), ("/ui/help", "帮助")],
    "hospital": [("/ui/", "首页"), ("/ui/desk/patient", "患者查询"), ("/ui/desk/settlements", "本院结算"), ("/ui/help", "帮助")],
}

GLOBALS = {
    "BOTTOM_NAV": BOTTOM_NAV,
    "shows_codes": shows_codes,
    "SETLINFO_LABELS": SETLINFO_LABELS,
    "HOSP_LV_ZH": HOSP_LV_ZH,
    "MED_TYPE_ZH": MED_TYPE_ZH,
    "BENEFIT_KEY_ZH": BENEFIT_KEY_ZH,
    "BENEFIT_VALUE_ZH": BENEFIT_VALUE_ZH,
    "MaterialKind": MaterialKind,
    "REASON_OPTIONS": [(r.value, text) for r, text in REASON_ZH.items()],
}
