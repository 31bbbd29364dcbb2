"""yidi (异地): cross-region medical insurance — filing, settlement, reimbursement, clearing."""

__version__ = "0.1.0"
