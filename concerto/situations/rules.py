"""The rules the situation services check before they write: consent to share, dates entered by hand, one council
for every object linked, the stored status of a row before a transition. Each raises a `DomainError` with its French
message; forms may call them early so that the error sits next to its field."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.situations.models import Situation


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


def check_relatives_covered(situation: Situation, *, person: bool = False) -> None:
    """Bringing a relative of the person to the table (as a participant, or invited to an agenda item): the person
    is known by name and their agreement in force says they accept that relatives take part. Inviting the person
    themself (`person=True`) asks a nominative situation and an agreement in force, relatives aside."""
    from concerto.situations.enums import PersonMode
    from concerto.situations.policy import consent_state

    who = "La personne" if person else "Un·e proche"
    blocked, agreement = consent_state(situation)
    if blocked:
        raise ConsentBlocked
    if situation.person_mode != PersonMode.NOMINATIVE:
        raise DomainError(
            f"{who} ne peut être associé·e qu'à une situation nominative : la situation est étudiée sans le nom de "
            "la personne."
        )
    if agreement is None:
        raise DomainError(f"{who} ne peut être associé·e qu'avec l'accord de la personne : aucun accord enregistré.")
    if not person and not agreement.covers_relatives:
        raise DomainError(
            "L'accord de la personne ne couvre pas l'association de ses proches : enregistrez d'abord un accord qui "
            "le prévoit (onglet Consentement)."
        )


def check_not_future(day, message: str) -> None:
    """A date that records something that happened (a consent, a note, an answer, a request) is not in the future."""
    if day is not None and day > timezone.localdate():
        raise DomainError(message)


# No date of a record may be older than this: past dates are entered for situations already running when a council
# starts using Concerto, not for archives.
EARLIEST_DAY = date(2000, 1, 1)


def check_past_day(day, what: str, *, not_before=None, not_before_text: str = "") -> None:
    """A past date entered by hand (alert received, consent, closure): not before 2000, not before `not_before`
    (e.g. the situation's opening), never in the future. `what` names the date in the French message."""
    if day is None:
        raise DomainError(f"Indiquez {what}.")
    if day > timezone.localdate():
        raise DomainError(f"{what[0].upper()}{what[1:]} ne peut pas être dans le futur.")
    if day < EARLIEST_DAY:
        raise DomainError(f"{what[0].upper()}{what[1:]} ne peut pas être antérieure au 01/01/2000.")
    if not_before is not None and day < not_before:
        raise DomainError(
            f"{what[0].upper()}{what[1:]} ne peut pas être antérieure {not_before_text} ({not_before:%d/%m/%Y})."
        )


# How far back the coordinator may date an alert's reception when qualifying it (reports compute delays from it).
RECEIVED_ON_MAX_DAYS = 2 * 365


def check_received_on(alert, day) -> None:
    """The day an alert was received, set or confirmed at qualification: a past day, at most two years before the
    alert was recorded in Concerto, never after it."""
    recorded = timezone.localdate(alert.submitted_at) if alert.submitted_at else timezone.localdate()
    check_past_day(
        day, "la date de réception de l'alerte", not_before=recorded - timedelta(days=RECEIVED_ON_MAX_DAYS),
        not_before_text="de plus de deux ans à l'enregistrement de l'alerte",
    )  # fmt: skip
    if day > recorded:
        raise DomainError("L'alerte ne peut pas avoir été reçue après son enregistrement dans Concerto.")


def check_closure_day(situation: Situation, day) -> None:
    """A closure is dated today or a past day, never before the situation opened."""
    if situation.opened_on and day >= EARLIEST_DAY and day < situation.opened_on:
        raise DomainError(
            f"Une situation ne peut pas être clôturée avant la date de son ouverture ({situation.opened_on:%d/%m/%Y})."
        )
    check_past_day(day, "la date de clôture")


def check_same_council(council, *objects, message: str = "Ce choix n'appartient pas à ce conseil.") -> None:
    """What a use case links together belongs to the same council (a future API gets no form to restrict choices)."""
    for obj in objects:
        if obj is None:
            continue
        council_id = getattr(obj, "council_id", None)
        if council_id is None and hasattr(obj, "memberships"):  # a user: an active member of the council
            if not obj.memberships.filter(council=council, is_active=True).exists():
                raise DomainError(message)
        elif council_id != council.pk:
            raise DomainError(message)


def stored_status(instance) -> str:
    """The status as stored, the row locked until the end of the transaction: two coordinators deciding at the same
    time cannot both pass the transition check."""
    return type(instance).objects.select_for_update().values_list("status", flat=True).get(pk=instance.pk)
