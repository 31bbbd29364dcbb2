"""A hospital's admission through the REST API (入院登记即申即享): the same ground as 【2401】.

A hospital admits patients where it is, so the treatment place is the hospital's own city — named
by its code (H + division + serial) — and not whatever the request says (security review H2: a
沈阳 hospital naming 北京 ended another person's long-term filing there). The stay must then be
covered on the same grounds 2401 decides (``eligibility.check`` at the hospital): an in-force
filing for the place, the emergency flag (seed 001 二.2), a maternity stay (seed 001 四.7), a
no-filing city, or the insured region's 即申即享 (seed 004 一(二)). Care at home is local care
and goes through no cross-region filing.
"""

from __future__ import annotations

from dataclasses import replace

from yidi.domain.actors import Actor, Channel
from yidi.domain.errors import Kind, refusal
from yidi.domain.filing import eligibility as elig
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import NewFiling
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.places import hospital_region, treatment_place
from yidi.domain.filing.rules import RegionRules

COVERED_BY_ITSELF = ("filing", "no_filing_region", "auto_filing")


def confine(person: InsuredPerson, req: NewFiling, actor: Actor, rules: RegionRules) -> NewFiling:
    """The admission ``req`` of hospital ``actor`` at its own place, or a refusal naming why."""
    assert req.admitted_on is not None and actor.subject is not None
    own = treatment_place(hospital_region(actor.subject, "hospital_code"))
    if treatment_place(req.treatment_region) != own:
        raise refusal(
            "ADMISSION_OUTSIDE_HOSPITAL_PLACE", Kind.FORBIDDEN,
            f"医疗机构只能为在本机构所在地（{own}）住院的患者办理入院登记",
            f"a hospital admits only at its own place {own}",
            field="treatment_region", rule="access.hospital_own_place",
        )  # fmt: skip
    on = req.admitted_on
    result = elig.check(person, rules, on, hospital=actor.subject, admitted_on=on)
    if result.basis == "local":
        raise refusal(
            "LOCAL_CARE", Kind.CONFLICT, "参保地与就医地相同，属于本地就医，不办理异地就医入院登记",
            "care at home is local care, not a cross-region admission", field="id_number",
        )  # fmt: skip
    special = actor.channel is Channel.EMERGENCY_FLAG or req.category in (Category.EMERGENCY, Category.MATERNITY)
    if result.basis not in COVERED_BY_ITSELF and not special:
        reasons = "；".join(r.zh for r in result.reasons)
        raise refusal(
            "NOT_ELIGIBLE", Kind.CONFLICT, f"该人员无有效异地就医备案，不能办理入院登记：{reasons}",
            "no cross-region cover for this admission", field="id_number",
        )  # fmt: skip
    return replace(req, treatment_region=own)
