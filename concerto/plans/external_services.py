"""Actions owned by a person without an account (a GP, a relative through a service, a curator): the owner is a name,
an e-mail address and the action's organisation. They get a time-limited link (a hashed token, an expiry, a
revocation) that opens their action alone: mark it done or in progress, with a comment. Every write goes through
these services, each recording its event; the e-mails are sent by tasks once the transaction commits."""

from __future__ import annotations

import datetime
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.crypto import blind_index, encrypt
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import token_hash
from concerto.plans.enums import ACTION_TRANSITIONS, OPEN_STATUSES, ActionStatus
from concerto.plans.models import Action, ExternalActionLink

LINK_DAYS = 30  # a link lasts 30 days…
AFTER_DUE_DAYS = 30  # …and no more than 30 days after the action's due date…
MIN_LINK_DAYS = 3  # …but always a few days, so that a link sent for an overdue action can still be used.
UPDATES_PER_HOUR = 10  # the token page's POST rate limit, per action
EXTERNAL_STATUSES = (ActionStatus.IN_PROGRESS, ActionStatus.DONE)  # what the owner may set through their link


def email_index(email: str) -> str:
    """The keyed hash of an address (case and spacing ignored): groups reminders without reading the address."""
    return blind_index(email.strip().lower()) if email and email.strip() else ""


def check_owner(data: dict) -> None:
    """A named owner is either a member of the council or a person without an account, never both; a person without
    an account has a name and an e-mail address. (The form says the same in its own words; a future API has no
    form.)"""
    name = (data.get("external_owner_name") or "").strip()
    email = (data.get("external_owner_email") or "").strip()
    if (name or email) and data.get("owner_user") is not None:
        raise DomainError(
            "Une action a une seule personne responsable : un membre du conseil ou une personne sans compte."
        )
    if bool(name) != bool(email):
        raise DomainError("Une personne sans compte responsable d'une action a un nom et une adresse électronique.")


def link_expiry(action: Action, now=None) -> datetime.datetime:
    """30 days from now, capped at 30 days after the due date (end of that day), and never less than 3 days."""
    now = now or timezone.now()
    due_cap = timezone.make_aware(
        datetime.datetime.combine(action.due_on + timedelta(days=AFTER_DUE_DAYS), datetime.time.max)
    )
    return max(min(now + timedelta(days=LINK_DAYS), due_cap), now + timedelta(days=MIN_LINK_DAYS))


def _issue(action: Action, actor) -> str:
    """Revokes the action's live links and creates a new one; returns the raw token (stored only as its hash)."""
    now = timezone.now()
    action.external_links.filter(revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(24)
    ExternalActionLink.objects.create(
        action=action, token_hash=token_hash(token), created_by=actor, expires_at=link_expiry(action, now)
    )
    return token


@transaction.atomic
def external_link_send(*, action: Action, actor, reissued: bool = False) -> None:
    """Issues the action's link (revoking the previous one) and e-mails it to the owner without an account once the
    transaction commits; the queue holds the token encrypted."""
    from concerto.plans.tasks import send_external_link

    if not action.has_external_owner:
        raise DomainError("Cette action n'est pas confiée à une personne sans compte : il n'y a pas de lien à envoyer.")
    if action.status not in OPEN_STATUSES:
        raise DomainError("Cette action est faite ou abandonnée : il n'y a pas de lien à envoyer.")
    token = _issue(action, actor)
    record_event(
        council=action.council, actor=actor, verb="action_external_link_sent", target=action.situation,
        action=action.pk, reissued=reissued,
    )  # fmt: skip
    enqueue_on_commit(send_external_link, action.pk, encrypt(token))


def external_link_reissue(*, action: Action, actor) -> None:
    """The coordinator's "Renvoyer le lien": a new link by e-mail, the previous one refused from now on."""
    from concerto.plans.access import still_shared

    if not still_shared(Action.objects.filter(pk=action.pk)).exists():
        raise DomainError(
            "La personne s'est opposée au partage ou a retiré son accord : aucun lien ne peut être envoyé."
        )
    external_link_send(action=action, actor=actor, reissued=True)


@transaction.atomic
def digest_link(action: Action) -> str:
    """A fresh link for the day's reminder digest (the previous one revoked): only a token's hash is stored, so an
    earlier link cannot be repeated, and the newest e-mail always holds the link that works."""
    token = _issue(action, None)
    record_event(
        council=action.council, actor=None, verb="action_external_link_sent", target=action.situation,
        action=action.pk, reissued=True, digest=True,
    )  # fmt: skip
    return token


def link_from_token(token: str) -> ExternalActionLink | None:
    """The live link of an open action still shared, or None (unknown, expired, revoked, action closed, owner
    changed, situation closed or its sharing withdrawn)."""
    from concerto.plans.access import still_shared
    from concerto.situations.enums import SituationStatus

    link = (
        ExternalActionLink.objects.select_related("action__council", "action__situation", "action__owner_organisation")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        return None
    action = link.action
    if (
        action.status not in OPEN_STATUSES
        or not action.has_external_owner
        or action.situation.status == SituationStatus.CLOSED
        or not still_shared(Action.objects.filter(pk=action.pk)).exists()
    ):
        return None
    return link


def link_rate_limited(link: ExternalActionLink) -> bool:
    from concerto.core.models import Event

    since = timezone.now() - timedelta(hours=1)
    return (
        Event.objects.filter(
            council=link.action.council, verb="action_external_updated", target_type="situations.situation",
            target_id=str(link.action.situation_id), data__action=link.action_id, created_at__gte=since,
        ).count()
        >= UPDATES_PER_HOUR
    )  # fmt: skip


@transaction.atomic
def external_update(*, link: ExternalActionLink, status: str, comment: str = "") -> Action:
    """The owner without an account marks their action done or in progress, with an optional comment (encrypted,
    kept on the action; the event says only that there is one)."""
    if status not in EXTERNAL_STATUSES:
        raise DomainError("Choisissez « en cours » ou « faite ».")
    action = Action.objects.select_for_update().get(pk=link.action_id)
    if action.status not in OPEN_STATUSES:
        raise DomainError("Cette action est déjà close.")
    previous = action.status
    if previous != status:
        ACTION_TRANSITIONS.check(previous, status)
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    fields = ["status", "done_at", "updated_at"]
    if comment.strip():
        action.external_comment = comment.strip()
        fields.append("external_comment")
    action.save(update_fields=fields)
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at"])
    record_event(
        council=action.council, actor=None, verb="action_external_updated", target=action.situation,
        action=action.pk, before=previous, after=status, commented=bool(comment.strip()),
    )  # fmt: skip
    return action
