"""The unit of work of the hospital interface.

One national transaction = one ``with uow:`` block = one database transaction; leaving without
``commit()`` rolls back (cosmicpython ch. 6), so a refused transaction changes nothing. The
handlers use ``uow.hospital`` (``adapters.hospital_repository``) and, for filings, ``uow.persons``:
the same unit of work as every other use case, under the name the national interface uses.
"""

from __future__ import annotations

from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

HospitalUnitOfWork = SqlAlchemyUnitOfWork
