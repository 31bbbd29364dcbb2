"""Dependencies: the acting user and channel, and a unit of work per request.

Sign-in comes with the web UI issue. Until then the actor comes from headers:
``X-Yidi-Actor: <role>:<user>`` (role citizen/staff/hospital/system; default ``citizen:anonymous``)
and ``X-Yidi-Channel`` (default ``self_service``). Replace ``get_actor`` with a token-checking
dependency and every route keeps working.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from yidi.domain.filing.channels import Actor
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

DEFAULT_ACTOR = "citizen:anonymous"
DEFAULT_CHANNEL = "self_service"


def get_actor(
    x_yidi_actor: Annotated[str, Header(description="role:user, e.g. staff:wang")] = DEFAULT_ACTOR,
    x_yidi_channel: Annotated[
        str, Header(description="self_service, counter, hospital_admission…")
    ] = DEFAULT_CHANNEL,
) -> Actor:
    return Actor.parse(x_yidi_actor, x_yidi_channel)


def get_uow(request: Request) -> SqlAlchemyUnitOfWork:
    factory = request.app.state.uow_factory
    uow: SqlAlchemyUnitOfWork = factory()
    return uow


ActorDep = Annotated[Actor, Depends(get_actor)]
UowDep = Annotated[SqlAlchemyUnitOfWork, Depends(get_uow)]
