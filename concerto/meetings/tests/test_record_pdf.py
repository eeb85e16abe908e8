"""The record of decisions looks like the council's minutes (issue 11): letterhead, « Confidentiel » on every page,
the session in French with local times, present / excused / absent with function and organisation, the signatory.
What each reader sees is unchanged: an actor invited for one item still gets no attendance list."""

import datetime
import io
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.enums import AttendanceStatus, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, Attendance, ItemGuest, Meeting, MeetingInvitation
from concerto.meetings.pdf import record_pdf
from concerto.situations.tests.factories import CellFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CONFIDENTIAL = "Confidentiel — document couvert par le secret partagé"


def _pages(content: bytes) -> list[str]:
    return [page.extract_text().replace("\n", " ") for page in PdfReader(io.BytesIO(content)).pages]


def _member(council, last_name, **kwargs):
    return MembershipFactory(council=council, user__totp=False, user__last_name=last_name, **kwargs)


@pytest.fixture
def signed_meeting():
    """A cell session on Tuesday 12 January 2027, 9:30 to 12:00 in Paris (stored in UTC), signed at 11:45."""
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, tzinfo=PARIS), tick=False):
        council = CouncilFactory(name="CLSM de Val-Exemple", legal_form="Ville de Val-Exemple",
                                 contact_email="clsm@val-exemple.test")  # fmt: skip
        cell = CellFactory(council=council, name="Nord")
        cmp = OrganisationFactory(council=council, name="CMP Adultes Val-Exemple")
        coordinator = _member(council, "Coordo", role=Role.COORDINATOR, job_title="Coordinatrice du CLSM",
                              organisation=OrganisationFactory(council=council, name="Mairie de Val-Exemple"))  # fmt: skip
        psychiatrist = _member(council, "Psy", role=Role.CELL_MEMBER, profession=Profession.HEALTH,
                               job_title="Psychiatre", organisation=cmp)  # fmt: skip
        landlord = _member(council, "Bailleur", role=Role.CELL_MEMBER, profession=Profession.LANDLORD)
        nurse = _member(council, "Infirmier", role=Role.CELL_MEMBER, profession=Profession.HEALTH, organisation=cmp)
        deputy = _member(council, "Suppleante", role=Role.CELL_MEMBER, profession=Profession.SOCIAL)
        start = datetime.datetime(2027, 1, 12, 9, 30, tzinfo=PARIS)
        meeting = Meeting.objects.create(
            council=council, cell=cell, starts_at=start, ends_at=start.replace(hour=12, minute=0),
            status=MeetingStatus.SIGNED_OFF, signed_off_by=coordinator.user,
            signed_off_at=start.replace(hour=11, minute=45),
        )  # fmt: skip
        Attendance.objects.create(meeting=meeting, user=psychiatrist.user, status=AttendanceStatus.PRESENT)
        Attendance.objects.create(meeting=meeting, user=landlord.user, status=AttendanceStatus.EXCUSED)
        Attendance.objects.create(meeting=meeting, user=nurse.user, status=AttendanceStatus.ABSENT)
        Attendance.objects.create(
            meeting=meeting, user=_member(council, "Titulaire", role=Role.CELL_MEMBER).user,
            status=AttendanceStatus.REPLACED, replaced_by=deputy.user,
        )  # fmt: skip
        for n in range(12):  # long enough to run over several pages
            AgendaItem.objects.create(
                meeting=meeting, subject_kind=SubjectKind.TOPIC, topic=f"Point {n}", decisions="Décision.\n" * 12
            )
        ItemGuest.objects.create(
            item=meeting.items.first(), name="Dr Invitée Sanscompte", email="invitee@exemple.test",
            function="Médecin traitant", token_hash="x", window_start=start, window_end=start,
            attendance=AttendanceStatus.PRESENT,
        )  # fmt: skip
        people = SimpleNamespace(coordinator=coordinator, psychiatrist=psychiatrist, landlord=landlord)
        return meeting, people


def test_the_record_reads_as_the_councils_minutes(signed_meeting):
    meeting, _people = signed_meeting
    pages = _pages(record_pdf(meeting))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert CONFIDENTIAL in page and f"{number} / {len(pages)}" in page
    text = " ".join(pages)
    assert "CLSM de Val-Exemple" in text and "Ville de Val-Exemple" in text and "clsm@val-exemple.test" in text
    assert "Relevé de décisions — Cellule « Nord » — séance du mardi 12 janvier 2027, 9 h 30 – 12 h" in text
    present, excused = text.index("Présent·es"), text.index("Excusé·es")
    absent = text.index("Absent·es")
    assert present < text.index("Psychiatre — CMP Adultes Val-Exemple") < excused
    assert excused < text.index("Bailleur") < absent < text.index("Infirmier")
    assert present < text.index("Dr Invitée Sanscompte, Médecin traitant (invité·e pour un point)") < excused
    assert "suppléant·e de Prénom Titulaire" in text and "remplacé·e par Prénom Suppleante" in text
    assert (
        "Relevé arrêté et signé le mardi 12 janvier 2027 à 11 h 45 par Prénom Coordo, Coordinatrice du CLSM "
        "(Mairie de Val-Exemple)." in text
    )


def test_an_actor_invited_for_one_item_still_gets_no_attendance_list(signed_meeting):
    meeting, _people = signed_meeting
    actor = MembershipFactory(council=meeting.council, user__totp=False, role=Role.PARTNER)
    item = meeting.items.first()
    MeetingInvitation.objects.create(meeting=meeting, user=actor.user, item=item)
    text = " ".join(_pages(record_pdf(meeting, SimpleNamespace(user=actor.user, membership=actor))))
    assert CONFIDENTIAL in text and "mardi 12 janvier 2027" in text
    assert "Présences" not in text and "Psychiatre" not in text and "Bailleur" not in text
    assert "Sanscompte" not in text
