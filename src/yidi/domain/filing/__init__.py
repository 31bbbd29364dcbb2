"""Filing (备案): categories, channels, materials, the filing and its state machine, commitments,
validity, locks, conflicts and the eligibility query. Plain Python, no framework imports.

Rules are dated data per pooling region (``yidi/policy/data/filing/*.yaml``, loaded by
``yidi.policy.filing``); every decision carries a ``Reason`` with its clause.
"""
