"""急危重病种标准 (emergency-disease criteria) as data with an explaining evaluator.

Use ``yidi.policy.criteria.load_criteria()`` for the list in force, then ``evaluate`` (one
disease, with the tree and the source text) or ``screen`` (every disease for one patient). See
``docs/criteria.md``.
"""

from yidi.domain.criteria.catalogue import CriteriaSet, Disease, System
from yidi.domain.criteria.evaluation import (
    Evaluation,
    Screening,
    evaluate,
    explain,
    screen,
    screen_facts,
    verdict_of,
)
from yidi.domain.criteria.trace import Trace
from yidi.domain.criteria.verdict import Verdict

__all__ = [
    "CriteriaSet",
    "Disease",
    "Evaluation",
    "Screening",
    "System",
    "Trace",
    "Verdict",
    "evaluate",
    "explain",
    "screen",
    "screen_facts",
    "verdict_of",
]
