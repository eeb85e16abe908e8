"""A year of activity with known answers (issue 14, « Done when »): `build_year()` writes it, the `year` fixture of
concerto/reports/tests/conftest.py returns it (a `Year`: `year.council`, `year.cells`, `year.orgs`, `year.members`,
`year.sessions`, `year.alerts`, `year.situations`, `year.actions`, `year.start`, `year.end`).

Y = last year (`timezone.localdate().year - 1`): every session of it is over, every figure is final. Dates below
written `sN` are the cell A session of month N (first Tuesday of the month, the next day when it is a public holiday
of the fixed-date kind; May is the moved session). Delays are stated relative to them, so the answers are the same
whatever Y falls on. Built through the models and factories (no HTTP), in well under a second; the journal's
events (`core.Event`) are written at their dates (time_machine) exactly as the services write them.

THE COUNCIL
  Two cells: « Cellule A » (first Tuesday of the month, no session in August) and « Cellule B ». Five communes
  (`year.communes` 1..5, names « Commune Alpha » … « Commune Epsilon »). Directory (`year.orgs`): cmp, ccas,
  social_landlord (« Bailleur »), police (national police), schs (hygiene service), cdas (the re-orientation),
  city_department (town hall), gp (« Cabinet Martin », the organisation of action 8's owner without an account). Council settings: report_threshold 5 (default), first_session_target_days 30.
  Members (`year.members`, role cell member): cmp1, cmp2 (CMP), ccas1, ccas2 (CCAS), ll1, ll2 (Bailleur), all
  six seated in cell A; cmp1 seated in cell B too.

SESSIONS (Meeting body=cell)
  Cell A, held: s1 s2 s3 s4 s5 s6 s7 s9 s10 s11 (ten). August: none. December: planned on the first Tuesday then
  CANCELLED (status cancelled, event meeting_cancelled on 20/11; two items on its agenda, six invitations, no
  attendance): not held. s11 (November) is held but its record is not signed (status planned, ended).
  The MOVED session: May, planned on its first Tuesday, moved 7 days later (still in May) as `meeting_update`
  does: the meeting holds the final date, `sequence` = 1, and an event meeting_updated with
  fields=["starts_at", "ends_at"] dated 14 days before the planned day (the journal does not keep the old date).
  Cell B, held: one session on 19/03 (signed). Outside: a cell A session on 10/12/Y-1 (signed, S1 on its agenda,
  cmp1 invited and absent), and a COPIL meeting on 20/01/Y (body copil, no cell, signed, no governance BodyMeeting).

  Sessions held per month (whole council): jan 1, feb 1, mar 2 (A + B), apr 1, may 1, jun 1, jul 1, aug 0, sep 1,
  oct 1, nov 1, dec 0 → 11 in the year (cell A: 10, cell B: 1).
  Situations per held session (agenda items about a situation; a free topic in s1 does not count):
    s1 1 (S1) · s2 2 (S2 new, S1) · s3 2 (S1, S2) · s4 3 (S0 new, S4 new, S2) · s5 3 (S0, S2, S4) · s6 1 (S4)
    · s7 1 (S0) · s9 3 (S3 new, S0, S2) · s10 2 (S2, S3) · s11 3 (S0, S3, S4) · B 19/03 1 (S5)
    → 22 items over 11 sessions: average 2.0, maximum 3 (cell A: 21 over 10, average 2.1; cell B: 1).
    Items of kind « new » (first discussion ever): S2 at s2, S0 at s4, S4 at s4, S3 at s9; every other item is a
    review (S1 was new on 10/12/Y-1). Situations discussed in a held session of Y: S0 S1 S2 S3 S4 S5 (6); with
    at least one review item: the same 6.
  Attendance (cell A sessions held: the six members invited, one Attendance each; cell B: cmp1 invited, present):
    CMP       21 invitations: 21 present, 0 excused, 0 absent → 100 %
    CCAS      20 invitations: 17 present, 2 excused (ccas2 at s3, s9), 1 absent (ccas2 at s7) → 85 %
    Bailleur  20 invitations: 15 present, 3 excused (ll1 at s6, s7, s9), 2 absent (ll1 at s10, s11) → 75 %
    total 61 invitations, 53 present, 5 excused, 3 absent (the cancelled session's and Y-1's are not counted).
  Records signed: 10 of the 11 sessions held (all but s11); `signed_off_at` = the session's end + N days, with
  an event meeting_signed_off at that moment: s1 2, s2 5, s3 9, s4 2, s5 5, s6 9, s7 2, s9 5, s10 9, B 5
  → median 5.0, maximum 9 (days).

ALERTS (five received in Y, all qualified; `year.alerts` A1..A5; plus a draft on 01/03/Y and an alert received on
20/12/Y-1 still to qualify: neither counts)
  ref  referrer (type)         cell received  qualif.  outcome                     commune (QPV)   problems
  A1   CMP (cmp)               A    s2 − 6     +1 day   accepted, new situation S2  Alpha (QPV)     care_refusal, isolation
  A2   CCAS (ccas)             A    s4 − 20    +3       accepted, attached to S0    Beta            unpaid_rent
  A3   Bailleur (social_l.)    A    s9 − 41    +5       accepted, new situation S3  Gamma           hoarding
  A4   Police (police)         A    12/10      +8       reoriented (to the CDAS)    Delta           neighbour_conflict
  A5   SCHS (schs)             B    10/11      +13      not admissible              Epsilon         danger
       urgency   person mode   informed / agrees  → consent at alert (helper 1's mapping)
  A1   high      nominative    yes / yes          → given (« Donné »)
  A2   medium    initials      yes / unknown      → partial
  A3   high      anonymous     no / unknown       → not asked
  A4   low       initials      yes / no           → refused
  A5   low       anonymous     yes / yes          → given
  Only three urgencies and three person modes exist (the model's choices): five different values cannot be
  recorded, hence the counts high 2 / medium 1 / low 2 and anonymous 2 / initials 2 / nominative 1. Consent at
  alert is the pair (person_informed, person_agrees) of Agreement choices: the four states exist only through a
  mapping of these pairs (helper 1's: refused = agrees no; given = agrees yes; partial = informed yes and agreement
  neither yes nor no; not asked = the rest) → not asked 1, refused 1, given 2, partial 1.
  Alerts received 5 (cell A 4, cell B 1); by referrer type: one each of CMP, CCAS, Bailleur social, Police
  nationale, SCHS; by outcome: to qualify 0, accepted new 2, accepted attached 1, reoriented 1, not admissible 1;
  by commune: 1 each of the five; in a QPV: 1; problems: care_refusal, isolation, unpaid_rent, hoarding,
  neighbour_conflict, danger 1 each (6 mentions over 5 alerts).
  Qualification delay (days, reception → decision, all decided in Y): 1, 3, 5, 8, 13 → median 5.0, maximum 13.
  Alert → first session (accepted alerts; days from reception to the first held cell session discussing their
  situation): A1 6 (s2), A2 20 (s4: S0 is discussed for the first time ever there), A3 41 (s9: August off)
  → median 20.0, maximum 41, within the 30-day target 2 of 3 (66.7 %).
  Journal: alert_accepted + situation_opened (A1, A3), alert_attached + alert_accepted (A2), alert_reoriented (A4),
  alert_not_admissible (A5), each at its decision.

SITUATIONS (`year.situations` S0..S5; all cell A but S5, cell B)
  code opened      closed (reason)             watch_until   age     sex  housing         legal protection
  S0   01/06/Y-1   —                           —             60_74   f    social_tenant   curatorship
  S1   01/02/Y-1   15/03/Y (care)              15/09/Y       40_59   m    private_tenant  none
  S2   s2 − 5 (A1) 15/10/Y (relay)             15/04/Y+1     18_24   m    private_tenant  none
  S3   A3's decision, anonymous person mode    —             40_59   (blank) homeless     unknown
  S4   10/03/Y     20/06/Y (refusal), REOPENED on 20/10/Y (reason worsened): at the end followed, closed_on and
                   watch_until empty, closure_reason still « refusal » (the reopen service keeps it)
                                                             75p     f    owner           guardianship
  S5   01/09/Y-1   10/06/Y (death)             10/12/Y       25_39   f    hosted          pending
  Active at 01/01/Y: S0 S1 S5 → 3; at 31/12/Y: S0 S3 S4 → 3. New in Y: S2 S3 S4 → 3.
  Opened in Y by age band: 18_24 1, 40_59 1, 75p 1 (others 0); by sex: m 1, f 1, blank 1; housing: private_tenant 1,
  homeless 1, owner 1; legal protection: none 1, unknown 1, guardianship 1.
  Closed in Y (closed_on in Y): care 1 (S1), relay 1 (S2), death 1 (S5) → 3; S4's closure is undone by its reopening.
  Reopened in Y: 1 (S4, event situation_reopened on 20/10/Y). Under watch at 31/12/Y (closed, watch_until after the
  end): 1 (S2). Anonymous person mode among the situations opened or discussed in Y: 1 (S3).
  Journal: situation_closed on each closing day (S1, S2, S4, S5), situation_reopened (S4).

ACTIONS (`year.actions` 1..8, `done_at` set for the done ones, `created_at` at 10:00 of the creation day)
  #  situation owner            created      status        due          done (delay)
  1  S2        CMP              10/02/Y      done          01/03/Y      20/02/Y (10 days)
  2  S0        CMP              10/04/Y      done          01/06/Y      10/05/Y (30)
  3  S4        CCAS             10/04/Y      done          01/06/Y      14/04/Y (4)
  4  S0        Bailleur         15/05/Y      dropped       01/07/Y      —
  5  S3        Bailleur         10/09/Y      todo          31/10/Y      — (overdue at the end)
  6  S3        CCAS             10/09/Y      in progress   31/03/Y+1    — (not overdue)
  7  S0        CCAS             01/11/Y-1    in progress   01/12/Y-1    — (overdue, created before Y)
  8  S0        Cabinet Martin   01/06/Y      done          01/07/Y      21/06/Y (20)
     (#8's owner is a person without an account, « Dr Martin », of the organisation « Cabinet Martin »)
  Created in Y 7; among them done 4, dropped (abandoned) 1; overdue at 31/12/Y 2 (#5, #7).
  By owner organisation (created in Y): CMP Centre 2, CCAS 2, Bailleur 2, and #8 (Cabinet Martin, owner without
  an account: helper 2's indicator groups it under « Personnes sans compte (toutes structures) ») 1.
  Delay creation → done (done in Y): 4, 10, 20, 30 → median 15.0, maximum 30.

Housing, governance, events, trainings and fees: nothing, every such indicator is 0 or empty (the COPIL meeting
above has no governance BodyMeeting: governance_meetings counts 0). Helper 3's test adds its own objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.events import record_event
from concerto.councils.models import CellMember, Frequency, Ordinal, Weekday
from concerto.factories import CommuneFactory, CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.enums import AttendanceStatus, Body, ItemKind, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, Attendance, Meeting, MeetingInvitation
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.plans.tests.factories import make_external
from concerto.situations.enums import (
    AgeBand,
    AlertStatus,
    ClosureDecider,
    ClosureReason,
    HousingStatus,
    LegalProtection,
    PersonMode,
    ReopenReason,
    Sex,
    SituationStatus,
    Urgency,
)
from concerto.situations.models import Alert, Situation
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
HELD_MONTHS = (1, 2, 3, 4, 5, 6, 7, 9, 10, 11)
MOVED_MONTH, MOVED_BY = 5, 7
SIGNATURE_DELAYS = {1: 2, 2: 5, 3: 9, 4: 2, 5: 5, 6: 9, 7: 2, 9: 5, 10: 9}  # s11 is not signed
CELL_B_SIGNATURE_DELAY = 5
WATCH_MONTHS = 6
EXTERNAL_ACTION = 8  # owned by a person without an account (« Dr Martin », organisation « Cabinet Martin »)


def year_of_activity() -> int:
    return timezone.localdate().year - 1


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), timezone.get_current_timezone())


def first_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    day = first + timedelta(days=(1 - first.weekday()) % 7)
    return day + timedelta(days=1) if (day.month, day.day) in FIXED_HOLIDAYS else day


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


@dataclass
class Year:
    council: object
    y: int
    start: date
    end: date
    cells: dict = field(default_factory=dict)
    communes: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)  # month → cell A meeting (12: the cancelled one); "B", "Y-1", "copil"
    alerts: dict = field(default_factory=dict)
    situations: dict = field(default_factory=dict)
    actions: dict = field(default_factory=dict)


def _event(moment: datetime, **kwargs) -> None:
    with time_machine.travel(moment, tick=False):
        record_event(actor=None, **kwargs)


def _directory(year: Year) -> None:
    council = year.council
    names = {
        "cmp": "CMP Centre", "ccas": "CCAS", "social_landlord": "Bailleur", "police": "Police",
        "schs": "SCHS", "cdas": "CDAS", "city_department": "Mairie", "gp": "Cabinet Martin",
    }  # fmt: skip
    year.orgs = {kind: OrganisationFactory(council=council, type=kind, name=name) for kind, name in names.items()}
    seats = {"cmp1": "cmp", "cmp2": "cmp", "ccas1": "ccas", "ccas2": "ccas", "ll1": "social_landlord",
             "ll2": "social_landlord"}  # fmt: skip
    professions = {"cmp": Profession.HEALTH, "ccas": Profession.SOCIAL, "social_landlord": Profession.LANDLORD}
    for key, kind in seats.items():
        year.members[key] = MembershipFactory(
            council=council, role=Role.CELL_MEMBER, profession=professions[kind], organisation=year.orgs[kind],
            user__totp=False, user__last_name=key.upper(),
        )  # fmt: skip
    CellMember.objects.bulk_create(
        [CellMember(cell=year.cells["A"], membership=m) for m in year.members.values()]
        + [CellMember(cell=year.cells["B"], membership=year.members["cmp1"])]
    )


def _alerts(year: Year) -> None:
    y, council, cell_a, cell_b = year.y, year.council, year.cells["A"], year.cells["B"]
    s = {month: first_tuesday(y, month) for month in (2, 4, 9)}
    rows = [
        # key, org, cell, received, delay, status, commune, qpv, problems, urgency, mode, informed, agrees
        ("A1", "cmp", cell_a, s[2] - timedelta(days=6), 1, AlertStatus.ACCEPTED, 1, True,
         ["care_refusal", "isolation"], Urgency.HIGH, PersonMode.NOMINATIVE, "yes", "yes"),
        ("A2", "ccas", cell_a, s[4] - timedelta(days=20), 3, AlertStatus.ACCEPTED, 2, False, ["unpaid_rent"],
         Urgency.MEDIUM, PersonMode.INITIALS, "yes", "unknown"),
        ("A3", "social_landlord", cell_a, s[9] - timedelta(days=41), 5, AlertStatus.ACCEPTED, 3, False, ["hoarding"],
         Urgency.HIGH, PersonMode.ANONYMOUS, "no", "unknown"),
        ("A4", "police", cell_a, date(y, 10, 12), 8, AlertStatus.REORIENTED, 4, False, ["neighbour_conflict"],
         Urgency.LOW, PersonMode.INITIALS, "yes", "no"),
        ("A5", "schs", cell_b, date(y, 11, 10), 13, AlertStatus.NOT_ADMISSIBLE, 5, False, ["danger"], Urgency.LOW,
         PersonMode.ANONYMOUS, "yes", "yes"),
    ]  # fmt: skip
    for key, org, cell, received, delay, status, commune, qpv, problems, urgency, mode, informed, agrees in rows:
        year.alerts[key] = AlertFactory(
            council=council, cell=cell, status=status, referrer_organisation=year.orgs[org], received_on=received,
            submitted_at=at(received, 9), decided_at=at(received + timedelta(days=delay), 11),
            commune=year.communes[commune], is_qpv=qpv, problems=problems, urgency=urgency, person_mode=mode,
            initials="" if mode == PersonMode.ANONYMOUS else "J. D.", person_informed=informed, person_agrees=agrees,
            reoriented_to=year.orgs["cdas"] if status == AlertStatus.REORIENTED else None,
        )  # fmt: skip
    AlertFactory(council=council, cell=cell_a, status=AlertStatus.DRAFT, reference=None, received_on=date(y, 3, 1))
    AlertFactory(council=council, cell=cell_a, received_on=date(y - 1, 12, 20), submitted_at=at(date(y - 1, 12, 20)))


def _situation(year: Year, key: str, cell, opened_on: date, created_at: datetime, **fields) -> Situation:
    situation = SituationFactory(council=year.council, cell=cell, opened_on=opened_on, **fields)
    Situation.objects.filter(pk=situation.pk).update(created_at=created_at)
    situation.created_at = created_at
    year.situations[key] = situation
    return situation


def _situations(year: Year) -> None:
    y, cell_a, cell_b = year.y, year.cells["A"], year.cells["B"]
    a1, a2, a3 = year.alerts["A1"], year.alerts["A2"], year.alerts["A3"]
    followed = SituationStatus.FOLLOWED
    s0 = _situation(
        year, "S0", cell_a, date(y - 1, 6, 1), at(date(y - 1, 6, 1), 10), status=followed,
        age_band=AgeBand.AGE_60_74, sex=Sex.FEMALE, housing_status=HousingStatus.SOCIAL_TENANT,
        legal_protection=LegalProtection.CURATORSHIP, commune=year.communes[2], referrer_type="ccas",
    )  # fmt: skip
    _situation(
        year, "S1", cell_a, date(y - 1, 2, 1), at(date(y - 1, 2, 1), 10), age_band=AgeBand.AGE_40_59, sex=Sex.MALE,
        housing_status=HousingStatus.PRIVATE_TENANT, legal_protection=LegalProtection.NONE,
    )  # fmt: skip
    s2 = _situation(
        year, "S2", cell_a, timezone.localdate(a1.decided_at), a1.decided_at - timedelta(seconds=2),
        person_mode=PersonMode.NOMINATIVE, age_band=AgeBand.AGE_18_24, sex=Sex.MALE,
        housing_status=HousingStatus.PRIVATE_TENANT, legal_protection=LegalProtection.NONE,
        commune=year.communes[1], is_qpv=True, referrer_type="cmp", urgency=Urgency.HIGH,
    )  # fmt: skip
    s3 = _situation(
        year, "S3", cell_a, timezone.localdate(a3.decided_at), a3.decided_at - timedelta(seconds=2), status=followed,
        person_mode=PersonMode.ANONYMOUS, label="Anonyme", age_band=AgeBand.AGE_40_59, sex="",
        housing_status=HousingStatus.HOMELESS, legal_protection=LegalProtection.UNKNOWN, commune=year.communes[3],
        referrer_type="social_landlord", urgency=Urgency.HIGH,
    )  # fmt: skip
    _situation(
        year, "S4", cell_a, date(y, 3, 10), at(date(y, 3, 10), 10), age_band=AgeBand.OVER_75, sex=Sex.FEMALE,
        housing_status=HousingStatus.OWNER, legal_protection=LegalProtection.GUARDIANSHIP,
    )  # fmt: skip
    _situation(
        year, "S5", cell_b, date(y - 1, 9, 1), at(date(y - 1, 9, 1), 10), age_band=AgeBand.AGE_25_39, sex=Sex.FEMALE,
        housing_status=HousingStatus.HOSTED, legal_protection=LegalProtection.PENDING,
    )  # fmt: skip
    Alert.objects.filter(pk=a1.pk).update(situation=s2)
    Alert.objects.filter(pk=a2.pk).update(situation=s0)
    Alert.objects.filter(pk=a3.pk).update(situation=s3)
    council = year.council
    for alert, situation in ((a1, s2), (a3, s3)):
        _event(alert.decided_at - timedelta(seconds=2), council=council, verb="situation_opened", target=situation,
               alert=alert.reference)  # fmt: skip
        _event(alert.decided_at, council=council, verb="alert_accepted", target=alert, situation=situation.code)
    _event(a2.decided_at, council=council, verb="alert_attached", target=s0, alert=a2.reference)
    _event(a2.decided_at, council=council, verb="alert_accepted", target=a2, situation=s0.code)
    for key in ("A4", "A5"):
        alert = year.alerts[key]
        _event(alert.decided_at, council=council, verb=f"alert_{alert.status}", target=alert)


def _close(year: Year, key: str, day: date, reason: str) -> None:
    situation = year.situations[key]
    situation.status = SituationStatus.CLOSED
    situation.closed_on, situation.closure_reason = day, reason
    situation.closure_decided_by = ClosureDecider.COORDINATOR
    situation.watch_until = add_months(day, WATCH_MONTHS)
    situation.save(update_fields=["status", "closed_on", "closure_reason", "closure_decided_by", "watch_until"])
    _event(at(day, 17), council=year.council, verb="situation_closed", target=situation, reason=reason, flags=[],
           closed_on=day.isoformat(), relay=None, kept_actions=[])  # fmt: skip


def _closures(year: Year) -> None:
    y = year.y
    _close(year, "S1", date(y, 3, 15), ClosureReason.CARE)
    _close(year, "S5", date(y, 6, 10), ClosureReason.DEATH)
    _close(year, "S4", date(y, 6, 20), ClosureReason.REFUSAL)
    _close(year, "S2", date(y, 10, 15), ClosureReason.RELAY)
    s4 = year.situations["S4"]  # reopened as `situation_reopen` does (the closure reason stays)
    s4.status, s4.closed_on, s4.watch_until, s4.closure_decided_by = SituationStatus.FOLLOWED, None, None, ""
    s4.save(update_fields=["status", "closed_on", "watch_until", "closure_decided_by"])
    _event(at(date(y, 10, 20), 10), council=year.council, verb="situation_reopened", target=s4,
           reason=ReopenReason.WORSENED)  # fmt: skip


def _meeting(year: Year, cell, day: date, status=MeetingStatus.SIGNED_OFF, body=Body.CELL, sign_after=None):
    meeting = Meeting.objects.create(
        council=year.council, cell=cell, body=body, status=status, starts_at=at(day, 9, 30), ends_at=at(day, 12),
        place="Mairie, salle du conseil",
    )  # fmt: skip
    if sign_after is not None:
        meeting.signed_off_at = meeting.ends_at + timedelta(days=sign_after)
        meeting.save(update_fields=["signed_off_at"])
        _event(meeting.signed_off_at, council=year.council, verb="meeting_signed_off", target=meeting,
               working_notes_destroyed=0)  # fmt: skip
    return meeting


AGENDAS = {  # month → situations discussed (in this order); the first discussion ever of a situation is « new »
    1: ["S1"], 2: ["S2", "S1"], 3: ["S1", "S2"], 4: ["S0", "S4", "S2"], 5: ["S0", "S2", "S4"], 6: ["S4"],
    7: ["S0"], 9: ["S3", "S0", "S2"], 10: ["S2", "S3"], 11: ["S0", "S3", "S4"], 12: ["S0", "S3"],
}  # fmt: skip
ATTENDANCE = {  # cell A held sessions: who was not present (everyone else invited was)
    3: {"ccas2": AttendanceStatus.EXCUSED}, 6: {"ll1": AttendanceStatus.EXCUSED},
    7: {"ccas2": AttendanceStatus.ABSENT, "ll1": AttendanceStatus.EXCUSED},
    9: {"ccas2": AttendanceStatus.EXCUSED, "ll1": AttendanceStatus.EXCUSED},
    10: {"ll1": AttendanceStatus.ABSENT}, 11: {"ll1": AttendanceStatus.ABSENT},
}  # fmt: skip


def _sessions(year: Year) -> None:
    y, cell_a, cell_b = year.y, year.cells["A"], year.cells["B"]
    for month in (*HELD_MONTHS, 12):
        planned = first_tuesday(y, month)
        day = planned + timedelta(days=MOVED_BY) if month == MOVED_MONTH else planned
        if month == 12:
            status = MeetingStatus.CANCELLED
        else:
            status = MeetingStatus.SIGNED_OFF if month in SIGNATURE_DELAYS else MeetingStatus.PLANNED
        year.sessions[month] = _meeting(year, cell_a, day, status, sign_after=SIGNATURE_DELAYS.get(month))
        if month == MOVED_MONTH:
            Meeting.objects.filter(pk=year.sessions[month].pk).update(sequence=1)
            _event(at(planned - timedelta(days=14), 10), council=year.council, verb="meeting_updated",
                   target=year.sessions[month], fields=["starts_at", "ends_at"])  # fmt: skip
    _event(at(date(y, 11, 20), 10), council=year.council, verb="meeting_cancelled", target=year.sessions[12])
    year.sessions["B"] = _meeting(year, cell_b, date(y, 3, 19), sign_after=CELL_B_SIGNATURE_DELAY)
    year.sessions["Y-1"] = _meeting(year, cell_a, date(y - 1, 12, 10), sign_after=3)
    year.sessions["copil"] = _meeting(year, None, date(y, 1, 20), body=Body.COPIL, sign_after=4)

    seen, items = {"S1"}, [AgendaItem(meeting=year.sessions["Y-1"], situation=year.situations["S1"])]
    for month, keys in AGENDAS.items():
        for position, key in enumerate(keys):
            kind = ItemKind.NEW if key not in seen and month != 12 else ItemKind.REVIEW
            seen.add(key)
            items.append(AgendaItem(meeting=year.sessions[month], situation=year.situations[key], kind=kind,
                                    position=position))  # fmt: skip
    items.append(AgendaItem(meeting=year.sessions["B"], situation=year.situations["S5"], kind=ItemKind.REVIEW))
    items.append(AgendaItem(meeting=year.sessions[1], subject_kind=SubjectKind.TOPIC, topic="Bilan annuel",
                            position=9))  # fmt: skip
    AgendaItem.objects.bulk_create(items)

    invitations, attendances = [], []
    for month in (*HELD_MONTHS, 12):
        meeting = year.sessions[month]
        for key, membership in year.members.items():
            invitations.append(MeetingInvitation(meeting=meeting, user=membership.user, sent_at=meeting.starts_at))
            if month != 12:
                status = ATTENDANCE.get(month, {}).get(key, AttendanceStatus.PRESENT)
                attendances.append(Attendance(meeting=meeting, user=membership.user, status=status))
    cmp1 = year.members["cmp1"].user
    for key, status in (("B", AttendanceStatus.PRESENT), ("Y-1", AttendanceStatus.ABSENT)):
        invitations.append(
            MeetingInvitation(meeting=year.sessions[key], user=cmp1, sent_at=year.sessions[key].starts_at)
        )
        attendances.append(Attendance(meeting=year.sessions[key], user=cmp1, status=status))
    MeetingInvitation.objects.bulk_create(invitations)
    Attendance.objects.bulk_create(attendances)


def _actions(year: Year) -> None:
    y, s = year.y, year.situations
    rows = [
        # number, situation, owner, created, status, due, done
        (1, "S2", "cmp", date(y, 2, 10), ActionStatus.DONE, date(y, 3, 1), date(y, 2, 20)),
        (2, "S0", "cmp", date(y, 4, 10), ActionStatus.DONE, date(y, 6, 1), date(y, 5, 10)),
        (3, "S4", "ccas", date(y, 4, 10), ActionStatus.DONE, date(y, 6, 1), date(y, 4, 14)),
        (4, "S0", "social_landlord", date(y, 5, 15), ActionStatus.DROPPED, date(y, 7, 1), None),
        (5, "S3", "social_landlord", date(y, 9, 10), ActionStatus.TODO, date(y, 10, 31), None),
        (6, "S3", "ccas", date(y, 9, 10), ActionStatus.IN_PROGRESS, date(y + 1, 3, 31), None),
        (7, "S0", "ccas", date(y - 1, 11, 1), ActionStatus.IN_PROGRESS, date(y - 1, 12, 1), None),
        (8, "S0", "gp", date(y, 6, 1), ActionStatus.DONE, date(y, 7, 1), date(y, 6, 21)),  # no account
    ]
    for number, key, owner, created, status, due, done in rows:
        action = Action.objects.create(
            council=year.council, situation=s[key], text=f"Action {number}", owner_organisation=year.orgs[owner],
            due_on=due, status=status,
        )  # fmt: skip
        if number == EXTERNAL_ACTION:
            make_external(action)
        Action.objects.filter(pk=action.pk).update(created_at=at(created, 10), done_at=at(done, 10) if done else None)
        action.refresh_from_db()
        year.actions[number] = action


def build_year() -> Year:
    """The year described in this module's docstring, in a new council."""
    y = year_of_activity()
    communes = {
        n: CommuneFactory(insee_code=f"9{8800 + n}", name=f"Commune {name}")
        for n, name in enumerate(("Alpha", "Beta", "Gamma", "Delta", "Epsilon"), start=1)
    }
    council = CouncilFactory(communes=list(communes.values()))
    year = Year(council=council, y=y, start=date(y, 1, 1), end=date(y, 12, 31), communes=communes)
    year.cells = {
        "A": CellFactory(council=council, name="Cellule A", frequency=Frequency.MONTHLY, week_ordinal=Ordinal.FIRST,
                         weekday=Weekday.TUESDAY, months_off="8"),
        "B": CellFactory(council=council, name="Cellule B"),
    }  # fmt: skip
    _directory(year)
    _alerts(year)
    _situations(year)
    _closures(year)
    _sessions(year)
    _actions(year)
    return year
