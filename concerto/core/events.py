"""Writing to the event table: every state change in a service ends with `record_event`."""

from __future__ import annotations

import logging
from typing import Any

from django.db import models

from concerto.core.models import AccessLog, Event

logger = logging.getLogger("concerto.events")


def target_key(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def record_event(*, council, actor, verb: str, target: models.Model | None = None, **data: Any) -> Event:
    target_type, target_id = target_key(target)
    event = Event.objects.create(
        council=council,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        data=data,
    )
    logger.info(
        "event=%s council=%s actor=%s target=%s:%s",
        verb,
        getattr(council, "pk", None),
        event.actor_id,
        target_type,
        target_id,
    )
    return event


def log_access(*, council, user, target: models.Model, scope: str, source: str = "") -> AccessLog:
    target_type, target_id = target_key(target)
    return AccessLog.objects.create(
        council=council,
        user=user if user.is_authenticated else None,
        target_type=target_type,
        target_id=target_id,
        scope=scope,
        source=source[:255],
    )
