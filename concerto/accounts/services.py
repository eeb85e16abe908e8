"""Account use cases: invitations, memberships, lockout. Each one is atomic and writes an event."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concerto.accounts import lockout, tasks
from concerto.accounts.models import Invitation, Membership, User
from concerto.core.crypto import encrypt
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import token_hash


@transaction.atomic
def invitation_create(*, council, actor, data: dict) -> tuple[Invitation, str]:
    """Creates an invitation and e-mails its link; only the token's hash is stored."""
    email = data["email"].strip().lower()
    if Membership.objects.filter(council=council, user__email__iexact=email, is_active=True).exists():
        raise DomainError("Cette personne est déjà membre du conseil.")
    _check_organisation(council, data.get("organisation"))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        council=council,
        invited_by=actor,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.CONCERTO_INVITATION_DAYS),
        **data,
    )
    enqueue_on_commit(tasks.send_invitation, invitation.pk, encrypt(token))
    record_event(council=council, actor=actor, verb="invitation_sent", target=invitation, role=invitation.role)
    return invitation, token


def _check_organisation(council, organisation) -> None:
    if organisation is not None and organisation.council_id != council.pk:
        raise DomainError("Cette structure n'appartient pas à l'annuaire du conseil.")


def invitation_from_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("council").filter(token_hash=token_hash(token)).first()
    return invitation if invitation and invitation.is_pending else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    if not invitation.is_pending:
        raise DomainError("Cette invitation n'est plus valable : demandez-en une nouvelle à la coordination.")
    membership, _created = Membership.objects.update_or_create(
        user=user,
        council=invitation.council,
        defaults={
            "role": invitation.role,
            "profession": invitation.profession,
            "organisation": invitation.organisation,
            "job_title": invitation.job_title,
            "is_active": True,
        },
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(council=invitation.council, actor=user, verb="invitation_accepted", target=invitation)
    return membership


@transaction.atomic
def invitation_accept_new_user(*, invitation: Invitation, first_name: str, last_name: str, password: str) -> User:
    user = User.objects.create_user(invitation.email, password, first_name=first_name, last_name=last_name)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(council=invitation.council, actor=actor, verb="invitation_revoked", target=invitation)


@transaction.atomic
def membership_update(*, membership: Membership, actor, changed: list[str]) -> None:
    if membership.user_id == actor.pk and not membership.is_active:
        raise DomainError("Vous ne pouvez pas désactiver votre propre adhésion.")
    _check_organisation(membership.council, membership.organisation)
    membership.save()
    record_event(council=membership.council, actor=actor, verb="membership_updated", target=membership, fields=changed)


@transaction.atomic
def member_unlock(*, membership: Membership, actor) -> None:
    lockout.unlock(membership.user.email)
    record_event(council=membership.council, actor=actor, verb="member_unlocked", target=membership)


@transaction.atomic
def session_revoke(*, session, council, actor) -> None:
    record_event(council=council, actor=actor, verb="session_revoked", target=session.user, session=session.pk)
    session.end()
