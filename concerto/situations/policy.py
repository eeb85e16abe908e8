"""The disclosure policy of a situation: one table, read by every output (architecture invariant 10).

A reader's *relation* to a situation decides which *classes of information* they may see. Pages, PDFs, e-mails,
.ics files, list filters, exports and background jobs all ask `disclosures_for(reader, situations)` (or
`disclosure_for`) and show a piece of text only when its class is in `disclosure.classes`. A reader is anything
with `.user`, `.membership` and `.council`: the request in a view, `Reader.of(membership)` elsewhere.

The table is also printed in docs/security.md; the sentinel test (concerto/tests/test_disclosure.py) plants a
unique string in every classed field and checks every output against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils import timezone

from concerto.accounts.enums import CLINICAL_PROFESSIONS, Role
from concerto.situations.enums import ClosureReason, ConsentKind, PersonMode, Visibility, is_clinical_problem


class Info(models.TextChoices):
    """Classes of information about a situation. Every text that can describe a person carries one."""

    STATUS = "status", "Existence, code et statut"
    PARTICIPANTS = Visibility.PARTICIPANTS.value, "Contenu partagé entre participants (décisions, actions)"
    HEALTH_SOCIAL = Visibility.HEALTH_SOCIAL.value, "Contenu de santé et social"
    COORDINATOR = Visibility.COORDINATOR.value, "Contenu réservé à la coordination"
    IDENTITY = "identity", "Identité nominative"


class Relation(models.TextChoices):
    COORDINATOR = "coordinator", "Coordination du conseil"
    HEALTH_SOCIAL = "health_social", "Participant·e ou invité·e (pendant sa fenêtre), santé ou social"
    OTHER_PROFESSION = "other_profession", "Participant·e ou invité·e, bailleur, police, élu·e ou autre"
    RESTRICTED = (
        "restricted",
        (
            "Participant·e hors du périmètre de l'accord, avant l'engagement à la charte, ou après un retrait "
            "(sauf le ou la référent·e)"
        ),
    )
    CELL_MEMBER = "cell_member", "Membre de la cellule qui ne participe pas"
    NONE = "none", "Toute autre personne (invitation expirée, autre conseil) : la situation n'existe pas (404)"


S, P, H, C, ID = Info.STATUS, Info.PARTICIPANTS, Info.HEALTH_SOCIAL, Info.COORDINATOR, Info.IDENTITY
# The policy table: relation → the classes of information it may see.
POLICY: dict[str, frozenset[str]] = {
    Relation.COORDINATOR: frozenset({S, P, H, C, ID}),
    Relation.HEALTH_SOCIAL: frozenset({S, P, H, ID}),
    Relation.OTHER_PROFESSION: frozenset({S, P, ID}),
    Relation.RESTRICTED: frozenset({S}),
    Relation.CELL_MEMBER: frozenset({S}),
    Relation.NONE: frozenset(),
}
# Conditions that hold whatever the relation (also in docs/security.md):
RULES = [
    "Identité : seulement en mode nominatif ; pour les participants, si un accord est enregistré et que son "
    "périmètre couvre leur structure.",
    "Après une opposition ou un retrait de l'accord : seuls la coordination et le ou la référent·e gardent "
    "l'identité et le contenu ; les relevés signés ensuite ne portent que « consentement retiré ».",
    "Actions : une personne hors santé et social ne voit que les actions dont sa structure est responsable ; "
    "la structure responsable voit toujours ses propres actions.",
    "Invité·e pour un point : seulement ce point de la réunion, et seulement pendant sa fenêtre d'accès.",
    "Problèmes cliniques (refus de soins, addiction, troubles cognitifs, maltraitance), types de problème "
    "propres au conseil, et motifs de clôture médicaux : classe santé et social.",
    "Journal : une hospitalisation ou une crise est au moins de classe santé et social.",
    "Proches et personne elle-même : jamais de compte ni d'accès au contenu ; associé·es seulement en mode nominatif "
    "avec un accord en vigueur (qui couvre les proches pour un·e proche) ; leur lien ne montre que la logistique ; "
    "le nom d'un·e proche participant n'apparaît qu'à qui voit l'identité, celui d'un·e invité·e qu'à la "
    "coordination ; leur parole suit la classe choisie (santé et social par "
    "défaut).",
]

CLINICAL_CLOSURES = {ClosureReason.CARE, ClosureReason.HOSPITALISATION}


@dataclass(frozen=True)
class Reader:
    """Who an output is rendered for, outside a request (e-mails, PDFs, jobs)."""

    user: object
    membership: object
    council: object

    @classmethod
    def of(cls, membership) -> Reader:
        return cls(user=membership.user, membership=membership, council=membership.council)


@dataclass(frozen=True)
class SituationAccess:
    """What one reader may see of one situation: their relation and the classes it opens."""

    situation: object
    relation: str
    classes: frozenset = field(default_factory=frozenset)
    is_coordinator: bool = False
    participation: object = None
    invited: bool = False
    organisation_id: int | None = None
    user_id: int | None = None
    clinical_profession: bool = False
    consent_blocked: bool = False
    charter_pending: bool = False
    out_of_scope: bool = False

    def sees(self, info: str) -> bool:
        return info in self.classes

    @property
    def sees_content(self) -> bool:
        return P in self.classes

    @property
    def sees_clinical(self) -> bool:
        return H in self.classes

    @property
    def sees_identity(self) -> bool:
        return ID in self.classes

    @property
    def can_edit(self) -> bool:
        return self.is_coordinator

    @property
    def is_referent(self) -> bool:
        return self.participation is not None and self.participation.is_referent

    @property
    def can_write_notes(self) -> bool:
        return self.sees_content and (self.is_coordinator or not self.consent_blocked)

    def visible_note_classes(self) -> list[str]:
        return [v for v in Visibility.values if v in self.classes]

    def sees_action(self, action) -> bool:
        own = action.owner_user_id == self.user_id or (
            self.organisation_id is not None and action.owner_organisation_id == self.organisation_id
        )
        if own and self.sees_content:
            return True
        return action.visibility in self.classes and (self.is_coordinator or self.sees_clinical)

    def visible_problems(self) -> list[str]:
        if not self.sees_content:
            return []
        codes = [row.code for row in self.situation.problem_rows.all()]
        return codes if self.sees_clinical else [c for c in codes if not is_clinical_problem(c)]

    def sees_closure_reason(self) -> bool:
        reason = self.situation.closure_reason
        return self.sees_content and (self.sees_clinical or reason not in CLINICAL_CLOSURES)


def active_participations(user, today=None):
    from concerto.situations.models import Participant

    today = today or timezone.localdate()
    return Participant.objects.filter(user=user, since__lte=today).filter(Q(until__isnull=True) | Q(until__gte=today))


def active_invitations(user, today=None):
    """Invitations of an actor for one agenda item: open from sending until `access_until`."""
    from concerto.meetings.models import MeetingInvitation

    today = today or timezone.localdate()
    return MeetingInvitation.objects.filter(
        user=user, item__isnull=False, sent_at__isnull=False, access_until__gte=today
    )


def consent_state(situation) -> tuple[bool, object | None]:
    """(blocked, current agreement), by order of recording: blocked after an objection or a withdrawal not
    followed by a new agreement."""
    records = sorted(
        (r for r in situation.consents.all() if r.kind != ConsentKind.INFORMED), key=lambda r: (r.created_at, r.pk)
    )
    last = records[-1] if records else None
    if last is None or last.kind in (ConsentKind.OBJECTION, ConsentKind.WITHDRAWAL):
        return (last is not None), None
    return False, last


def _relation(*, is_coordinator, taking_part, clinical, restricted, cell_member) -> str:
    if is_coordinator:
        return Relation.COORDINATOR
    if taking_part:
        if restricted:
            return Relation.RESTRICTED
        return Relation.HEALTH_SOCIAL if clinical else Relation.OTHER_PROFESSION
    return Relation.CELL_MEMBER if cell_member else Relation.NONE


def disclosures_for(reader, situations, *, today=None) -> dict[int, SituationAccess]:
    """The disclosure of each situation for this reader, in a constant number of queries.

    `situations` must belong to the reader's council; their consents (with scope) are prefetched here."""
    from django.db.models import prefetch_related_objects

    from concerto.councils.models import CharterCommitment

    situations = list(situations)
    membership, user = reader.membership, reader.user
    prefetch_related_objects(situations, "consents__scope", "cell__charters")
    ids = [s.pk for s in situations]
    participations = {
        p.situation_id: p for p in active_participations(user, today).filter(situation_id__in=ids).order_by("since")
    }
    invited = set(
        active_invitations(user, today).filter(item__situation_id__in=ids).values_list("item__situation_id", flat=True)
    )
    committed = set(CharterCommitment.objects.filter(membership=membership).values_list("charter_id", flat=True))
    is_coordinator = membership.role == Role.COORDINATOR
    clinical = is_coordinator or membership.profession in CLINICAL_PROFESSIONS
    result = {}
    for situation in situations:
        participation = participations.get(situation.pk)
        is_invited = participation is None and situation.pk in invited
        organisation_id = (
            participation.organisation_id if participation else (membership.organisation_id if is_invited else None)
        )
        blocked, agreement = consent_state(situation)
        charters = sorted(situation.cell.charters.all(), key=lambda c: -c.version) if situation.cell else []
        charter_pending = bool(charters) and charters[0].pk not in committed
        scope = {o.pk for o in agreement.scope.all()} if agreement is not None else set()
        out_of_scope = bool(scope) and organisation_id not in scope
        referent = participation is not None and participation.is_referent
        relation = _relation(
            is_coordinator=is_coordinator,
            taking_part=participation is not None or is_invited,
            clinical=clinical,
            restricted=charter_pending or out_of_scope or (blocked and not referent),
            cell_member=membership.role == Role.CELL_MEMBER,
        )
        classes = set(POLICY[relation])
        if ID in classes and not _identity_allowed(situation, is_coordinator, agreement, blocked, referent):
            classes.discard(ID)
        result[situation.pk] = SituationAccess(
            situation=situation, relation=relation, classes=frozenset(classes), is_coordinator=is_coordinator,
            participation=participation, invited=is_invited, organisation_id=organisation_id, user_id=user.pk,
            clinical_profession=clinical, consent_blocked=blocked, out_of_scope=out_of_scope,
            charter_pending=charter_pending and not is_coordinator,
        )  # fmt: skip
    return result


def _identity_allowed(situation, is_coordinator, agreement, blocked, referent) -> bool:
    if situation.person_mode != PersonMode.NOMINATIVE:
        return False
    if is_coordinator:
        return True
    return agreement is not None or (blocked and referent)


def disclosure_for(reader, situation, *, today=None) -> SituationAccess:
    return disclosures_for(reader, [situation], today=today)[situation.pk]


def ids_seeing(reader, situations_qs, *infos: str) -> dict[str, set[int] | None]:
    """For each class of `infos`, the ids of the situations of `situations_qs` in which the reader sees it; None
    means all of them (the coordinator). List filters use it: they may only filter on what the reader sees for each
    row. One disclosure computation serves every class."""
    if reader.membership.role == Role.COORDINATOR:
        return dict.fromkeys(infos)
    candidates = situations_qs.filter(
        Q(pk__in=active_participations(reader.user).values("situation_id"))
        | Q(pk__in=active_invitations(reader.user).values("item__situation_id"))
    )
    disclosures = disclosures_for(reader, candidates).items()
    return {info: {pk for pk, access in disclosures if access.sees(info)} for info in infos}


ROW = "row"  # the class is the row's own `visibility` field
ALERT = "alert"  # an alert's content: the coordinator and the alert's author (the referrer) only
TOPIC = "topic"  # a free topic of a meeting (no situation): the coordinator and whoever is convened or present
# Every text field of the case that can describe a person, with its class of information. A test fails when a
# text field of the case apps is neither here nor in NOT_PERSONAL, and the sentinel harness plants a unique
# string in each of these fields and checks every output against this table.
TEXT_CLASSES: dict[str, str] = {
    "situations.identity.last_name": ID,
    "situations.identity.first_name": ID,
    "situations.identity.address": ID,
    "situations.identity.phone": ID,
    "situations.identity.birth_date": ID,
    "situations.situation.label": P,
    "situations.situation.initials": P,
    "situations.situation.neighbourhood": P,
    "situations.situation.landlord_name": P,
    "situations.situation.mandataire": P,
    "situations.consentrecord.by_whom": H,
    "situations.consentrecord.means": H,
    "situations.journalnote.text": ROW,
    "meetings.workingnote.text": ROW,
    "meetings.agendaitem.decisions": "decisions_visibility",
    "meetings.recordcorrection.text": ROW,
    # The words of a relative or of the person themself, under the class the coordinator chose (health by default).
    "meetings.itemguest.words": "words_visibility",
    # A relative at the table: their name and contact would tell who the person is.
    "situations.relative.name": ID,
    "situations.relative.contact": ID,
    "meetings.agendaitem.topic": TOPIC,
    "meetings.agendaitem.topic_details": TOPIC,
    "plans.action.text": ROW,
    "plans.action.kept_after_withdrawal": C,
    "plans.action.external_comment": ROW,  # shown with the action's text, under the same visibility
    "situations.alert.referrer_name": ALERT,
    "situations.alert.referrer_organisation_name": ALERT,
    "situations.alert.referrer_role": ALERT,
    "situations.alert.referrer_phone": ALERT,
    "situations.alert.referrer_email": ALERT,
    "situations.alert.initials": ALERT,
    "situations.alert.neighbourhood": ALERT,
    "situations.alert.landlord_name": ALERT,
    "situations.alert.mandataire": ALERT,
    "situations.alert.facts": ALERT,
    "situations.alert.already_tried": ALERT,
    "situations.alert.expected_help": ALERT,
    "situations.alert.decision_reason": ALERT,
}
# Text fields of the case apps that cannot describe a person (codes, hashes, logistics of a meeting).
NOT_PERSONAL = {
    "situations.counter.kind", "situations.alert.reference", "situations.situation.code",
    "situations.situation.referrer_type", "situations.identity.address_index", "situations.identity.person_index",
    "situations.identity.birth_year_index", "situations.situation.label_index",
    "situations.situation.neighbourhood_index", "situations.attachment.file", "situations.attachment.content_type",
    "situations.securelink.token_hash", "situations.situationproblem.code", "meetings.meeting.place",
    "meetings.meeting.video_link", "meetings.meeting.record_pdf", "meetings.slotpoll.place",
    "meetings.pollinvitee.token_hash",
    # A guest without an account invited for one item: who the guest is, never the person supported. A relative's
    # or the person's own name and e-mail are shown on the coordinator's pages only: every other output (meeting
    # page, record, attendance) says « la personne concernée » or « un·e proche » (ItemGuest.public_label).
    "meetings.itemguest.name", "meetings.itemguest.email", "meetings.itemguest.function",
    "meetings.itemguest.token_hash",
    # The owner without an account of an action (a GP, a curator): who the owner is, never the person supported.
    "plans.action.external_owner_name", "plans.action.external_owner_email", "plans.action.external_owner_index",
    "plans.externalactionlink.token_hash", "plans.externalreminderdigest.email_index",
}  # fmt: skip


def blocked_situation_ids():
    """Situations whose latest consent record (by order of recording, "informed" aside) is an objection or a
    withdrawal, as a subquery of ids."""
    from django.db.models import OuterRef, Subquery

    from concerto.situations.models import ConsentRecord, Situation

    latest = (
        ConsentRecord.objects.filter(situation=OuterRef("pk"))
        .exclude(kind=ConsentKind.INFORMED)
        .order_by("-created_at", "-id")
        .values("kind")[:1]
    )
    return (
        Situation.objects.annotate(last_consent=Subquery(latest))
        .filter(last_consent__in=[ConsentKind.OBJECTION, ConsentKind.WITHDRAWAL])
        .values("pk")
    )
