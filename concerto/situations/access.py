"""Access helpers for situations: the ONLY way views, outputs and jobs load a situation, its identity or its notes.

Need-to-know (architecture invariants 3 and 10) is decided by the disclosure policy in `policy.py`: a reader's
relation to the situation opens classes of information. Outside scope: 404, so existence does not leak. Every
helper takes a *reader* (the request, or `Reader.of(membership)` outside a request).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import Role
from concerto.core.events import log_access
from concerto.situations.enums import AlertStatus, PersonMode
from concerto.situations.models import Alert, Attachment, Identity, JournalNote, SecureLink, Situation
from concerto.situations.policy import (  # noqa: F401 - re-exported for the views
    Reader,
    SituationAccess,
    active_invitations,
    active_participations,
    consent_state,
    disclosure_for,
    disclosures_for,
)

LIST_ROLES = {Role.COORDINATOR, Role.CELL_MEMBER}


def situations_visible_to(reader) -> QuerySet:
    """Coordinators and cell members list every situation of the council (code and status at least);
    anyone else only those they take part in or are invited for."""
    situations = Situation.objects.filter(council=reader.council)
    if reader.membership.role in LIST_ROLES:
        return situations
    return situations.filter(
        Q(pk__in=active_participations(reader.user).values("situation_id"))
        | Q(pk__in=active_invitations(reader.user).values("item__situation_id"))
    )


def access_for(reader, situation: Situation) -> SituationAccess:
    return disclosure_for(reader, situation)


def situation_for(reader, code: str, *, need: str = "summary") -> SituationAccess:
    """Loads a situation by code for the reader; 404 outside their scope or below the `need`
    (summary, content, clinical, identity, edit)."""
    situation = get_object_or_404(
        situations_visible_to(reader).select_related("cell", "commune", "landlord_organisation"), code=code
    )
    access = access_for(reader, situation)
    allowed = {
        "summary": True,
        "content": access.sees_content,
        "clinical": access.sees_clinical,
        "identity": access.sees_identity,
        "edit": access.can_edit,
    }[need]
    if not allowed:
        raise Http404
    return access


def identity_for(reader, access: SituationAccess, *, source: str) -> Identity | None:
    """The only way to read a situation's identity: checks the access and logs the read."""
    if not access.sees_identity:
        raise Http404
    identity = Identity.objects.filter(situation=access.situation).first()
    log_access(council=reader.council, user=reader.user, target=access.situation, scope="identity", source=source)
    return identity


def relatives_for(reader, access: SituationAccess, *, source: str) -> list:
    """The relatives of the person taking part, for a reader who sees the content. A relative's name and contact
    are identity: `identity_shown` says whether this reader may see them, and each such read is logged."""
    from concerto.situations.models import Relative

    relatives = list(Relative.objects.filter(situation=access.situation))
    shown = access.sees_identity
    if relatives and shown:
        log_access(council=reader.council, user=reader.user, target=access.situation, scope="identity", source=source)
    for relative in relatives:
        relative.identity_shown = shown
    return relatives


def notes_for(access: SituationAccess) -> QuerySet:
    return JournalNote.objects.filter(
        situation=access.situation, visibility__in=access.visible_note_classes()
    ).select_related("author")


# --- alerts, their attachments and secure links: the coordinator, and an alert's own author -----------------


def alerts_visible_to(reader) -> QuerySet:
    """The coordinator reads every submitted alert of the council; anyone else only the alerts they wrote
    (what they sent, never what became of the situation)."""
    alerts = Alert.objects.filter(council=reader.council)
    if reader.membership.role == Role.COORDINATOR:
        return alerts.filter(Q(author=reader.user) | ~Q(status=AlertStatus.DRAFT))
    return alerts.filter(author=reader.user)


def alert_for(reader, pk: int, *, own_draft: bool = False, to_qualify: bool = False) -> Alert:
    alerts = alerts_visible_to(reader)
    if own_draft:
        alerts = alerts.filter(author=reader.user, status=AlertStatus.DRAFT)
    if to_qualify:
        alerts = alerts.exclude(status=AlertStatus.DRAFT).select_related(
            "referrer_organisation", "commune", "landlord_organisation", "reoriented_to", "situation"
        )
    return get_object_or_404(alerts, pk=pk)


def alert_identity_for(reader, alert: Alert, *, source: str) -> Identity | None:
    """An alert's identity (the draft's author or the coordinator qualifying it): every read is logged."""
    identity = Identity.objects.filter(alert=alert).first() if alert.person_mode == PersonMode.NOMINATIVE else None
    if identity is not None:
        log_access(council=reader.council, user=reader.user, target=alert, scope="identity", source=source)
    return identity


def attachment_for(reader, pk: int, *, source: str) -> Attachment:
    """Attachments are the coordinator's (the author does not read them back); every download is logged."""
    if reader.membership.role != Role.COORDINATOR:
        raise Http404
    attachment = get_object_or_404(Attachment.objects.filter(alert__council=reader.council), pk=pk)
    log_access(council=reader.council, user=reader.user, target=attachment.alert, scope="attachment", source=source)
    return attachment


def links_visible_to(reader) -> QuerySet:
    if reader.membership.role != Role.COORDINATOR:
        return SecureLink.objects.none()
    return SecureLink.objects.filter(council=reader.council).select_related("organisation")
