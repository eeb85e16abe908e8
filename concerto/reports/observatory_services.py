"""The observatory's writes (issue 14): an observatory asks a council to join, the council's coordinator consents
or refuses, and withdraws a consent at any time. Each step is an event of both councils."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.councils.models import Council
from concerto.reports.models import ObservatoryMembership
from concerto.reports.observatory import ACTIVE, PENDING, status_of


def _record(membership: ObservatoryMembership, *, actor, step: str) -> None:
    """`step`: requested, consented, refused or withdrawn (the verbs `observatory_<step>` of declarations.py)."""
    for council in (membership.observatory, membership.member):
        record_event(
            council=council,
            actor=actor,
            verb=f"observatory_{step}",
            target=membership,
            observatory=membership.observatory.code,
            member=membership.member.code,
        )


def _locked(membership: ObservatoryMembership) -> ObservatoryMembership:
    return (
        ObservatoryMembership.objects.select_for_update().select_related("observatory", "member").get(pk=membership.pk)
    )


@transaction.atomic
def observatory_request(*, observatory, actor, code: str) -> ObservatoryMembership:
    """Asks the council of short code `code` to share its aggregated indicators with `observatory`. After a refusal
    or a withdrawal the same row is asked again."""
    member = Council.objects.filter(code__iexact=code.strip()).first()
    if member is None:
        raise DomainError("Aucun conseil n'a ce code court.")
    if member.pk == observatory.pk:
        raise DomainError("Un conseil ne peut pas rejoindre son propre observatoire.")
    now = timezone.now()
    membership, created = ObservatoryMembership.objects.select_for_update().get_or_create(
        observatory=observatory, member=member, defaults={"requested_at": now, "requested_by": actor}
    )
    if not created:
        status = status_of(membership)
        if status == PENDING:
            raise DomainError(f"Une demande attend déjà la réponse de {member.name}.")
        if status == ACTIVE:
            raise DomainError(f"{member.name} participe déjà à l'observatoire.")
        membership.requested_at, membership.requested_by = now, actor
        membership.consented_at = membership.consented_by = membership.withdrawn_at = membership.withdrawn_by = None
        membership.save()
    _record(membership, actor=actor, step="requested")
    return membership


@transaction.atomic
def observatory_consent(*, membership: ObservatoryMembership, actor) -> ObservatoryMembership:
    membership = _locked(membership)
    if status_of(membership) != PENDING:
        raise DomainError("Cette demande n'attend plus de réponse.")
    membership.consented_at, membership.consented_by = timezone.now(), actor
    membership.save(update_fields=["consented_at", "consented_by"])
    _record(membership, actor=actor, step="consented")
    return membership


@transaction.atomic
def observatory_refuse(*, membership: ObservatoryMembership, actor) -> ObservatoryMembership:
    membership = _locked(membership)
    if status_of(membership) != PENDING:
        raise DomainError("Cette demande n'attend plus de réponse.")
    membership.withdrawn_at, membership.withdrawn_by = timezone.now(), actor
    membership.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _record(membership, actor=actor, step="refused")
    return membership


@transaction.atomic
def observatory_withdraw(*, membership: ObservatoryMembership, actor) -> ObservatoryMembership:
    """Takes the council's figures out of the observatory at once, for every period (nothing is stored there)."""
    membership = _locked(membership)
    if status_of(membership) != ACTIVE:
        raise DomainError("Votre conseil ne participe pas à cet observatoire.")
    membership.withdrawn_at, membership.withdrawn_by = timezone.now(), actor
    membership.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _record(membership, actor=actor, step="withdrawn")
    return membership


def observatory_export_record(*, council, actor, start, end, members: int) -> None:
    record_event(
        council=council,
        actor=actor,
        verb="observatory_exported",
        start=start.isoformat(),
        end=end.isoformat(),
        members=members,
    )
