"""Demo cell, charter, alerts and situations in every status and mode. Every name here is invented."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership
from concerto.councils.models import Cell, CellMember, Charter, CharterCommitment
from concerto.situations.enums import AlertStatus, ConsentKind, PersonMode, SituationStatus, Visibility
from concerto.situations.models import (
    Alert,
    ConsentRecord,
    Counter,
    Identity,
    JournalNote,
    Participant,
    Situation,
    SituationProblem,
)


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of Latin-1 text (the demo charter), offsets computed for a valid xref."""
    text = (
        "BT /F1 12 Tf 60 780 Td 16 TL "
        + " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines)
        + " ET"
    )
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


CHARTER_TEXT = [
    "Charte de fonctionnement et de confidentialite - cellule de concertation (demonstration)",
    "1. Les membres ne partagent que les informations strictement necessaires.",
    "2. Les situations sont presentees sous forme anonyme sans l'accord de la personne.",
    "3. Seul le releve de decisions est conserve ; les notes de travail sont detruites.",
    "4. Chaque membre s'engage personnellement a respecter cette charte.",
]

# (code, status, mode, label, commune index, problems, days ago, participants (org names), notes)
SITUATIONS = [
    (
        "VAL-2026-001",
        SituationStatus.TO_EXAMINE,
        PersonMode.ANONYMOUS,
        "Personne 001",
        0,
        ["neighbour_conflict", "nuisance"],
        5,
        [],
    ),
    (
        "VAL-2026-002",
        SituationStatus.TO_EXAMINE,
        PersonMode.INITIALS,
        "M. L.",
        1,
        ["hoarding", "isolation"],
        12,
        ["CCAS d'Armentières (fictif)"],
    ),
    (
        "VAL-2026-003",
        SituationStatus.FOLLOWED,
        PersonMode.NOMINATIVE,
        "R. B.",
        0,
        ["unpaid_rent", "care_refusal"],
        70,
        ["CMP Les Tilleuls", "Habitat Lys Métropole", "CCAS d'Armentières (fictif)"],
    ),
    (
        "VAL-2026-004",
        SituationStatus.FOLLOWED,
        PersonMode.INITIALS,
        "S. K.",
        2,
        ["aggressiveness", "addiction"],
        120,
        ["CSAPA Le Relais", "Police municipale d'Armentières (fictive)"],
    ),
    (
        "VAL-2026-005",
        SituationStatus.WATCH,
        PersonMode.NOMINATIVE,
        "A. M.",
        1,
        ["danger", "cognitive"],
        200,
        ["SSIAD Lys Domicile", "ATMP Flandres"],
    ),
    (
        "VAL-2026-006",
        SituationStatus.CLOSED,
        PersonMode.ANONYMOUS,
        "Personne 006",
        2,
        ["loss_of_rights"],
        320,
        ["MDS Flandre intérieure (fictive)"],
    ),
]
IDENTITIES = {
    "VAL-2026-003": (
        "Bernard",
        "Roger",
        datetime.date(1961, 5, 2),
        "4 rue des Tisserands, Armentières",
        "06 11 22 33 44",
    ),
    "VAL-2026-005": ("Martin", "Alice", datetime.date(1944, 11, 20), "18 allée des Saules, Houplines", ""),
}


def load_cell(council) -> Cell:
    cell, _ = Cell.objects.get_or_create(
        council=council,
        name="Cellule Logement et santé mentale",
        defaults={"venue": "CCAS, salle 2", "rhythm": "Mensuelle, 2e mardi"},
    )
    seats = [m for m in Membership.objects.filter(council=council, role__in=[Role.CELL_MEMBER, Role.COORDINATOR])]
    for membership in seats:
        CellMember.objects.get_or_create(cell=cell, membership=membership)
    if not cell.charters.exists():
        charter = Charter(cell=cell, version=1)
        charter.document.save("charte-v1.pdf", ContentFile(simple_pdf(CHARTER_TEXT)), save=True)
    charter = cell.current_charter
    # Everyone has signed but the landlord's representative, to show the banner.
    for membership in seats:
        if membership.profession != "landlord":
            CharterCommitment.objects.get_or_create(charter=charter, membership=membership)
    return cell


def load_situations(council, cell, organisations, users) -> None:
    communes = list(council.communes.order_by("name"))
    today = timezone.localdate()
    coordinator = users["coordination@clsm-val-de-lys.example"]
    for code, status, mode, label, commune, problems, days, participant_orgs in SITUATIONS:
        if Situation.objects.filter(code=code).exists():
            continue
        situation = Situation.objects.create(
            council=council, cell=cell, code=code, status=status, person_mode=mode, label=label,
            commune=communes[commune], opened_on=today - datetime.timedelta(days=days),
            housing_status="social_tenant", landlord_organisation=organisations.get("Habitat Lys Métropole"),
            referrer_type="ccas", legal_protection="none",
        )  # fmt: skip
        SituationProblem.objects.bulk_create(SituationProblem(situation=situation, code=p) for p in problems)
        if mode == PersonMode.NOMINATIVE:
            last, first, birth, address, phone = IDENTITIES[code]
            Identity.objects.create(
                council=council, situation=situation, last_name=last, first_name=first, birth_date=birth,
                address=address, phone=phone,
            )  # fmt: skip
        if mode != PersonMode.ANONYMOUS:
            ConsentRecord.objects.create(
                situation=situation, kind=ConsentKind.INFORMED, occurred_on=situation.opened_on,
                by_whom="Nadia Ferreira (CCAS)", means="Visite à domicile", recorded_by=coordinator,
            )  # fmt: skip
        if mode == PersonMode.NOMINATIVE:
            ConsentRecord.objects.create(
                situation=situation, kind=ConsentKind.AGREEMENT, occurred_on=situation.opened_on,
                by_whom="Nadia Ferreira (CCAS)", means="Entretien au CCAS", recorded_by=coordinator,
            )  # fmt: skip
        for index, name in enumerate(participant_orgs):
            organisation = organisations[name]
            member = (
                Membership.objects.filter(council=council, organisation=organisation).select_related("user").first()
            )
            Participant.objects.create(
                situation=situation, organisation=organisation, user=member.user if member else None,
                since=situation.opened_on, is_referent=index == 0,
            )  # fmt: skip
        for visibility, text in (
            (Visibility.PARTICIPANTS, "Point d'étape : visite conjointe prévue avec le bailleur."),
            (Visibility.HEALTH_SOCIAL, "Suivi CMP interrompu depuis l'été ; reprise de contact à proposer."),
            (Visibility.COORDINATOR, "Appel de la famille : souhaite rester informée."),
        ):
            JournalNote.objects.create(
                situation=situation, author=coordinator, visibility=visibility, occurred_on=today, text=text
            )
    Counter.objects.update_or_create(
        council=council, kind="situation", year=today.year, defaults={"value": len(SITUATIONS)}
    )
    _load_actions(council, organisations, users)


def load_alerts(council, organisations, users) -> None:
    # The reception day the submit service records (the Bilan counts alerts by it); also for a demo loaded before.
    for alert in Alert.objects.filter(council=council, received_on__isnull=True, submitted_at__isnull=False):
        Alert.objects.filter(pk=alert.pk).update(received_on=timezone.localdate(alert.submitted_at))
    if Alert.objects.filter(council=council).exists():
        return
    today_year = timezone.localdate().year
    author = users["as@ccas-val.example"]
    common = {
        "council": council, "referrer_name": "Nadia Ferreira", "referrer_role": "Travailleuse sociale",
        "referrer_email": "as@ccas-val.example", "referrer_organisation": organisations["CCAS d'Armentières (fictif)"],
        "author": author, "person_informed": "yes", "commune": council.communes.order_by("name").first(),
    }  # fmt: skip
    now = timezone.now()
    Alert.objects.create(
        **common, status=AlertStatus.SUBMITTED, reference=f"VAL-S{today_year}-0001",
        submitted_at=now - datetime.timedelta(days=9),
        received_on=timezone.localdate(now - datetime.timedelta(days=9)), person_mode=PersonMode.INITIALS,
        initials="M. L.",
        person_agrees="no", problems=["hoarding", "danger"], urgency="high",
        facts="Encombrement important constaté lors d'une visite ; risque d'incendie signalé par les voisins.",
    )  # fmt: skip
    Alert.objects.create(
        **common, status=AlertStatus.SUBMITTED, reference=f"VAL-S{today_year}-0002",
        submitted_at=now - datetime.timedelta(days=2),
        received_on=timezone.localdate(now - datetime.timedelta(days=2)), person_mode=PersonMode.ANONYMOUS,
        person_agrees="unknown", problems=["neighbour_conflict"], urgency="low",
        facts="Conflit de voisinage récurrent, cris la nuit.",
    )  # fmt: skip
    Alert.objects.create(
        **common, status=AlertStatus.REORIENTED, reference=f"VAL-S{today_year}-0003",
        submitted_at=now - datetime.timedelta(days=30),
        received_on=timezone.localdate(now - datetime.timedelta(days=30)), decided_at=now - datetime.timedelta(days=25),
        person_mode=PersonMode.INITIALS, initials="T. P.", person_agrees="yes", problems=["loss_of_rights"],
        facts="Perte de droits après un déménagement.", reoriented_to=organisations["DAC Métropole Ouest"],
        decision_reason="Relève de l'appui à la coordination de parcours.",
    )  # fmt: skip
    Alert.objects.create(
        **{**common, "commune": None}, status=AlertStatus.DRAFT, person_mode=PersonMode.ANONYMOUS,
        person_agrees="unknown", facts="Brouillon : éléments à compléter.",
    )  # fmt: skip
    Counter.objects.update_or_create(council=council, kind="alert", year=today_year, defaults={"value": 3})


def _load_actions(council, organisations, users) -> None:
    from concerto.plans.models import Action

    situation = Situation.objects.get(code="VAL-2026-003")
    if situation.actions.exists():
        return
    today = timezone.localdate()
    health, shared = Visibility.HEALTH_SOCIAL, Visibility.PARTICIPANTS
    for text, organisation, email, days, status, visibility in (
        ("Proposer un rendez-vous au CMP", "CMP Les Tilleuls", "psychiatre@cmp-tilleuls.example", 10, "todo", health),
        (
            "Visite conjointe du logement",
            "Habitat Lys Métropole",
            "bailleur@habitat-lys.example",
            -5,
            "in_progress",
            shared,
        ),
        (
            "Instruire un dossier FSL pour la dette",
            "CCAS d'Armentières (fictif)",
            "as@ccas-val.example",
            20,
            "todo",
            shared,
        ),
    ):
        Action.objects.create(
            council=council, situation=situation, text=text, owner_organisation=organisations[organisation],
            owner_user=users.get(email), due_on=today + datetime.timedelta(days=days), status=status,
            visibility=visibility,
        )  # fmt: skip


def load_meetings(council, cell, users) -> None:
    from concerto.meetings import services as meetings
    from concerto.meetings.enums import AttendanceStatus
    from concerto.meetings.models import AgendaItem, Meeting

    if Meeting.objects.filter(council=council).exists():
        return
    coordinator = users["coordination@clsm-val-de-lys.example"]
    now = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    past_start = now - datetime.timedelta(days=50)
    past = meetings.meeting_create(
        council=council, actor=coordinator,
        data={"cell": cell, "starts_at": past_start, "ends_at": past_start + datetime.timedelta(hours=2),
              "place": "CCAS, salle 2"},
    )  # fmt: skip
    for code, decisions, visibility in (
        (
            "VAL-2026-003",
            "Visite conjointe CMP et bailleur ; demande FSL pour la dette ; point dans trois mois.",
            Visibility.PARTICIPANTS,
        ),
        (
            "VAL-2026-004",
            "Orientation vers le CSAPA ; médiation de voisinage par la police municipale.",
            Visibility.HEALTH_SOCIAL,
        ),
    ):
        AgendaItem.objects.create(
            meeting=past, situation=Situation.objects.get(code=code), decisions=decisions,
            decisions_visibility=visibility, next_review=timezone.localdate() + datetime.timedelta(days=40),
        )  # fmt: skip
    for seat in past.invitations.select_related("user"):
        meetings.attendance_record(meeting=past, actor=coordinator, user=seat.user, status=AttendanceStatus.PRESENT)
    meetings.meeting_sign_off(meeting=past, actor=coordinator)
    upcoming_start = now + datetime.timedelta(days=12)
    upcoming = meetings.meeting_create(
        council=council, actor=coordinator,
        data={"cell": cell, "starts_at": upcoming_start, "ends_at": upcoming_start + datetime.timedelta(hours=2),
              "place": "CCAS, salle 2"},
    )  # fmt: skip
    for code in ("VAL-2026-001", "VAL-2026-002"):
        meetings.agenda_add(
            meeting=upcoming, situation=Situation.objects.get(code=code), actor=coordinator, kind="new", priority=False
        )
    meetings.invitations_send(meeting=upcoming, actor=coordinator)


COPIL_MEMBERS = [
    "coordination@clsm-val-de-lys.example",
    "elue@ville-val.example",
    "cadre@epsm-lys.example",
    "as@ccas-val.example",
]


def load_governance_meeting(council, users) -> None:
    """A steering committee (COPIL) with free topics, to show that every body of the council meets."""
    from concerto.meetings import services as meetings
    from concerto.meetings.enums import Body
    from concerto.meetings.models import Meeting

    if Meeting.objects.filter(council=council, body=Body.COPIL).exists():
        return
    coordinator = users["coordination@clsm-val-de-lys.example"]
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0) + datetime.timedelta(days=20)
    copil = meetings.meeting_create(
        council=council, actor=coordinator,
        data={"body": Body.COPIL, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2),
              "place": "Mairie d'Armentières (fictive), salle du conseil"},
        convened=[users[email] for email in COPIL_MEMBERS],
    )  # fmt: skip
    for topic, details in (
        ("Bilan de la cellule de concertation", "Situations suivies, délais, actions en retard."),
        ("Semaine d'information sur la santé mentale", "Programme et partenaires de l'édition à venir."),
        ("Questions diverses", ""),
    ):
        meetings.topic_add(meeting=copil, actor=coordinator, topic=topic, topic_details=details)
    meetings.invitations_send(meeting=copil, actor=coordinator)
