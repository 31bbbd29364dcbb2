"""Which channels (办理渠道) may file which category, and the counter form (附件1).

* self-service (自助备案, 告知承诺制: no proof, no review, effective at once — seed 000 二(一));
* counter (窗口办理 with the 附件1 form — seed 000 二(二));
* hospital at admission (即申即享: the treatment place files while registering the stay — seed 004 一(二));
* referral by the insured region's agency or an authorised hospital (seed 001 二.1 / 三(二).1);
* the hospital's emergency flag (上传"急诊"标志视同备案 — seed 001 二.2).

The channels themselves, the roles and the acting user (``Actor``) are in ``domain.actors``.
"""

from __future__ import annotations

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing.categories import Category, is_long_term
from yidi.domain.filing.clauses import DOC_2021_45, DOC_2025, DOC_TIELING, Clause, Reason

# The form 辽宁省省直基本医疗保险异地就医申请（取消）表 (seed 000 附件1): fields a counter filing
# records beyond what the filing itself holds. The required ones must be present.
COUNTER_FORM_FIELDS: dict[str, str] = {
    "employer": "单位名称",
    "contact": "联系人",
    "phone": "联系电话",
    "signed_by": "本人（委托人）签字",
}
COUNTER_FORM_REQUIRED = ("phone", "signed_by")


def _allowed(category: Category) -> tuple[frozenset[Channel], Clause]:
    if is_long_term(category):
        return frozenset({Channel.SELF_SERVICE, Channel.COUNTER}), Clause(DOC_2021_45, "二")
    if category is Category.REFERRAL:
        return frozenset({Channel.REFERRAL_AGENCY, Channel.REFERRAL_HOSPITAL}), Clause(DOC_TIELING, "二.1")
    if category is Category.EMERGENCY:
        return frozenset({Channel.EMERGENCY_FLAG, Channel.COUNTER}), Clause(DOC_TIELING, "二.2")
    if category is Category.MATERNITY:
        return frozenset({Channel.HOSPITAL_ADMISSION, Channel.COUNTER}), Clause(DOC_TIELING, "四.7")
    return (
        frozenset({Channel.SELF_SERVICE, Channel.COUNTER, Channel.HOSPITAL_ADMISSION}),
        Clause(DOC_2025, "一(二)"),
    )


def check_channel(category: Category, channel: Channel) -> None:
    """Refuse a category through a channel that cannot file it (e.g. a citizen self-filing a referral)."""
    allowed, clause = _allowed(category)
    if channel not in allowed:
        raise FilingRefused(
            "CHANNEL_NOT_ALLOWED",
            Reason(
                "channel.category",
                f"{category} 类备案不能通过 {channel} 渠道办理，可用渠道：{', '.join(sorted(allowed))}",
                f"a {category} filing cannot be made through {channel}; allowed: {', '.join(sorted(allowed))}",
                clause,
                {"category": category, "channel": channel, "allowed": sorted(allowed)},
                "channel",
            ),
        )


def check_counter_form(form: dict[str, str]) -> None:
    """A counter filing records the 附件1 form; its required fields must be filled (seed 000 二(二))."""
    unknown = sorted(set(form) - set(COUNTER_FORM_FIELDS))
    if unknown:
        raise InvalidInput.of(
            "form", f"附件1 无此字段：{', '.join(unknown)}", f"unknown form fields: {unknown}"
        )
    missing = [k for k in COUNTER_FORM_REQUIRED if not str(form.get(k, "")).strip()]
    if missing:
        names = "、".join(COUNTER_FORM_FIELDS[k] for k in missing)
        raise InvalidInput.of(
            "form",
            f"窗口办理须填写《异地就医申请（取消）表》：缺少 {names}",
            f"counter form fields missing: {missing}",
        )
