"""The council's governance over HTTP: bodies and their members' terms, convening a body through the generic meeting
(invitations with .ics), attendance with quorum, the register of decisions (refused without quorum; a decision
linked to a project sets its status and writes the history), project groups with their actions, the COPIL's table
(XLSX, PDF), the home panel of the members of the bodies, and who sees what."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Role
from concerto.core.typography import french_spaces as fr
from concerto.factories import ContactFactory, CouncilFactory, OrganisationFactory
from concerto.governance.enums import BodyKind, MemberFunction, ProjectStatus
from concerto.governance.models import BodyMeeting, BodyMember, CouncilBody, Decision, ProjectStatusChange
from concerto.governance.tests.factories import convene, make_body, make_project, seat
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus
from concerto.meetings.models import Attendance, MeetingInvitation

pytestmark = pytest.mark.django_db
APOS = "&#x27;"  # how Django escapes an apostrophe in a page


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    org = OrganisationFactory(council=council, name="GEM Les Amis")
    world = SimpleNamespace(
        council=council,
        org=org,
        coordinator=member_factory(council, Role.COORDINATOR),
        president=member_factory(council, Role.GOVERNANCE_MEMBER),
        treasurer=member_factory(council, Role.GOVERNANCE_MEMBER),
        outsider=member_factory(council, Role.GOVERNANCE_MEMBER),
        partner=member_factory(council, Role.PARTNER, organisation=org),
        stranger=member_factory(council, Role.PARTNER),
        contact=ContactFactory(organisation=org, name="Marie Unafam"),
    )
    body = make_body(council, quorum_count=3)
    seat(body, membership=world.president, function=MemberFunction.PRESIDENT)
    seat(body, membership=world.treasurer, function=MemberFunction.TREASURER)
    seat(body, membership=world.partner)
    world.contact_seat = seat(body, contact=world.contact)
    world.invited = member_factory(council, Role.PARTNER)
    seat(body, membership=world.invited, function=MemberFunction.INVITED)
    world.body = body
    world.project = make_project(council, status=ProjectStatus.FUTURE)
    return world


def _sheet(body_meeting, **statuses):
    """POST data of the attendance sheet: every seat of the sheet, by function name or contact."""
    data = {}
    for member in body_meeting.body.members.all():
        key = "contact" if member.contact_id else member.function
        if key in statuses:
            data[f"member_{member.pk}"] = statuses[key]
    return data


# -- bodies ---------------------------------------------------------------------------------------------------------
def test_the_coordinator_creates_a_body_and_adds_members(client, w):
    client.force_login(w.coordinator.user)
    response = client.post(
        reverse("governance:body_create"),
        {
            "kind": BodyKind.BUREAU,
            "name": "Bureau de l'association",
            "mandate": "Prépare le COPIL.",
            "quorum_percent": 50,
        },
    )
    body = CouncilBody.objects.get(name="Bureau de l'association")
    assert response.status_code == 302 and response["Location"] == reverse("governance:body_detail", args=[body.pk])
    today = timezone.localdate()
    client.post(
        reverse("governance:member_add", args=[body.pk]),
        {"membership": w.president.pk, "function": MemberFunction.PRESIDENT, "starts_on": today.isoformat()},
    )
    client.post(
        reverse("governance:member_add", args=[body.pk]),
        {"contact": w.contact.pk, "function": MemberFunction.SECRETARY, "starts_on": today.isoformat()},
    )
    page = client.get(reverse("governance:body_detail", args=[body.pk])).content.decode().replace(APOS, "'")
    assert "Prépare le COPIL." in page and "Marie Unafam" in page and "Président·e" in page and "Secrétaire" in page
    assert "50 % des membres votants" in page


def test_a_term_ending_before_it_starts_is_refused(client, w):
    client.force_login(w.coordinator.user)
    today = timezone.localdate()
    response = client.post(
        reverse("governance:member_add", args=[w.body.pk]),
        {
            "membership": w.outsider.pk, "function": MemberFunction.MEMBER, "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert fr("La fin du mandat") in response.content.decode().replace(APOS, "'")
    assert "ne peut pas précéder son début" in response.content.decode().replace(APOS, "'")
    assert not BodyMember.objects.filter(membership=w.outsider).exists()


def test_a_member_and_a_contact_at_once_are_refused(client, w):
    client.force_login(w.coordinator.user)
    response = client.post(
        reverse("governance:member_add", args=[w.body.pk]),
        {"membership": w.outsider.pk, "contact": w.contact.pk, "function": MemberFunction.MEMBER,
         "starts_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert "Choisissez soit un membre du conseil, soit un contact" in response.content.decode().replace(APOS, "'")
    assert not BodyMember.objects.filter(membership=w.outsider).exists()


def test_ending_a_term_moves_the_member_to_former_members(client, w):
    client.force_login(w.coordinator.user)
    member = w.body.members.get(membership=w.partner)
    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(reverse("governance:member_end", args=[w.body.pk, member.pk]), {"ends_on": yesterday.isoformat()})
    member.refresh_from_db()
    assert member.ends_on == yesterday
    page = client.get(reverse("governance:body_detail", args=[w.body.pk])).content.decode().replace(APOS, "'")
    assert "Anciens membres" in page


def test_quorum_rules_are_one_or_the_other(client, w):
    client.force_login(w.coordinator.user)
    response = client.post(
        reverse("governance:body_create"),
        {"kind": BodyKind.PLENARY, "name": "Plénière", "quorum_count": 3, "quorum_percent": 50},
    )
    assert "pas les deux" in response.content.decode().replace(APOS, "'")
    assert not CouncilBody.objects.filter(name="Plénière").exists()


# -- convening, attendance, quorum ------------------------------------------------------------------------------------
def test_convening_creates_the_meeting_of_the_body_and_sends_invitations(client, w, run_on_commit):
    client.force_login(w.coordinator.user)
    start = timezone.localtime() + timedelta(days=10)
    response = client.post(
        reverse("governance:convene", args=[w.body.pk]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Mairie", "projects": [w.project.pk], "topics": "Bilan de la cellule\nQuestions diverses",
        },
    )  # fmt: skip
    body_meeting = BodyMeeting.objects.get(body=w.body)
    assert response["Location"] == reverse("governance:meeting", args=[body_meeting.meeting_id])
    meeting = body_meeting.meeting
    assert meeting.body == Body.COPIL
    invited = set(MeetingInvitation.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    assert invited == {m.user_id for m in (w.president, w.treasurer, w.partner, w.invited)}
    assert list(meeting.items.values_list("topic", flat=True)) == [
        f"Groupe-projet « {w.project.name} »",
        "Bilan de la cellule",
        "Questions diverses",
    ]
    assert len(mail.outbox) == 4
    assert all(any(a[0].endswith(".ics") for a in m.attachments) for m in mail.outbox)


def test_a_body_without_members_with_an_account_cannot_be_convened(client, w):
    client.force_login(w.coordinator.user)
    empty = make_body(w.council, name="Groupe de travail mineurs", kind=BodyKind.WORKING_GROUP)
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(
        reverse("governance:convene", args=[empty.pk]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "Aucun membre de l'instance n'a de compte" in response.content.decode().replace(APOS, "'")
    assert not BodyMeeting.objects.exists()


def test_attendance_counts_voting_members_against_the_quorum(client, w):
    body_meeting = convene(w.body, w.coordinator.user)
    client.force_login(w.coordinator.user)
    url = reverse("governance:meeting", args=[body_meeting.meeting_id])
    assert fr("Quorum non atteint (0/3)") in client.get(url).content.decode().replace(APOS, "'")
    # The invited member present does not count; the contact (no account) does.
    client.post(
        reverse("governance:attendance", args=[body_meeting.meeting_id]),
        _sheet(body_meeting, president="present", treasurer="present", invited="present", member="absent"),
    )
    assert fr("Quorum non atteint (2/3)") in client.get(url).content.decode().replace(APOS, "'")
    client.post(
        reverse("governance:attendance", args=[body_meeting.meeting_id]), _sheet(body_meeting, contact="present")
    )
    page = client.get(url).content.decode().replace(APOS, "'")
    assert fr("Quorum atteint (3/3)") in page
    # The members' attendance is the generic meeting's; the contact's is kept on the governance side.
    assert (
        Attendance.objects.get(meeting=body_meeting.meeting, user=w.president.user).status == AttendanceStatus.PRESENT
    )
    assert body_meeting.contact_attendances.get().status == AttendanceStatus.PRESENT


def test_a_quorum_as_a_share_of_voting_members(w):
    from concerto.governance import services

    w.body.quorum_count, w.body.quorum_percent = None, 50
    w.body.save()
    body_meeting = convene(w.body, w.coordinator.user)
    services.attendance_record(
        body_meeting=body_meeting, actor=w.coordinator.user,
        statuses={m: "present" for m in w.body.members.filter(function=MemberFunction.PRESIDENT)},
    )  # fmt: skip
    count = services.quorum(body_meeting)
    assert (count.voting, count.required, count.present, count.reached) == (4, 2, 1, False)


# -- decisions --------------------------------------------------------------------------------------------------------
def test_a_decision_without_quorum_is_refused_and_writes_nothing(client, w):
    body_meeting = convene(w.body, w.coordinator.user)
    client.force_login(w.coordinator.user)
    client.post(
        reverse("governance:attendance", args=[body_meeting.meeting_id]), _sheet(body_meeting, president="present")
    )
    response = client.post(
        reverse("governance:decision_add", args=[body_meeting.meeting_id]),
        {"text": "Lancer le groupe logement.", "project": w.project.pk, "project_status": ProjectStatus.IN_PROGRESS},
    )
    assert response.status_code == 200
    assert fr(
        "Le quorum n'est pas atteint (1 membre votant présent pour 3 requis)"
    ) in response.content.decode().replace(APOS, "'")
    assert not Decision.objects.exists()
    w.project.refresh_from_db()
    assert w.project.status == ProjectStatus.FUTURE


def test_a_decision_with_quorum_sets_the_project_status_and_its_history(client, w):
    body_meeting = convene(w.body, w.coordinator.user)
    client.force_login(w.coordinator.user)
    client.post(
        reverse("governance:attendance", args=[body_meeting.meeting_id]),
        _sheet(body_meeting, president="present", treasurer="present", contact="present"),
    )
    response = client.post(
        reverse("governance:decision_add", args=[body_meeting.meeting_id]),
        {"text": "Lancer le groupe logement.", "project": w.project.pk, "project_status": ProjectStatus.IN_PROGRESS,
         "votes_for": 3, "votes_against": 0, "abstentions": 0},
    )  # fmt: skip
    assert response.status_code == 302
    decision = Decision.objects.get()
    w.project.refresh_from_db()
    assert w.project.status == ProjectStatus.IN_PROGRESS
    change = ProjectStatusChange.objects.get(project=w.project)
    assert (change.from_status, change.to_status, change.decision, change.changed_by) == (
        ProjectStatus.FUTURE, ProjectStatus.IN_PROGRESS, decision, w.coordinator.user
    )  # fmt: skip
    page = client.get(reverse("governance:project_detail", args=[w.project.pk])).content.decode().replace(APOS, "'")
    assert "À venir → En cours" in page and "Lancer le groupe logement." in page
    meeting_page = (
        client.get(reverse("governance:meeting", args=[body_meeting.meeting_id])).content.decode().replace(APOS, "'")
    )
    assert "Lancer le groupe logement." in meeting_page


def test_no_decision_after_sign_off(client, w):
    from concerto.governance import services

    body_meeting = convene(w.body, w.coordinator.user)
    body_meeting.meeting.status = MeetingStatus.SIGNED_OFF
    body_meeting.meeting.save()
    with pytest.raises(services.GovernanceRefused, match="signé"):
        services.decision_adopt(body_meeting=body_meeting, actor=w.coordinator.user, data={"text": "x"})


def test_the_register_filters_and_exports(client, w):
    from concerto.governance import services

    body_meeting = convene(w.body, w.coordinator.user)
    services.attendance_record(
        body_meeting=body_meeting, actor=w.coordinator.user, statuses={m: "present" for m in w.body.members.all()}
    )
    services.decision_adopt(body_meeting=body_meeting, actor=w.coordinator.user, data={"text": "Adopter la charte."})
    services.decision_adopt(
        body_meeting=body_meeting, actor=w.coordinator.user, data={"text": "Financer la SISM.", "project": w.project}
    )
    client.force_login(w.president.user)
    url = reverse("governance:decision_list")
    page = client.get(url, {"q": "charte"}).content.decode().replace(APOS, "'")
    assert "Adopter la charte." in page and "Financer la SISM." not in page
    page = client.get(url, {"project": w.project.pk}).content.decode().replace(APOS, "'")
    assert "Financer la SISM." in page and "Adopter la charte." not in page
    year = timezone.localdate(body_meeting.meeting.starts_at).year
    assert "Adopter la charte." not in client.get(url, {"year": year - 1}).content.decode().replace(APOS, "'")
    export = client.get(reverse("governance:decision_export"), {"body": w.body.pk})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Adopter la charte.",
        "Financer la SISM.",
    ]


# -- projects ---------------------------------------------------------------------------------------------------------
def test_the_coordinator_creates_a_project_with_actions_and_changes_its_status(client, w):
    client.force_login(w.coordinator.user)
    response = client.post(
        reverse("governance:project_create"),
        {"name": "Prévention du suicide", "theme": "Santé publique", "target_population": "Jeunes de 15 à 25 ans",
         "pilot_membership": w.partner.pk, "partners": [w.org.pk], "status": ProjectStatus.FUTURE},
    )  # fmt: skip
    project = w.council.project_groups.get(name="Prévention du suicide")
    assert response["Location"] == reverse("governance:project_detail", args=[project.pk])
    client.post(
        reverse("governance:action_add", args=[project.pk]),
        {
            "text": "Former 20 sentinelles",
            "owner": "CMP",
            "due_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )
    action = project.actions.get()
    client.post(reverse("governance:action_toggle", args=[project.pk, action.pk]))
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    client.post(reverse("governance:project_status", args=[project.pk]), {"status": ProjectStatus.PERMANENT})
    project.refresh_from_db()
    assert project.status == ProjectStatus.PERMANENT
    page = client.get(reverse("governance:project_detail", args=[project.pk])).content.decode().replace(APOS, "'")
    assert "Former 20 sentinelles" in page and "À venir → Permanent" in page and "GEM Les Amis" in page


def test_the_copil_table_as_page_xlsx_and_pdf(client, w):
    make_project(w.council, name="Bibliothèque santé", status=ProjectStatus.PERMANENT)
    client.force_login(w.president.user)
    page = client.get(reverse("governance:project_table")).content.decode().replace(APOS, "'")
    assert "Bibliothèque santé" in page and w.project.name in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("governance:project_table_xlsx")).content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"Bibliothèque santé", w.project.name}
    pdf = client.get(reverse("governance:project_table_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


# -- who sees what ----------------------------------------------------------------------------------------------------
def test_partners_see_only_what_concerns_them(client, w):
    other_body = make_body(w.council, name="Bureau", kind=BodyKind.BUREAU)
    piloted = make_project(w.council, name="Ateliers Mieux-Être", pilot_membership=w.stranger)
    partnered = make_project(w.council, name="SISM")
    partnered.partners.add(w.org)
    client.force_login(w.partner.user)
    bodies = client.get(reverse("governance:body_list")).content.decode().replace(APOS, "'")
    assert w.body.name in bodies and "Bureau" not in bodies
    assert client.get(reverse("governance:body_detail", args=[other_body.pk])).status_code == 404
    projects = client.get(reverse("governance:project_list")).content.decode().replace(APOS, "'")
    assert "SISM" in projects and "Ateliers Mieux-Être" not in projects
    assert client.get(reverse("governance:project_detail", args=[piloted.pk])).status_code == 404
    # The pilot sees the project they pilot; a governance member reads everything.
    client.force_login(w.stranger.user)
    assert client.get(reverse("governance:project_detail", args=[piloted.pk])).status_code == 200
    client.force_login(w.outsider.user)
    assert client.get(reverse("governance:body_detail", args=[other_body.pk])).status_code == 200
    assert client.get(reverse("governance:body_edit", args=[other_body.pk])).status_code == 403


def test_another_council_finds_nothing(client, w, member_factory):
    client.force_login(member_factory(CouncilFactory(), Role.COORDINATOR).user)
    assert client.get(reverse("governance:body_detail", args=[w.body.pk])).status_code == 404
    assert client.get(reverse("governance:project_detail", args=[w.project.pk])).status_code == 404
    assert client.get(reverse("governance:body_edit", args=[w.body.pk])).status_code == 404


def test_the_home_panel_of_a_governance_member(client, w):
    from concerto.governance import services

    held = convene(w.body, w.coordinator.user)
    services.attendance_record(
        body_meeting=held, actor=w.coordinator.user, statuses={m: "present" for m in w.body.members.all()}
    )
    services.decision_adopt(body_meeting=held, actor=w.coordinator.user, data={"text": "Valider la charte éthique."})
    convene(w.body, w.coordinator.user, hours_ago=-24 * 7)
    make_project(w.council, name="Observatoire en santé mentale", pilot_membership=w.president)
    client.force_login(w.president.user)
    page = client.get(reverse("home")).content.decode().replace(APOS, "'")
    assert "Prochaines réunions de mes instances" in page
    assert "Valider la charte éthique." in page and "Observatoire en santé mentale" in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name", ["governance:decision_list", "governance:project_list", "governance:project_table", "governance:body_list"]
)
def test_list_pages_have_bounded_queries(client, w, name):
    from concerto.governance import services

    body_meeting = convene(w.body, w.coordinator.user)
    services.attendance_record(
        body_meeting=body_meeting, actor=w.coordinator.user, statuses={m: "present" for m in w.body.members.all()}
    )

    def grow(n):
        for i in range(n):
            project = make_project(w.council, name=f"Projet {name} {i}", pilot_membership=w.partner)
            project.partners.add(w.org)
            project.actions.create(text="Action", due_on=timezone.localdate())
            services.decision_adopt(
                body_meeting=body_meeting, actor=w.coordinator.user, data={"text": f"Décision {i}", "project": project}
            )
            make_body(w.council, name=f"Groupe {i}", kind=BodyKind.WORKING_GROUP).members.create(
                membership=w.partner, starts_on=timezone.localdate()
            )

    client.force_login(w.coordinator.user)
    grow(1)
    client.get(reverse(name))  # the session's first request loads more (session, membership)
    first = _queries(client, reverse(name))
    grow(5)
    assert _queries(client, reverse(name)) == first
