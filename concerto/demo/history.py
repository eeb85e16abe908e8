"""A year of history in the demo council (issue 14): last calendar year's alerts, situations, cell sessions and
actions, plus the current year up to today at a lower rate, so that the Bilan and the annual report show something.

Deterministic (`random.Random(SEED)`), idempotent (nothing is written when an alert of the « VAL-H » series exists),
built through the models with `bulk_create` (the services would send e-mails and write today's date everywhere).
Only anonymous and initials person modes: no `Identity` rows. Every name here is invented."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from concerto.accounts.models import Membership
from concerto.core.events import record_event
from concerto.councils.models import CellMember
from concerto.demo import data
from concerto.meetings.enums import AttendanceStatus, Body, ItemKind, MeetingStatus
from concerto.meetings.models import AgendaItem, Attendance, Meeting, MeetingInvitation
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.situations.enums import (
    AgeBand,
    AlertStatus,
    ClosureDecider,
    ClosureReason,
    ConsentKind,
    HousingStatus,
    LegalProtection,
    PersonMode,
    Problem,
    ReopenReason,
    Sex,
    SituationStatus,
    Urgency,
    Visibility,
)
from concerto.situations.models import Alert, ConsentRecord, Participant, Situation, SituationProblem

SEED = 14
PREFIX = "VAL-H"  # alerts VAL-H<year>-A001…, situations VAL-H<year>-001…: never a Counter-based reference
COORDINATOR = "coordination@clsm-val-de-lys.example"
ALERTS_LAST_YEAR = 45
ALERTS_CARRIED_OVER = 6  # received in the autumn before last year: the situations followed on 1 January
CLOSURES = 21  # closed during last year (one of them is reopened this year: 20 stay closed in last year's Bilan)
WATCH_MONTHS = 6
SESSION_MONTHS_OFF = {8}
REASONS = [
    ClosureReason.MAINTAINED, ClosureReason.CARE, ClosureReason.RELAY, ClosureReason.REHOUSED, ClosureReason.REFUSAL,
    ClosureReason.HOSPITALISATION, ClosureReason.LEFT, ClosureReason.DEATH, ClosureReason.CONSENT_WITHDRAWN,
]  # fmt: skip
AGE_BANDS = [b for b in AgeBand.values if b != AgeBand.UNDER_25]  # the old band is not offered for new entries
REFERRERS = ["Camille Laurent", "Yanis Brunet", "Inès Carpentier", "Julien Masson", "Sarah Lefebvre", "Hugo Vasseur",
             "Léa Dumont", "Karim Benali", "Chloé Delattre", "Mathis Roussel"]  # fmt: skip
ROLES = ["Travailleur·se social·e", "Infirmier·e", "Chargé·e de gestion locative", "Agent·e de police municipale",
         "Conseiller·e en économie sociale et familiale", "Médecin"]  # fmt: skip
FACTS = [
    "Plaintes répétées du voisinage, logement peu entretenu.",
    "Rupture de suivi signalée, isolement important depuis plusieurs mois.",
    "Dette locative qui augmente, courriers sans réponse.",
    "Comportement inquiétant dans les parties communes.",
    "Odeurs et encombrement signalés par le gardien.",
]
DECISIONS = [
    "Visite conjointe à organiser ; point à la prochaine séance.",
    "Orientation vers le CMP proposée ; le CCAS reprend contact.",
    "Médiation avec le bailleur ; suivi du plan d'apurement.",
    "Situation stabilisée ; veille de six mois proposée.",
]
ACTIONS = [
    "Proposer un rendez-vous au CMP", "Visite à domicile conjointe", "Instruire une demande FSL",
    "Contacter le mandataire judiciaire", "Organiser une médiation de voisinage", "Mettre en place une aide ménagère",
    "Vérifier l'ouverture des droits", "Faire le point avec le médecin traitant",
]  # fmt: skip


@dataclass
class Case:
    alert: Alert
    situation: Situation | None = None
    discussed: list = field(default_factory=list)  # the sessions' days it was on the agenda of
    closed_on: datetime.date | None = None


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


def _second_tuesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


def already_loaded(council) -> bool:
    return Alert.objects.filter(council=council, reference__startswith=PREFIX).exists()


def _reception_days(rng: random.Random, today: datetime.date) -> list[datetime.date]:
    y = today.year - 1
    days = [datetime.date(y - 1, rng.randint(10, 12), rng.randint(1, 28)) for _ in range(ALERTS_CARRIED_OVER)]
    days += [datetime.date(y, 1 + i * 12 // ALERTS_LAST_YEAR, rng.randint(1, 28)) for i in range(ALERTS_LAST_YEAR)]
    this_year = random.Random(SEED + today.year)  # its own stream: last year's draws do not depend on today
    for month in range(1, today.month + 1):  # this year, about one alert a month, before the last three weeks
        day = datetime.date(today.year, month, this_year.randint(1, 28))
        if day <= today - datetime.timedelta(days=21):
            days.append(day)
    return sorted(days)


def _alerts(council, cell, organisations, users, rng, today) -> list[Case]:
    communes = list(council.communes.filter(insee_code__in=data.COUNCIL["communes"]).order_by("name"))
    referrers = sorted(organisations.values(), key=lambda o: o.name)
    coordinator = users[COORDINATOR]
    reorientation = organisations.get("DAC Métropole Ouest") or referrers[0]
    cases, counters = [], {}
    for index, received in enumerate(_reception_days(rng, today)):
        counters[received.year] = counters.get(received.year, 0) + 1
        organisation = rng.choice(referrers)
        mode = rng.choice([PersonMode.ANONYMOUS, PersonMode.INITIALS, PersonMode.INITIALS])
        decided = received + datetime.timedelta(days=rng.randint(1, 20))
        roll = rng.random()
        status = AlertStatus.ACCEPTED
        if received.year == today.year - 1 and roll < 0.12:
            status = AlertStatus.REORIENTED
        elif received.year == today.year - 1 and roll < 0.2:
            status = AlertStatus.NOT_ADMISSIBLE
        commune = rng.choice(communes)
        alert = Alert(
            council=council, cell=cell, status=status,
            reference=f"{PREFIX}{received.year}-A{counters[received.year]:03d}",
            referrer_name=rng.choice(REFERRERS), referrer_role=rng.choice(ROLES), referrer_organisation=organisation,
            referrer_email=organisation.email or "contact@partenaire.example", person_mode=mode,
            initials="" if mode == PersonMode.ANONYMOUS else f"{chr(65 + index % 26)}. {chr(66 + index * 7 % 25)}.",
            commune=commune, is_qpv=commune.insee_code == "59017" and rng.random() < 0.5,
            problems=rng.sample(Problem.values, rng.randint(1, 3)), urgency=rng.choice(Urgency.values),
            person_informed=rng.choice(["yes", "yes", "no", "unknown"]),
            person_agrees=rng.choice(["yes", "no", "unknown"]),
            facts=rng.choice(FACTS), submitted_at=_at(received, 10), received_on=received,
            decided_at=_at(decided, 16), decided_by=coordinator,
            reoriented_to=reorientation if status == AlertStatus.REORIENTED else None,
            decision_reason={
                AlertStatus.REORIENTED: "Relève de l'appui à la coordination de parcours.",
                AlertStatus.NOT_ADMISSIBLE: "Aucun élément relevant de la santé mentale ni du logement.",
            }.get(status, ""),
            age_band=rng.choice(AGE_BANDS), sex=rng.choice(["", *Sex.values]),
            housing_status=rng.choice(HousingStatus.values), legal_protection=rng.choice(LegalProtection.values),
        )  # fmt: skip
        cases.append(Case(alert=alert))
    Alert.objects.bulk_create([case.alert for case in cases])
    return cases


def _situations(council, cell, cases: list[Case], users) -> None:
    accepted = [case for case in cases if case.alert.status == AlertStatus.ACCEPTED]
    counters = {}
    for case in accepted:
        alert = case.alert
        opened = timezone.localdate(alert.decided_at)
        counters[opened.year] = counters.get(opened.year, 0) + 1
        case.situation = Situation(
            council=council, cell=cell, code=f"{PREFIX}{opened.year}-{counters[opened.year]:03d}",
            status=SituationStatus.TO_EXAMINE, person_mode=alert.person_mode,
            label=alert.initials or f"Personne H{opened.year % 100}-{counters[opened.year]:02d}", opened_on=opened,
            commune=alert.commune, is_qpv=alert.is_qpv, referrer_type=alert.referrer_organisation.type,
            age_band=alert.age_band, sex=alert.sex, housing_status=alert.housing_status,
            legal_protection=alert.legal_protection, urgency=alert.urgency,
        )  # fmt: skip
        for name, value in case.situation.blind_indexes().items():
            setattr(case.situation, name, value)
    Situation.objects.bulk_create([case.situation for case in accepted])
    for case in accepted:  # created a moment before the alert's acceptance, as the qualification service does
        case.situation.created_at = case.alert.decided_at - datetime.timedelta(seconds=2)
        case.alert.situation = case.situation
    Situation.objects.bulk_update([case.situation for case in accepted], ["created_at"])
    Alert.objects.bulk_update([case.alert for case in accepted], ["situation"])
    SituationProblem.objects.bulk_create(
        SituationProblem(situation=case.situation, code=code) for case in accepted for code in case.alert.problems
    )
    Participant.objects.bulk_create(
        Participant(situation=case.situation, organisation=case.alert.referrer_organisation,
                    since=case.situation.opened_on, is_referent=True)
        for case in accepted
    )  # fmt: skip
    ConsentRecord.objects.bulk_create(
        ConsentRecord(situation=case.situation, kind=ConsentKind.INFORMED, occurred_on=case.situation.opened_on,
                      by_whom=case.alert.referrer_name, means="Entretien", recorded_by=users[COORDINATOR])
        for case in accepted
        if case.alert.person_mode == PersonMode.INITIALS and case.alert.person_informed == "yes"
    )  # fmt: skip


def _session_days(today: datetime.date) -> list[datetime.date]:
    """One session a month of last year but August; this year, the months before the hand-made signed session's
    (demo/situations.py `load_meetings`, 50 days ago). Never in the hand-made session's month: one session a month."""
    y = today.year - 1
    hand_made = today - datetime.timedelta(days=50)
    days = [
        _second_tuesday(y, month)
        for month in range(1, 13)
        if month not in SESSION_MONTHS_OFF and (y, month) != (hand_made.year, hand_made.month)
    ]
    days += [
        _second_tuesday(today.year, month)
        for month in range(1, hand_made.month if hand_made.year == today.year else 1)
        if month not in SESSION_MONTHS_OFF and _second_tuesday(today.year, month) < hand_made
    ]
    return days


def _sessions(council, cell, cases, users, rng, today) -> list[tuple[Meeting, list[Case]]]:
    y = today.year - 1
    coordinator = users[COORDINATOR]
    seats = list(
        CellMember.objects.filter(cell=cell).select_related("membership__user").order_by("membership__user__email")
    )
    meetings = [
        Meeting(
            council=council,
            cell=cell,
            body=Body.CELL,
            status=MeetingStatus.SIGNED_OFF,
            starts_at=_at(day, 14),
            ends_at=_at(day, 16),
            place="CCAS, salle 2",
            signed_off_at=_at(day, 16) + datetime.timedelta(days=rng.randint(1, 10)),
            signed_off_by=coordinator,
        )  # fmt: skip
        for day in _session_days(today)
    ]
    Meeting.objects.bulk_create(meetings)
    followed = [case for case in cases if case.situation is not None]
    closures = 0
    sessions, items, invitations, attendances = [], [], [], []
    for meeting in meetings:
        day = timezone.localdate(meeting.starts_at)
        open_cases = [c for c in followed if c.situation.opened_on < day and c.closed_on is None]
        new = [c for c in open_cases if not c.discussed]
        review = [c for c in open_cases if c.discussed]
        wanted, quota = rng.randint(3, 8), 0
        if day.year == y and day.month >= 2:  # the cell closes some situations it reviews, spread over the year
            remaining = sum(1 for m in meetings if m.starts_at >= meeting.starts_at and m.starts_at.year == y)
            quota = -(-(CLOSURES - closures) // remaining)
        reviewed = rng.sample(review, min(len(review), wanted, max(quota, wanted - len(new))))
        agenda = new[: max(wanted, 3) - len(reviewed)] + reviewed
        for position, case in enumerate(agenda):
            items.append(
                AgendaItem(meeting=meeting, situation=case.situation, position=position,
                           kind=ItemKind.REVIEW if case.discussed else ItemKind.NEW, decisions=rng.choice(DECISIONS),
                           decisions_visibility=Visibility.PARTICIPANTS)
            )  # fmt: skip
            case.discussed.append(day)
        for case in reviewed[:quota]:
            case.closed_on, closures = day, closures + 1
        for seat in seats:
            user = seat.membership.user
            invitations.append(MeetingInvitation(meeting=meeting, user=user, sent_at=meeting.starts_at
                                                 - datetime.timedelta(days=14)))  # fmt: skip
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT if roll < 0.78 else AttendanceStatus.EXCUSED if roll < 0.93
                else AttendanceStatus.ABSENT
            )  # fmt: skip
            attendances.append(Attendance(meeting=meeting, user=user, status=status))
        sessions.append((meeting, agenda))
    AgendaItem.objects.bulk_create(items)
    MeetingInvitation.objects.bulk_create(invitations)
    Attendance.objects.bulk_create(attendances)
    return sessions


def _close(cases, rng) -> None:
    closed = [case for case in cases if case.closed_on is not None]
    reasons = REASONS * (len(closed) // len(REASONS) + 1)
    rng.shuffle(reasons)
    for case, reason in zip(closed, reasons, strict=False):
        situation = case.situation
        situation.status, situation.closed_on, situation.closure_reason = SituationStatus.CLOSED, case.closed_on, reason
        situation.closure_decided_by = ClosureDecider.CELL
        situation.watch_until = _add_months(case.closed_on, WATCH_MONTHS)
    for case in cases:
        if case.situation is not None and case.closed_on is None and case.discussed:
            case.situation.status = SituationStatus.FOLLOWED
    Situation.objects.bulk_update(
        [case.situation for case in cases if case.situation is not None],
        ["status", "closed_on", "closure_reason", "closure_decided_by", "watch_until"],
    )


def _actions(council, organisations, users, sessions, rng, today) -> None:
    owners = sorted(organisations.values(), key=lambda o: o.name)
    by_organisation = {}
    members = Membership.objects.filter(council=council, organisation__isnull=False).select_related("user")
    for membership in members.order_by("user__email"):
        by_organisation.setdefault(membership.organisation_id, membership.user)
    actions, stamps = [], []
    for meeting, agenda in sessions:
        day = timezone.localdate(meeting.starts_at)
        wanted = rng.randint(5, 8) if day.year == today.year - 1 else rng.randint(1, 3)
        for case in rng.sample(agenda, min(len(agenda), wanted)):
            owner = rng.choice(owners)
            due = day + datetime.timedelta(days=rng.randint(14, 75))
            end = min(case.closed_on or today, today)
            if due < today or case.closed_on is not None:
                roll = rng.random()
                status = (
                    ActionStatus.DONE if roll < 0.72 or (case.closed_on and roll < 0.85)
                    else ActionStatus.DROPPED if roll < 0.85 or case.closed_on
                    else rng.choice([ActionStatus.TODO, ActionStatus.IN_PROGRESS])
                )  # fmt: skip
            else:
                status = rng.choice([ActionStatus.TODO, ActionStatus.IN_PROGRESS, ActionStatus.DONE])
            done = None
            if status == ActionStatus.DONE:
                done = min(end, day + datetime.timedelta(days=rng.randint(2, max(3, (due - day).days + 10))))
                done = max(done, day)
            actions.append(
                Action(council=council, situation=case.situation, text=rng.choice(ACTIONS), owner_organisation=owner,
                       owner_user=by_organisation.get(owner.pk), due_on=due, status=status,
                       visibility=Visibility.PARTICIPANTS, created_by=users[COORDINATOR])
            )  # fmt: skip
            stamps.append((meeting.ends_at, _at(done, 17 if done == day else 11) if done else None))
    Action.objects.bulk_create(actions)
    for action, (created, done) in zip(actions, stamps, strict=True):
        action.created_at, action.done_at = created, done
    Action.objects.bulk_update(actions, ["created_at", "done_at"])


def _reopen(council, cases, users) -> None:
    """One situation closed last year for a persistent refusal comes back this year: reopened as
    `situations.services.situation_reopen` does (the closure reason stays), with its journal event."""
    closed = [c for c in cases if c.closed_on is not None]
    case = next((c for c in closed if c.situation.closure_reason == ClosureReason.REFUSAL), closed[-1])
    situation = case.situation
    situation.status, situation.closed_on, situation.watch_until = SituationStatus.FOLLOWED, None, None
    situation.closure_flags, situation.closure_decided_by = [], ""
    situation.save(update_fields=["status", "closed_on", "watch_until", "closure_flags", "closure_decided_by"])
    record_event(council=council, actor=users[COORDINATOR], verb="situation_reopened", target=situation,
                 reason=ReopenReason.WORSENED)  # fmt: skip


def load_history(council, cell, organisations, users) -> None:
    """Last year's activity of the demo council and this year's so far (see the module's docstring)."""
    if already_loaded(council):
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    cases = _alerts(council, cell, organisations, users, rng, today)
    _situations(council, cell, cases, users)
    sessions = _sessions(council, cell, cases, users, rng, today)
    _close(cases, rng)
    _actions(council, organisations, users, sessions, rng, today)
    _reopen(council, cases, users)
