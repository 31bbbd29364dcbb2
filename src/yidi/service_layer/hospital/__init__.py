"""Use cases of the hospital interface, one module per group of national transactions.

``dispatcher.call_service`` is the single entry: it validates the envelope, replays a known
``msgid``, runs the transaction's handler inside one unit of work and logs request and
response. Handlers receive a ``Call`` (``context.py``) and return an ``Outcome``.
"""
