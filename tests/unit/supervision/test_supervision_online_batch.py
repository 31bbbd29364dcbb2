"""Online and batch give identical hits: the online check (one settlement with what
``restrict`` loads for it) finds exactly what the batch run over everything finds for it."""

from __future__ import annotations

import copy

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.supervision.random_world import random_world

from yidi.domain.supervision.columns import restrict
from yidi.domain.supervision.evaluator import Hit, review
from yidi.domain.supervision.records import build_input


def _key(h: Hit) -> tuple[object, ...]:
    return (h.setl_id, h.rule, h.feedetl_sn, h.detail, tuple(sorted(h.facts.items())))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_online_equals_batch(seed: int) -> None:
    inp = build_input(**copy.deepcopy(random_world(seed)))
    batch = sorted(_key(h) for h in review(inp))
    online = []
    for row in range(len(inp.settlements.setl_id)):
        online.extend(_key(h) for h in review(restrict(inp, np.array([row]))))
    assert sorted(online) == batch


def test_random_worlds_hit_many_rules() -> None:
    """The property above is only as good as the worlds: they must exercise most rules."""
    seen = set()
    for seed in range(40):
        seen |= {h.rule for h in review(build_input(**random_world(seed)))}
    assert len(seen) >= 20, sorted(seen)


def test_targets_limit_the_hits_not_the_context() -> None:
    inp = build_input(**random_world(7))
    everything = review(inp)
    half = np.arange(0, len(inp.settlements.setl_id), 2)
    subset = review(restrict(inp, half))
    wanted = {str(s) for s in inp.settlements.setl_id[half]}
    assert sorted(map(_key, subset)) == sorted(_key(h) for h in everything if h.setl_id in wanted)
