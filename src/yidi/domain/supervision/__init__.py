"""基金监管 — supervision of cross-region costs (seed 004 三(一)(二), seed 002 第十五条).

The functional core: review rules over columns and their one evaluator (online and batch),
length-of-stay norms, the review queue, stratified sampling with extrapolation, anomaly
screening, reviewer decisions and deductions, 协查, 问题协同 tickets and inspections. Plain
Python, numpy and scipy; the service layer fills the column bundles and stores the results.
"""

from yidi.domain.supervision.basis import Severity, SupervisionRefused
from yidi.domain.supervision.columns import ReviewInput, restrict
from yidi.domain.supervision.evaluator import Hit, HitColumns, evaluate, explain, review
from yidi.domain.supervision.records import build_input, evidence_of, filing_window
from yidi.domain.supervision.rulebook import RULES, parameters

__all__ = [
    "RULES",
    "Hit",
    "HitColumns",
    "ReviewInput",
    "Severity",
    "SupervisionRefused",
    "build_input",
    "evaluate",
    "evidence_of",
    "explain",
    "filing_window",
    "parameters",
    "restrict",
    "review",
]
