"""The national medical-security platform's hospital interface (定点医药机构接口), pure domain.

Envelope and response (``envelope.py``, ``response.py``), field formats (``formats.py``), errors
as ``infcode -1`` with a Chinese ``err_msg`` naming the field (``errors.py``), input-node helpers
(``fields.py``), code tables (``codes.py``) and the treatment region's catalogue with the 2301
per-line adjudication (``catalogue.py``, ``adjudication.py``). Reference: the national interface
specification (see docs/national-interface.md).
"""
