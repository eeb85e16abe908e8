"""Use cases of the cell, part 1. Each is atomic and writes an event; e-mails carry codes, never names."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.concurrency import save_versioned
from concerto.core.crypto import blind_index
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import add_months
from concerto.situations import tasks
from concerto.situations.enums import (
    ALERT_TRANSITIONS,
    SITUATION_TRANSITIONS,
    AlertStatus,
    ClosureDecider,
    ClosureFlag,
    ClosureReason,
    ConsentKind,
    OpenActionChoice,
    PersonMode,
    SituationStatus,
    Visibility,
)
from concerto.situations.enums import Agreement as AgreementChoice
from concerto.situations.journal import note_add  # noqa: F401 - the journal's use cases live in journal.py
from concerto.situations.models import (
    Alert,
    Attachment,
    ConsentRecord,
    Counter,
    Identity,
    JournalNote,
    Participant,
    Relative,
    Situation,
    SituationProblem,
)
from concerto.situations.rules import (
    check_closure_day,
    check_past_day,
    check_received_on,
    check_relatives_covered,
    check_same_council,
    check_sharing,
)
from concerto.situations.rules import (
    stored_status as _stored_status,
)

CASE_FIELDS = [
    "person_mode", "initials", "sex", "age_band", "commune", "neighbourhood", "is_qpv", "housing_status",
    "landlord_organisation", "landlord_name", "housing_since", "household_alone", "household_children",
    "household_animals", "legal_protection", "mandataire", "follow_ups", "unpaid_amount", "eviction_stage",
    "urgency",
]  # fmt: skip
SITUATION_EDITABLE = [f for f in CASE_FIELDS if f not in ("person_mode", "initials")]


def next_code(council, kind: str) -> str:
    year = timezone.localdate().year
    counter, _ = Counter.objects.select_for_update().get_or_create(council=council, kind=kind, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    prefix = council.code if kind == "situation" else f"{council.code}-S"
    return f"{prefix}-{year}-{counter.value:03d}" if kind == "situation" else f"{prefix}{year}-{counter.value:04d}"


# --- alerts -------------------------------------------------------------------------------------------


@transaction.atomic
def alert_save(*, alert: Alert, actor, identity: dict | None, files: list, submit: bool) -> Alert:
    """Saves a draft, or submits it (reference number, coordinator notified, acknowledgment to the referrer)."""
    created = alert.pk is None
    if not created and _stored_status(alert) != AlertStatus.DRAFT:
        raise DomainError("Cette alerte a déjà été envoyée : elle ne peut plus être modifiée.")
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


@transaction.atomic
def alert_submit(*, alert: Alert, actor) -> None:
    ALERT_TRANSITIONS.check(_stored_status(alert), AlertStatus.SUBMITTED)
    if alert.received_on is not None:  # entered by the coordinator on the referrer's behalf
        check_past_day(alert.received_on, "la date de réception de l'alerte")
    alert.status = AlertStatus.SUBMITTED
    alert.submitted_at = timezone.now()
    alert.received_on = alert.received_on or timezone.localdate()
    alert.reference = next_code(alert.council, "alert")
    alert.save(update_fields=["status", "submitted_at", "received_on", "reference"])
    record_event(council=alert.council, actor=actor, verb="alert_submitted", target=alert, reference=alert.reference)
    enqueue_on_commit(tasks.send_alert_submitted, alert.pk)


# --- qualification ---------------------------------------------------------------------------------------


def _notify_referrer_of_outcome(alert: Alert) -> None:
    enqueue_on_commit(tasks.send_alert_outcome, alert.pk)


@transaction.atomic
def alert_accept(*, alert: Alert, actor, cell=None, attach_to: Situation | None = None) -> Situation:
    """Accepts an alert: a new situation (code, identity moved apart), or attached to an existing one."""
    ALERT_TRANSITIONS.check(_stored_status(alert), AlertStatus.ACCEPTED)
    check_same_council(alert.council, cell, attach_to)
    if attach_to is not None and attach_to.status == SituationStatus.CLOSED:
        raise DomainError("Cette situation est clôturée : rouvrez-la avant d'y rattacher une alerte.")
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
    if status not in (AlertStatus.REORIENTED, AlertStatus.NOT_ADMISSIBLE):
        raise DomainError("Une alerte se refuse en la réorientant ou en la déclarant non recevable.")
    ALERT_TRANSITIONS.check(_stored_status(alert), status)
    if not (reason or "").strip():
        raise DomainError("Indiquez le motif : il est conservé avec la décision.")
    if status == AlertStatus.REORIENTED and reoriented_to is None:
        raise DomainError("Indiquez la structure vers laquelle l'alerte est réorientée.")
    check_same_council(alert.council, reoriented_to)
    alert.status = status
    alert.decision_reason = reason
    alert.reoriented_to = reoriented_to
    alert.decided_at = timezone.now()
    alert.decided_by = actor
    alert.save(update_fields=["status", "decision_reason", "reoriented_to", "decided_at", "decided_by"])
    record_event(council=alert.council, actor=actor, verb=f"alert_{status}", target=alert)
    _notify_referrer_of_outcome(alert)


@transaction.atomic
def alert_set_received_on(*, alert: Alert, actor, day) -> None:
    """The coordinator corrects the day the alert was received (qualifying an alert received before the council
    used Concerto, or by post). In the future, after its recording or more than two years before it: refused."""
    if alert.status == AlertStatus.DRAFT:
        raise DomainError("Cette alerte est encore un brouillon : elle n'a pas encore été reçue.")
    if day is not None and day == alert.received_on:  # confirmed as it was (even if entered long ago)
        return
    check_received_on(alert, day)
    previous = alert.received_on
    alert.received_on = day
    alert.save(update_fields=["received_on", "updated_at"])
    record_event(
        council=alert.council, actor=actor, verb="alert_received_on_changed", target=alert,
        before=previous.isoformat() if previous else None, after=day.isoformat(),
    )  # fmt: skip


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
    if mode not in PersonMode.values:
        raise DomainError("Choisissez un mode : anonyme, initiales ou nominatif.")
    if mode == PersonMode.NOMINATIVE and not (identity or {}).get("last_name"):
        raise DomainError("Le mode nominatif suppose le nom de la personne.")
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
    # Not before 2000 nor in the future. It may precede the opening in Concerto: the referrer often collected the
    # agreement before the alert, and a situation already running is opened the day it is entered.
    check_past_day(data.get("occurred_on"), "la date du recueil")
    scope = list(data.pop("scope", []))
    check_same_council(situation.council, *scope)
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
    user_ids = sorted(
        situation.participants.filter(user__isnull=False, since__lte=today)
        .exclude(until__lt=today)
        .values_list("user_id", flat=True)
        .distinct()
    )
    enqueue_on_commit(tasks.send_sharing_suspended, situation.pk, user_ids)


@transaction.atomic
def participant_add(*, situation: Situation, actor, data: dict) -> Participant:
    check_same_council(situation.council, data["organisation"], data.get("user"))
    if data.get("until") and data.get("since") and data["until"] < data["since"]:
        raise DomainError("La fin de la participation ne peut pas précéder son début.")
    # The consent rules are computed here, never taken from the caller.
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
def relative_add(*, situation: Situation, actor, data: dict) -> Relative:
    """A relative at the table (name, bond, contact): never an account, never any access to the content. Only for a
    nominative situation whose agreement in force covers relatives (rules.check_relatives_covered)."""
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError("Indiquez le nom et le prénom du ou de la proche.")
    since = data.get("since") or timezone.localdate()
    if data.get("until") and data["until"] < since:
        raise DomainError("La fin de la participation ne peut pas précéder son début.")
    check_relatives_covered(situation)
    relative = Relative.objects.create(
        situation=situation, name=name, relationship=data["relationship"], contact=(data.get("contact") or "").strip(),
        since=since, until=data.get("until"), created_by=actor,
    )  # fmt: skip
    record_event(
        council=situation.council, actor=actor, verb="relative_added", target=situation, relative=relative.pk,
        relationship=relative.relationship,
    )  # fmt: skip
    return relative


@transaction.atomic
def relative_end(*, relative: Relative, actor) -> bool:
    """Ends the relative's participation (yesterday); False when it had already ended."""
    if relative.until is not None and relative.until < timezone.localdate():
        return False
    relative.until = timezone.localdate() - timedelta(days=1)
    relative.save(update_fields=["until"])
    record_event(
        council=relative.situation.council, actor=actor, verb="relative_ended", target=relative.situation,
        relative=relative.pk,
    )  # fmt: skip
    return True


WATCH_MONTHS = 6


def open_actions(situation: Situation):
    """The situation's open actions (to do or in progress), soonest due first: what a closure must decide."""
    from concerto.plans.enums import OPEN_STATUSES

    return situation.actions.filter(status__in=OPEN_STATUSES).order_by("due_on", "pk")


@transaction.atomic
def situation_close(
    *,
    situation: Situation,
    actor,
    reason: str,
    relay_organisation=None,
    note: str = "",
    closed_on=None,
    flags=(),
    decided_by: str = "",
    open_actions: dict | None = None,
) -> None:
    """Closes with a coded reason, closure flags and a date (today by default, or a past day not before the opening);
    a six-month watch follows from that day; the referrer is told (code only).

    Every open action is decided, nothing is closed silently: `open_actions` maps each open action's id to
    (OpenActionChoice, reason): cancelled (dropped), or kept with a reason (noted in the journal, coordination
    only)."""
    from concerto.plans.enums import OPEN_STATUSES, ActionStatus
    from concerto.plans.services import action_set_status

    SITUATION_TRANSITIONS.check(_stored_status(situation), SituationStatus.CLOSED)
    if reason not in ClosureReason.values:
        raise DomainError("Choisissez le motif de clôture.")
    flags = list(dict.fromkeys(flags or ()))
    if unknown := [f for f in flags if f not in ClosureFlag.values]:
        raise DomainError(f"Constat de clôture inconnu : {', '.join(map(str, unknown))}.")
    if decided_by and decided_by not in ClosureDecider.values:
        raise DomainError("Indiquez si la clôture a été décidée en séance ou par la coordination.")
    day = closed_on or timezone.localdate()
    check_closure_day(situation, day)
    check_same_council(situation.council, relay_organisation)
    decisions = open_actions or {}
    actions = list(situation.actions.filter(status__in=OPEN_STATUSES).order_by("due_on", "pk"))
    undecided = [a for a in actions if a.pk not in decisions]
    if undecided:
        raise DomainError(
            (f"{len(undecided)} actions encore ouvertes" if len(undecided) > 1 else "Une action encore ouverte")
            + " : indiquez pour chacune si elle est annulée ou gardée (avec le motif) avant de clôturer."
        )
    kept = []
    for action in actions:
        choice, why = decisions[action.pk]
        if choice == OpenActionChoice.CANCEL:
            action_set_status(action=action, actor=actor, status=ActionStatus.DROPPED)
        elif choice == OpenActionChoice.KEEP:
            if not (why or "").strip():
                raise DomainError("Indiquez pourquoi chaque action gardée après la clôture l'est.")
            kept.append((action, why.strip()))
        else:
            raise DomainError("Pour chaque action ouverte, choisissez de l'annuler ou de la garder.")
    situation.status = SituationStatus.CLOSED
    situation.closed_on = day
    situation.closure_reason = reason
    situation.closure_flags = flags
    situation.closure_decided_by = decided_by
    situation.relay_organisation = relay_organisation
    situation.watch_until = add_months(day, WATCH_MONTHS)
    situation.save(
        update_fields=[
            "status", "closed_on", "closure_reason", "closure_flags", "closure_decided_by", "relay_organisation",
            "watch_until", "updated_at",
        ]
    )  # fmt: skip
    if kept:
        text = "Actions gardées à la clôture :\n" + "\n".join(f"- {a.text} : {why}" for a, why in kept)
        JournalNote.objects.create(
            situation=situation, author=actor, visibility=Visibility.COORDINATOR, occurred_on=day, text=text
        )
    record_event(
        council=situation.council, actor=actor, verb="situation_closed", target=situation, reason=reason,
        flags=flags, closed_on=day.isoformat(), relay=getattr(relay_organisation, "pk", None),
        kept_actions=[a.pk for a, _why in kept],
    )  # fmt: skip
    enqueue_on_commit(tasks.send_situation_closed, situation.pk)


@transaction.atomic
def situation_reopen(*, situation: Situation, actor, reason: str) -> None:
    SITUATION_TRANSITIONS.check(_stored_status(situation), SituationStatus.FOLLOWED)
    situation.status = SituationStatus.FOLLOWED
    situation.closed_on = None
    situation.watch_until = None
    situation.closure_flags = []
    situation.closure_decided_by = ""
    situation.save(
        update_fields=["status", "closed_on", "watch_until", "closure_flags", "closure_decided_by", "updated_at"]
    )
    record_event(council=situation.council, actor=actor, verb="situation_reopened", target=situation, reason=reason)


def situations_export_record(*, council, actor, rows: int) -> None:
    """The coordinator's export of the situation list is recorded in the journal."""
    record_event(council=council, actor=actor, verb="situations_exported", rows=rows)


def alerts_export_record(*, council, actor, rows: int) -> None:
    """The coordinator's export of the alerts is recorded in the journal."""
    record_event(council=council, actor=actor, verb="alerts_exported", rows=rows)
