"""A care team's own housing applications (issue 12): a partner whose profession is health or social (a CMP, the
hospital, a SAMSAH…) submits an application for their organisation — it becomes the orienting team — and follows
the applications their organisation orients: status, the commission's decisions and the next session date.

Who may: a member with the partner role, a health or social profession and an organisation; anyone else gets 403.
What they see: only their organisation's applications (another's: 404); never the applicant's identity after the
submission (no rule of `access.py` gives it to a partner: their identity reads would go through
`access.identity_for`), nor the opinions, the words of the applicant, the joint commitment or any other item of the
commission. The access helpers below are the only way the care team's pages load an application."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.enums import CLINICAL_PROFESSIONS, Profession, Role
from concerto.core import mail
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.housing import services
from concerto.housing.enums import WAITING
from concerto.housing.models import Application, ApplicationConsent, CommissionDecision
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting
from concerto.situations.enums import ConsentKind
from concerto.situations.rules import check_past_day

# What a care team declares of the applicant's will when it submits (a withdrawal has nothing to withdraw yet).
DECLARABLE_CONSENTS = (ConsentKind.AGREEMENT, ConsentKind.INFORMED, ConsentKind.OBJECTION)


@dataclass(frozen=True)
class CareTeamAccess:
    council: object
    user: object
    organisation: object
    profession: str

    @property
    def writes_psychiatric_opinion(self) -> bool:
        """The psychiatric opinion is the health professions' (a social professional writes the social one)."""
        return self.profession == Profession.HEALTH


def is_care_team(reader) -> bool:
    membership = getattr(reader, "membership", None)
    return (
        membership is not None
        and membership.role == Role.PARTNER
        and membership.profession in CLINICAL_PROFESSIONS
        and membership.organisation_id is not None
    )


def care_team_access(reader) -> CareTeamAccess:
    """The reader as a care team, or 403."""
    if not is_care_team(reader):
        raise PermissionDenied
    membership = reader.membership
    return CareTeamAccess(reader.council, reader.user, membership.organisation, membership.profession)


def care_team_applications(access: CareTeamAccess) -> QuerySet:
    return Application.objects.filter(council=access.council, orienting_organisation=access.organisation)


def care_team_application_for(access: CareTeamAccess, reference: str) -> Application:
    """One application of the reader's organisation; another organisation's or council's: 404."""
    return get_object_or_404(care_team_applications(access), reference=reference)


# --- reads ------------------------------------------------------------------------------------------------------


def next_council_session(council):
    """The start of the council's next planned Commission appartement session, or None."""
    return (
        Meeting.objects.filter(
            council=council, body=Body.HOUSING, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def scheduled_sessions(applications) -> dict[int, object]:
    """application id → start of the planned session whose agenda holds it (one query)."""
    rows = (
        AgendaItem.objects.filter(application__in=applications, meeting__status=MeetingStatus.PLANNED)
        .order_by("meeting__starts_at")
        .values_list("application_id", "meeting__starts_at")
    )
    found: dict[int, object] = {}
    for application_id, starts_at in rows:
        found.setdefault(application_id, starts_at)
    return found


@dataclass
class DecisionRow:
    """A decision of the commission as the orienting team sees it: the date, the decision, the place and the entry
    date of an admission, the reason of a postponement or a refusal. Nothing else of the session."""

    session_day: object
    outcome: str
    place_label: str
    entry_on: object
    reason: str


def decisions_of(application: Application) -> list[DecisionRow]:
    decisions = (
        CommissionDecision.objects.filter(application=application)
        .select_related("item__meeting", "place")
        .order_by("-item__meeting__starts_at", "-recorded_at", "-id")
    )
    return [
        DecisionRow(
            session_day=timezone.localtime(d.item.meeting.starts_at).date(),
            outcome=d.get_outcome_display(),
            place_label=d.place.label if d.place else "",
            entry_on=d.entry_on,
            reason=d.reason,
        )
        for d in decisions
    ]


def last_decisions(applications) -> dict[int, CommissionDecision]:
    """application id → its latest decision (one query)."""
    latest: dict[int, CommissionDecision] = {}
    for decision in (
        CommissionDecision.objects.filter(application__in=applications)
        .select_related("item__meeting")
        .order_by("item__meeting__starts_at", "recorded_at", "id")
    ):
        latest[decision.application_id] = decision
    return latest


def waits_for_a_session(application: Application) -> bool:
    return application.status in WAITING


# --- the use case -----------------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(*, access: CareTeamAccess, data: dict, identity: dict, consent: dict) -> Application:
    """A care team's application: received today, oriented by the submitter's organisation, with the identity apart
    and the applicant's will as the team declares it; the coordinators are told by e-mail (its reference only).
    A social professional may not write the psychiatric opinion. All or nothing."""
    if (data.get("psychiatric_opinion") or "").strip() and not access.writes_psychiatric_opinion:
        raise DomainError("L'avis psychiatrique est rédigé par un·e professionnel·le de santé.")
    if consent.get("kind") not in DECLARABLE_CONSENTS:
        raise DomainError("Indiquez ce que la personne a exprimé sur le partage de sa demande.")
    check_past_day(consent.get("occurred_on"), "la date à laquelle la personne l'a exprimé")
    data = {
        **data,
        "orienting_organisation": access.organisation,
        "received_on": timezone.localdate(),
        "from_situation": None,
    }
    application = services.application_create(council=access.council, actor=access.user, data=data, identity=identity)
    ApplicationConsent.objects.create(
        application=application,
        recorded_by=access.user,
        kind=consent["kind"],
        occurred_on=consent["occurred_on"],
        by_whom=access.organisation.name,
        means=(consent.get("means") or "").strip(),
    )
    record_event(
        council=access.council,
        actor=access.user,
        verb="housing_application_submitted",
        target=application,
        organisation=access.organisation.pk,
    )
    from concerto.housing.tasks import send_application_submitted

    mail.enqueue_on_commit(send_application_submitted, application.pk)
    return application
