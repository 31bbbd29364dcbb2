"""The unit of work of the hospital interface: the filing unit of work plus hospital storage.

One national transaction = one ``with uow:`` block = one database transaction; leaving without
``commit()`` rolls back (cosmicpython ch. 6), so a refused transaction changes nothing.
"""

from __future__ import annotations

from yidi.adapters import orm_hospital  # noqa: F401  (registers the tables on the metadata)
from yidi.service_layer.hospital.repository import HospitalRepository
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


class HospitalUnitOfWork(SqlAlchemyUnitOfWork):
    hospital: HospitalRepository

    def __enter__(self) -> HospitalUnitOfWork:
        super().__enter__()
        self.hospital = HospitalRepository(self.session)
        return self
