"""Rule data as dated values (规则数据): one model for every rule yidi applies.

A rule value holds from a date, optionally until a date, and cites where it comes from — a clause
of a document, or an assumption with a stable id (``docs/assumptions.md``). ``timeline`` says
which value is in force on a day; ``citation`` how a source is shown to machines and to people.
Files are read by ``yidi.policy``; nothing here touches storage.
"""

from yidi.domain.rules.citation import PEOPLE_ASSUMPTION, Citation, Cited, Clause, is_assumption_id
from yidi.domain.rules.dated import DatedValue, Layer, Selector
from yidi.domain.rules.timeline import chain, change_dates, in_force, newest

__all__ = [
    "PEOPLE_ASSUMPTION",
    "Citation",
    "Cited",
    "Clause",
    "DatedValue",
    "Layer",
    "Selector",
    "chain",
    "change_dates",
    "in_force",
    "is_assumption_id",
    "newest",
]
