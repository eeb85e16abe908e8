"""Secure links: how an organisation without an account sends an alert (a hashed token, an expiry, a revocation,
a rate limit). The alert itself goes through `services.alert_save`."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.events import record_event
from concerto.core.utils import token_hash
from concerto.situations.models import SecureLink

LINK_SUBMISSIONS_PER_HOUR = 10


@transaction.atomic
def secure_link_create(*, council, organisation, actor, days: int) -> tuple[SecureLink, str]:
    token = secrets.token_urlsafe(24)
    link = SecureLink.objects.create(
        council=council,
        organisation=organisation,
        token_hash=token_hash(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(council=council, actor=actor, verb="secure_link_created", target=link, organisation=organisation.pk)
    return link, token


@transaction.atomic
def secure_link_revoke(*, link: SecureLink, actor) -> None:
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record_event(council=link.council, actor=actor, verb="secure_link_revoked", target=link)


def secure_link_from_token(token: str) -> SecureLink | None:
    link = SecureLink.objects.select_related("council", "organisation").filter(token_hash=token_hash(token)).first()
    if link is None or link.revoked_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def secure_link_rate_limited(link: SecureLink) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return link.alerts.filter(created_at__gte=since).count() >= LINK_SUBMISSIONS_PER_HOUR
