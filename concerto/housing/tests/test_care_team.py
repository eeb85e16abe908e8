"""A care team submits its own housing application and follows it (issue 12), over HTTP: who may submit, who sees
« Mes demandes » and an application's follow-up page; the social professional may not write the psychiatric
opinion; the coordinators are told by e-mail (reference only); the care team never sees the identity, the opinions,
the applicant's words, the commitment nor another item of the commission (sentinel strings)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.events import Event
from concerto.core.models import AccessLog
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus, CommissionOutcome
from concerto.housing.models import ApplicantIdentity, Application, ApplicationConsent, CommissionDecision
from concerto.housing.tests.factories import NAME_SENTINEL, PSY_SENTINEL, SOCIAL_SENTINEL, make_application
from concerto.meetings.enums import Body, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db
WORDS_SENTINEL = "SENTINELLE-PROPOS-4c2d"
COMMITMENT_SENTINEL = "SENTINELLE-ENGAGEMENT-8e1a"
REASON = "Dossier de ressources à compléter"
OTHER_REF_SENTINEL = "autre-structure"


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    cmp = OrganisationFactory(council=council, name="CMP Lille-Est")
    samsah = OrganisationFactory(council=council, name="SAMSAH Métropole")
    landlord = OrganisationFactory(council=council, name="Bailleur")
    other_council = CouncilFactory()
    world = SimpleNamespace(
        council=council,
        cmp=cmp,
        samsah=samsah,
        coordinator=member_factory(council, Role.COORDINATOR),
        health=member_factory(council, Role.PARTNER, Profession.HEALTH, organisation=cmp),
        social=member_factory(council, Role.PARTNER, Profession.SOCIAL, organisation=cmp),
        other_health=member_factory(council, Role.PARTNER, Profession.HEALTH, organisation=samsah),
        landlord=member_factory(council, Role.PARTNER, Profession.LANDLORD, organisation=landlord),
        police=member_factory(
            council, Role.PARTNER, Profession.POLICE, organisation=OrganisationFactory(council=council)
        ),
        observer=member_factory(council, Role.OBSERVER, Profession.HEALTH, organisation=cmp),
        housing_member=member_factory(council, Role.HOUSING_MEMBER, Profession.HEALTH, organisation=cmp),
        other_council=member_factory(
            other_council, Role.PARTNER, Profession.HEALTH, organisation=OrganisationFactory(council=other_council)
        ),
    )
    world.application = make_application(council, cmp, status=ApplicationStatus.POSTPONED, status_reason=REASON)
    world.other = make_application(council, samsah, status=ApplicationStatus.COMPLETE)
    start = timezone.now() - timedelta(days=30)
    signed = Meeting.objects.create(
        council=council, body=Body.HOUSING, starts_at=start, ends_at=start + timedelta(hours=2),
        status=MeetingStatus.SIGNED_OFF,
    )  # fmt: skip
    item = AgendaItem.objects.create(
        meeting=signed, subject_kind=SubjectKind.APPLICATION, application=world.application, topic="Demande"
    )
    other_item = AgendaItem.objects.create(
        meeting=signed, subject_kind=SubjectKind.APPLICATION, application=world.other, topic="Demande"
    )
    CommissionDecision.objects.create(
        item=item, application=world.application, outcome=CommissionOutcome.POSTPONED, reason=REASON,
        words=WORDS_SENTINEL, commitment=COMMITMENT_SENTINEL, attended=True,
    )  # fmt: skip
    CommissionDecision.objects.create(
        item=other_item, application=world.other, outcome=CommissionOutcome.REFUSED, reason=OTHER_REF_SENTINEL
    )
    upcoming = timezone.now() + timedelta(days=20)
    world.planned = Meeting.objects.create(
        council=council, body=Body.HOUSING, starts_at=upcoming, ends_at=upcoming + timedelta(hours=2)
    )
    AgendaItem.objects.create(
        meeting=world.planned, subject_kind=SubjectKind.APPLICATION, application=world.application, topic="Demande"
    )
    return world


def _as(client, membership):
    client.force_login(membership.user)
    return client


def _status(client, membership, url, method="get"):
    return getattr(_as(client, membership), method)(url).status_code


ACTORS = ("health", "social", "other_health", "landlord", "police", "observer", "housing_member", "coordinator",
          "other_council")  # fmt: skip


def test_access_matrix(client, w):
    detail = reverse("housing:care_team_detail", args=[w.application.reference])
    expected = {
        # (list, submission form, detail of the CMP's application)
        "health": (200, 200, 200),
        "social": (200, 200, 200),
        "other_health": (200, 200, 404),
        "landlord": (403, 403, 403),
        "police": (403, 403, 403),
        "observer": (403, 403, 403),
        "housing_member": (403, 403, 403),
        "coordinator": (403, 403, 403),
        "other_council": (200, 200, 404),
    }
    actual = {
        actor: tuple(
            _status(client, getattr(w, actor), url)
            for url in (reverse("housing:care_team_list"), reverse("housing:care_team_submit"), detail)
        )
        for actor in ACTORS
    }
    assert actual == expected


def test_only_care_teams_post(client, w):
    url = reverse("housing:care_team_submit")
    for actor in ("landlord", "police", "observer", "coordinator", "housing_member"):
        assert _status(client, getattr(w, actor), url, "post") == 403, actor
    assert Application.objects.count() == 2


def _post(**overrides):
    today = timezone.localdate()
    data = {
        "last_name": "Durand-Sentinelle",
        "first_name": "Alex",
        "birth_date": "1980-04-02",
        "psychiatrist_name": "Dr Martin",
        "wished_typology": "t1",
        "accessibility": "Rez-de-chaussée",
        "social_opinion": "Avis social du CMP",
        "psychiatric_opinion": "Avis psychiatrique du CMP",
        "consent_kind": "agreement",
        "consent_on": f"{today:%Y-%m-%d}",
        "consent_means": "Entretien infirmier",
    }
    data.update(overrides)
    return data


def test_health_partner_submits_and_coordinator_is_told(client, w, django_capture_on_commit_callbacks):
    _as(client, w.health)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("housing:care_team_submit"), _post(wished_communes=[w.council.communes.first().pk])
        )
    application = Application.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == reverse("housing:care_team_detail", args=[application.reference])
    assert application.status == ApplicationStatus.RECEIVED
    assert application.orienting_organisation == w.cmp
    assert application.created_by == w.health.user
    assert application.received_on == timezone.localdate()
    assert application.psychiatric_opinion == "Avis psychiatrique du CMP"
    assert application.wished_communes.count() == 1
    assert ApplicantIdentity.objects.get(application=application).last_name == "Durand-Sentinelle"
    consent = ApplicationConsent.objects.get(application=application)
    assert (consent.kind, consent.by_whom, consent.recorded_by) == ("agreement", "CMP Lille-Est", w.health.user)
    assert Event.objects.filter(verb="housing_application_submitted", target_id=application.pk).exists()
    # The coordinator is told: the reference and the link, never the name.
    [message] = [m for m in mail.outbox if application.reference in m.subject]
    assert message.to == [w.coordinator.user.email]
    assert application.reference in message.body and "Durand" not in message.body + message.subject
    # The follow-up page: no identity, no opinion.
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page and "Reçue" in page
    assert "Durand" not in page and "Avis psychiatrique du CMP" not in page
    assert not AccessLog.objects.filter(user=w.health.user).exists()
    # The coordinator sees it in the list.
    listing = _as(client, w.coordinator).get(reverse("housing:application_list")).content.decode()
    assert application.reference in listing


def test_social_partner_has_no_psychiatric_opinion(client, w):
    _as(client, w.social)
    form = client.get(reverse("housing:care_team_submit")).content.decode()
    assert "Avis social" in form and "Avis psychiatrique" not in form
    client.post(reverse("housing:care_team_submit"), _post())
    application = Application.objects.latest("id")
    assert application.orienting_organisation == w.cmp
    assert application.social_opinion == "Avis social du CMP"
    assert application.psychiatric_opinion == ""


def test_social_partner_psychiatric_opinion_refused_by_the_service(w):
    from concerto.core.errors import DomainError
    from concerto.housing.care_team import CareTeamAccess, application_submit

    access = CareTeamAccess(w.council, w.social.user, w.cmp, Profession.SOCIAL)
    before = Application.objects.count()
    with pytest.raises(DomainError, match="professionnel·le de santé"):
        application_submit(
            access=access,
            data={"psychiatric_opinion": "non"},
            identity={"last_name": "X"},
            consent={"kind": "agreement", "occurred_on": timezone.localdate()},
        )
    assert Application.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"last_name": ""}, "Ce champ est obligatoire"),
        ({"consent_kind": ""}, "Ce champ est obligatoire"),
        ({"consent_kind": "withdrawal"}, "Sélectionnez un choix valide"),
        ({"consent_on": f"{timezone.localdate() + timedelta(days=2):%Y-%m-%d}"}, "ne peut pas être dans le futur"),
    ],
)
def test_bad_submission_writes_nothing(client, w, overrides, error):
    before = (Application.objects.count(), ApplicantIdentity.objects.count(), ApplicationConsent.objects.count())
    response = _as(client, w.health).post(reverse("housing:care_team_submit"), _post(**overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert (
        Application.objects.count(),
        ApplicantIdentity.objects.count(),
        ApplicationConsent.objects.count(),
    ) == before


def test_my_applications_list(client, w):
    page = _as(client, w.social).get(reverse("housing:care_team_list")).content.decode()
    assert w.application.reference in page and w.other.reference not in page
    assert "Ajournée" in page
    assert f"{timezone.localtime(w.planned.starts_at):%d/%m/%Y}" in page
    for sentinel in (NAME_SENTINEL, PSY_SENTINEL, SOCIAL_SENTINEL, WORDS_SENTINEL, COMMITMENT_SENTINEL):
        assert sentinel not in page
    other = _as(client, w.other_health).get(reverse("housing:care_team_list")).content.decode()
    assert w.other.reference in other and w.application.reference not in other


def test_follow_up_page_shows_the_decision_and_nothing_else(client, w):
    page = _as(client, w.health).get(reverse("housing:care_team_detail", args=[w.application.reference]))
    html = page.content.decode()
    assert "Ajourn" in html and REASON in html
    assert "inscrite à la séance du" in html
    for sentinel in (NAME_SENTINEL, PSY_SENTINEL, SOCIAL_SENTINEL, WORDS_SENTINEL, COMMITMENT_SENTINEL,
                     OTHER_REF_SENTINEL, w.other.reference):  # fmt: skip
        assert sentinel not in html, sentinel
    assert not AccessLog.objects.exists()


def test_follow_up_of_an_admission(client, w):
    from concerto.housing.tests.factories import make_place

    place = make_place(w.council, w.landlord.organisation, label="Résidence des Tilleuls, app. 4")
    application = make_application(w.council, w.cmp, status=ApplicationStatus.ADMITTED)
    start = timezone.now() - timedelta(days=3)
    meeting = Meeting.objects.create(council=w.council, body=Body.HOUSING, starts_at=start,
                                     ends_at=start + timedelta(hours=2))  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, subject_kind=SubjectKind.APPLICATION, application=application)
    CommissionDecision.objects.create(item=item, application=application, outcome=CommissionOutcome.ADMITTED,
                                      place=place, entry_on=timezone.localdate())  # fmt: skip
    html = _as(client, w.health).get(reverse("housing:care_team_detail", args=[application.reference])).content.decode()
    assert "Admis" in html and place.label in html and f"{timezone.localdate():%d/%m/%Y}" in html


def test_menu_entry(client, w):
    home = _as(client, w.health).get(reverse("home")).content.decode()
    assert reverse("housing:care_team_list") in home
    home = _as(client, w.landlord).get(reverse("home")).content.decode()
    assert reverse("housing:care_team_list") not in home


def test_words_of_the_care_team_pages(client, w):
    """The checks of `concerto/tests/test_titles.py` (which reads the coordinator's pages only) on these pages."""
    import re

    from concerto.tests.test_titles import ENGLISH, PLAIN_SPACE, TITLE, _visible

    _as(client, w.health)
    urls = [reverse("housing:care_team_list"), reverse("housing:care_team_submit"),
            reverse("housing:care_team_detail", args=[w.application.reference])]  # fmt: skip
    titles = set()
    for url in urls:
        page = client.get(url).content.decode()
        title = TITLE.search(page).group(1).strip()
        assert title.endswith("— Concerto"), title
        titles.add(title)
        text = _visible(page)
        assert not PLAIN_SPACE.search(text), (url, PLAIN_SPACE.search(text))
        assert not ENGLISH.search(text), url
        assert not re.search(r"\w\((e|es)\)|\w\.(e|es)\b", text), url
    assert len(titles) == len(urls)
