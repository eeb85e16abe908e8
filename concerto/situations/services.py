"""Use cases of the cell, part 1. Each is atomic and writes an event; e-mails carry codes, never names."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership
from concerto.core.concurrency import save_versioned
from concerto.core.crypto import blind_index
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.utils import add_months, token_hash
from concerto.situations.enums import Agreement as AgreementChoice
from concerto.situations.enums import AlertStatus, ConsentKind, PersonMode, SituationStatus, Visibility
from concerto.situations.models import (
    Alert,
    Attachment,
    ConsentRecord,
    Counter,
    Identity,
    JournalNote,
    Participant,
    SecureLink,
    Situation,
    SituationProblem,
)

CASE_FIELDS = [
    "person_mode", "initials", "sex", "age_band", "commune", "neighbourhood", "is_qpv", "housing_status",
    "landlord_organisation", "landlord_name", "housing_since", "household_alone", "household_children",
    "household_animals", "legal_protection", "mandataire", "follow_ups", "unpaid_amount", "eviction_stage",
    "urgency",
]  # fmt: skip
SITUATION_EDITABLE = [f for f in CASE_FIELDS if f not in ("person_mode", "initials")]
LINK_SUBMISSIONS_PER_HOUR = 10


class ConsentBlocked(DomainError):
    """The person objected or withdrew their agreement: nothing more may be shared."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "La personne s'est opposée au partage ou a retiré son accord : plus rien ne peut être partagé à son "
            "sujet (seule une note réservée à la coordination reste possible)."
        )


class ConsentScope(DomainError):
    """The organisation is outside the scope of the person's agreement."""


def check_sharing(situation: Situation, organisation_id: int | None, *, label: str = "Cette structure") -> None:
    """The consent rules for bringing someone into a situation: no objection or withdrawal in force, and an
    organisation within the scope of the agreement when the agreement names one."""
    from concerto.situations.policy import consent_state

    blocked, agreement = consent_state(situation)
    if blocked:
        raise ConsentBlocked
    scope = set(agreement.scope.values_list("pk", flat=True)) if agreement is not None else set()
    if scope and organisation_id not in scope:
        raise ConsentScope(
            f"{label} n'est pas dans le périmètre de l'accord de la personne : elle ne peut ni participer ni être "
            "invitée pour cette situation. Enregistrez d'abord un accord qui l'inclut."
        )


def next_code(council, kind: str) -> str:
    year = timezone.localdate().year
    counter, _ = Counter.objects.select_for_update().get_or_create(council=council, kind=kind, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    prefix = council.code if kind == "situation" else f"{council.code}-S"
    return f"{prefix}-{year}-{counter.value:03d}" if kind == "situation" else f"{prefix}{year}-{counter.value:04d}"


def _mail(subject: str, body: str, recipients: list[str]) -> None:
    """One message per recipient: nobody learns who else was told (architecture invariant 10)."""
    recipients = sorted({r for r in recipients if r})
    if recipients:
        transaction.on_commit(lambda: [send_mail(subject, body, None, [r]) for r in recipients])


def _coordinator_emails(council) -> list[str]:
    return list(
        Membership.objects.active().filter(council=council, role=Role.COORDINATOR).values_list("user__email", flat=True)
    )


# --- alerts -------------------------------------------------------------------------------------------


@transaction.atomic
def alert_save(*, alert: Alert, actor, identity: dict | None, files: list, submit: bool) -> Alert:
    """Saves a draft, or submits it (reference number, coordinator notified, acknowledgment to the referrer)."""
    created = alert.pk is None
    alert.save()
    if identity is not None:
        _save_identity(alert=alert, data=identity)
    for upload, content_type in files:
        Attachment.objects.create(alert=alert, file=upload, content_type=content_type, size=upload.size)
    if created:
        record_event(council=alert.council, actor=actor, verb="alert_created", target=alert)
    if submit:
        alert_submit(alert=alert, actor=actor)
    return alert


def _save_identity(*, alert: Alert, data: dict) -> None:
    if alert.person_mode != PersonMode.NOMINATIVE:
        Identity.objects.filter(alert=alert).delete()
        return
    Identity.objects.update_or_create(alert=alert, defaults={"council": alert.council, **data})


def alert_submit(*, alert: Alert, actor) -> None:
    alert.status = AlertStatus.SUBMITTED
    alert.submitted_at = timezone.now()
    alert.reference = next_code(alert.council, "alert")
    alert.save(update_fields=["status", "submitted_at", "reference"])
    record_event(council=alert.council, actor=actor, verb="alert_submitted", target=alert, reference=alert.reference)
    site = settings.CONCERTO_SITE_URL.rstrip("/")
    _mail(
        f"[Concerto] Nouvelle alerte {alert.reference}",
        f"Une nouvelle alerte ({alert.reference}) attend sa qualification.\n"
        f"Urgence perçue : {alert.get_urgency_display()}.\n\n{site}{reverse('situations:alert_inbox')}\n",
        _coordinator_emails(alert.council),
    )
    _mail(
        f"[Concerto] Accusé de réception {alert.reference}",
        f"Bonjour,\n\nVotre alerte a bien été transmise à {alert.council.name} sous le numéro {alert.reference}.\n"
        "La coordination vous informera de la suite donnée.\n\nLa cellule n'est pas un service d'urgence : "
        "en cas de danger, appelez le 15, le 17 ou le 112.\n",
        [alert.referrer_email],
    )


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


# --- qualification ---------------------------------------------------------------------------------------


def _notify_referrer_of_outcome(alert: Alert) -> None:
    outcome = {
        AlertStatus.ACCEPTED: "a été retenue : la situation sera étudiée par la cellule.",
        AlertStatus.REORIENTED: "a été réorientée"
        + (f" vers {alert.reoriented_to.name}" if alert.reoriented_to else "")
        + ". La coordination vous contactera si nécessaire.",
        AlertStatus.NOT_ADMISSIBLE: "n'a pas pu être retenue par la cellule. La coordination peut vous en préciser "
        "les raisons.",
    }[alert.status]
    _mail(
        f"[Concerto] Suite donnée à l'alerte {alert.reference}",
        f"Bonjour,\n\nVotre alerte {alert.reference} {outcome}\n",
        [alert.referrer_email],
    )


@transaction.atomic
def alert_accept(*, alert: Alert, actor, cell=None, attach_to: Situation | None = None) -> Situation:
    """Accepts an alert: a new situation (code, identity moved apart), or attached to an existing one."""
    if attach_to is not None:
        situation = attach_to
        record_event(council=alert.council, actor=actor, verb="alert_attached", target=situation, alert=alert.reference)
    else:
        situation = Situation(
            council=alert.council,
            cell=cell or alert.cell,
            code=next_code(alert.council, "situation"),
            opened_on=timezone.localdate(),
            label=alert.initials if alert.person_mode != PersonMode.ANONYMOUS and alert.initials else "",
            referrer_type=alert.referrer_organisation.type if alert.referrer_organisation else "",
            **{f: getattr(alert, f) for f in CASE_FIELDS},
        )
        situation.save()
        if not situation.label:
            situation.label = f"Personne {situation.code.rsplit('-', 1)[-1]}"
            situation.save(update_fields=["label"])
        SituationProblem.objects.bulk_create(SituationProblem(situation=situation, code=c) for c in alert.problems)
        Identity.objects.filter(alert=alert).update(situation=situation)
        if situation.person_mode == PersonMode.NOMINATIVE:
            _agreement_from_alert(alert, situation, actor)
        record_event(
            council=alert.council, actor=actor, verb="situation_opened", target=situation, alert=alert.reference
        )
    alert.status = AlertStatus.ACCEPTED
    alert.situation = situation
    alert.decided_at = timezone.now()
    alert.decided_by = actor
    alert.save(update_fields=["status", "situation", "decided_at", "decided_by"])
    record_event(council=alert.council, actor=actor, verb="alert_accepted", target=alert, situation=situation.code)
    _notify_referrer_of_outcome(alert)
    return situation


def _agreement_from_alert(alert: Alert, situation: Situation, actor) -> None:
    """A nominative situation needs a recorded agreement: the alert form only accepts the nominative mode when
    the referrer states that the person agrees, which is recorded here as the agreement (scope: every
    participating organisation). Without it, the situation opens with initials only."""
    if alert.person_agrees != AgreementChoice.YES:
        situation.person_mode = PersonMode.INITIALS
        situation.save(update_fields=["person_mode"])
        return
    consent_record(
        situation=situation, actor=actor,
        data={
            "kind": ConsentKind.AGREEMENT,
            "occurred_on": timezone.localdate(alert.submitted_at or timezone.now()),
            "by_whom": alert.referrer_organisation_label or "l'auteur de l'alerte",
            "means": f"Déclaré dans l'alerte {alert.reference}",
        },
    )  # fmt: skip


@transaction.atomic
def alert_decline(*, alert: Alert, actor, status: str, reason: str, reoriented_to=None) -> None:
    alert.status = status
    alert.decision_reason = reason
    alert.reoriented_to = reoriented_to
    alert.decided_at = timezone.now()
    alert.decided_by = actor
    alert.save(update_fields=["status", "decision_reason", "reoriented_to", "decided_at", "decided_by"])
    record_event(council=alert.council, actor=actor, verb=f"alert_{status}", target=alert)
    _notify_referrer_of_outcome(alert)


def possible_duplicates(alert: Alert):
    """Open situations that may be the same person: same address, same initials + commune + birth year,
    or the same landlord and building."""
    from django.db.models import Q

    situations = Situation.objects.filter(council=alert.council).exclude(status=SituationStatus.CLOSED)
    query = Q(pk__in=[])
    identity = getattr(alert, "identity", None) if alert.person_mode == PersonMode.NOMINATIVE else None
    if identity is not None and identity.address_index:
        query |= Q(identity__address_index=identity.address_index)
    if identity is not None and identity.person_index:
        query |= Q(identity__person_index=identity.person_index)
    if alert.initials and alert.commune_id:
        same = Q(label_index=blind_index(alert.initials), commune_id=alert.commune_id)
        if identity is not None and identity.birth_year_index:
            same &= Q(identity__birth_year_index=identity.birth_year_index) | Q(identity__isnull=True)
        query |= same
    if alert.landlord_organisation_id and alert.neighbourhood:
        query |= Q(
            landlord_organisation_id=alert.landlord_organisation_id,
            neighbourhood_index=blind_index(alert.neighbourhood),
        )
    return situations.filter(query).distinct()


# --- the situation file ----------------------------------------------------------------------------------


@transaction.atomic
def situation_update(*, situation: Situation, actor, data: dict, problems: list[str], expected_version: int) -> None:
    """Raises VersionConflict if someone saved the situation since the form was loaded."""
    stored = Situation.objects.get(pk=situation.pk)  # a bound ModelForm already changed `situation` in memory
    changed = [f for f in SITUATION_EDITABLE if getattr(stored, f) != data[f]]
    for field in SITUATION_EDITABLE:
        setattr(situation, field, data[field])
    situation.updated_at = timezone.now()
    indexes = situation.blind_indexes()
    for field, value in indexes.items():
        setattr(situation, field, value)
    save_versioned(
        situation, expected_version=expected_version, update_fields=[*SITUATION_EDITABLE, *indexes, "updated_at"]
    )
    before = set(situation.problem_rows.values_list("code", flat=True))
    if before != set(problems):
        situation.problem_rows.exclude(code__in=problems).delete()
        SituationProblem.objects.bulk_create(
            [SituationProblem(situation=situation, code=c) for c in set(problems) - before]
        )
        changed.append("problems")
    if changed:
        record_event(council=situation.council, actor=actor, verb="situation_updated", target=situation, fields=changed)


@transaction.atomic
def situation_change_mode(*, situation: Situation, actor, mode: str, label: str, identity: dict | None) -> None:
    from concerto.situations.policy import consent_state

    if mode == PersonMode.NOMINATIVE and consent_state(situation)[1] is None:
        raise DomainError("Le mode nominatif suppose un accord de la personne enregistré et non retiré.")
    previous = situation.person_mode
    situation.person_mode = mode
    situation.label = label
    situation.save(update_fields=["person_mode", "label", "updated_at"])
    if mode == PersonMode.NOMINATIVE and identity is not None:
        Identity.objects.update_or_create(situation=situation, defaults={"council": situation.council, **identity})
        record_event(council=situation.council, actor=actor, verb="identity_updated", target=situation)
    if previous != mode:
        record_event(
            council=situation.council, actor=actor, verb="mode_changed", target=situation, before=previous, after=mode
        )


@transaction.atomic
def consent_record(*, situation: Situation, actor, data: dict) -> ConsentRecord:
    scope = data.pop("scope", [])
    record = ConsentRecord.objects.create(situation=situation, recorded_by=actor, **data)
    record.scope.set(scope)
    verb = {
        ConsentKind.INFORMED: "person_informed",
        ConsentKind.AGREEMENT: "consent_given",
        ConsentKind.OBJECTION: "consent_objection",
        ConsentKind.WITHDRAWAL: "consent_withdrawn",
    }[record.kind]
    record_event(council=situation.council, actor=actor, verb=verb, target=situation, consent=record.pk)
    if record.kind in (ConsentKind.OBJECTION, ConsentKind.WITHDRAWAL):
        _withdrawal_start(situation)
    elif record.kind == ConsentKind.AGREEMENT and situation.withdrawal_pending_since:
        situation.withdrawal_pending_since = None
        situation.save(update_fields=["withdrawal_pending_since", "updated_at"])
    return record


def _withdrawal_start(situation: Situation) -> None:
    """At once: content closes (policy), open actions wait for the coordinator's decision (the dashboard flags
    the situation meanwhile), and every participant with an account is told — by code only."""
    from concerto.plans.enums import OPEN_STATUSES

    if situation.actions.filter(status__in=OPEN_STATUSES).exists():
        situation.withdrawal_pending_since = timezone.now()
        situation.save(update_fields=["withdrawal_pending_since", "updated_at"])
    today = timezone.localdate()
    emails = list(
        situation.participants.filter(user__isnull=False, since__lte=today)
        .exclude(until__lt=today)
        .values_list("user__email", flat=True)
        .distinct()
    )
    _mail(
        f"[Concerto] Situation {situation.code} : partage suspendu",
        f"Bonjour,\n\nLa personne concernée par la situation {situation.code} s'est opposée au partage "
        "d'informations ou a retiré son accord. À compter de maintenant, plus aucune information ne peut être "
        "partagée à son sujet dans Concerto, et son dossier ne vous est plus accessible.\n"
        "La coordination vous dira ce qu'il advient des actions en cours.\n",
        sorted(emails),
    )


@transaction.atomic
def participant_add(*, situation: Situation, actor, data: dict) -> Participant:
    check_sharing(situation, data["organisation"].pk, label=f"La structure « {data['organisation'].name} »")
    participant = Participant.objects.create(situation=situation, **data)
    if participant.is_referent:
        _make_referent(participant)
    record_event(
        council=situation.council, actor=actor, verb="participant_added", target=situation,
        participant=participant.pk, organisation=participant.organisation_id,
    )  # fmt: skip
    return participant


def _make_referent(participant: Participant) -> None:
    Participant.objects.filter(situation=participant.situation, is_referent=True).exclude(pk=participant.pk).update(
        is_referent=False
    )
    participant.is_referent = True
    participant.save(update_fields=["is_referent"])


@transaction.atomic
def participant_end(*, participant: Participant, actor) -> None:
    participant.until = timezone.localdate() - timedelta(days=1)
    participant.is_referent = False
    participant.save(update_fields=["until", "is_referent"])
    record_event(
        council=participant.situation.council, actor=actor, verb="participant_ended",
        target=participant.situation, participant=participant.pk,
    )  # fmt: skip


@transaction.atomic
def referent_designate(*, participant: Participant, actor) -> None:
    _make_referent(participant)
    record_event(
        council=participant.situation.council, actor=actor, verb="referent_designated",
        target=participant.situation, participant=participant.pk,
    )  # fmt: skip


@transaction.atomic
def note_add(*, situation: Situation, actor, data: dict) -> JournalNote:
    from concerto.situations.policy import consent_state

    if consent_state(situation)[0] and data["visibility"] != Visibility.COORDINATOR:
        raise ConsentBlocked
    note = JournalNote.objects.create(situation=situation, author=actor, **data)
    record_event(
        council=situation.council, actor=actor, verb="note_added", target=situation,
        note=note.pk, visibility=note.visibility,
    )  # fmt: skip
    return note


WATCH_MONTHS = 6


@transaction.atomic
def situation_close(*, situation: Situation, actor, reason: str, relay_organisation=None, note: str = "") -> None:
    """Closes with a coded reason; a six-month watch follows; the referrer is told (code only)."""
    today = timezone.localdate()
    situation.status = SituationStatus.CLOSED
    situation.closed_on = today
    situation.closure_reason = reason
    situation.relay_organisation = relay_organisation
    situation.watch_until = add_months(today, WATCH_MONTHS)
    situation.save(
        update_fields=["status", "closed_on", "closure_reason", "relay_organisation", "watch_until", "updated_at"]
    )
    record_event(
        council=situation.council, actor=actor, verb="situation_closed", target=situation, reason=reason,
        relay=getattr(relay_organisation, "pk", None),
    )  # fmt: skip
    referrers = list(situation.alerts.exclude(referrer_email="").values_list("referrer_email", flat=True).distinct())
    _mail(
        f"[Concerto] Situation {situation.code} clôturée",
        f"Bonjour,\n\nLa situation {situation.code}, ouverte à la suite de votre alerte, est clôturée.\n"
        "Une veille de six mois suit la clôture : la coordination peut la rouvrir si nécessaire.\n",
        referrers,
    )


@transaction.atomic
def situation_reopen(*, situation: Situation, actor, reason: str) -> None:
    situation.status = SituationStatus.FOLLOWED
    situation.closed_on = None
    situation.watch_until = None
    situation.save(update_fields=["status", "closed_on", "watch_until", "updated_at"])
    record_event(council=situation.council, actor=actor, verb="situation_reopened", target=situation, reason=reason)
