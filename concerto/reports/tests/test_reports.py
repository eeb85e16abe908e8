"""The Bilan page (issue 14): a year of activity with known answers, small-count suppression (primary and the
subtraction case), the page and the XLSX carrying the same numbers, and who may read it."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.registry import registry
from concerto.core.typography import french_spaces as fr
from concerto.directory.enums import OrganisationType
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.reports import report
from concerto.reports.suppression import Suppressed, breakdown, primary
from concerto.situations.enums import AlertStatus, ClosureReason, SituationStatus
from concerto.situations.models import Alert, Situation
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1  # a whole past year: every session of it is over
START, END = date(Y, 1, 1), date(Y, 12, 31)


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


@pytest.fixture
def year():
    """Five alerts of different referrer types (delays 2, 4, 6, 10 days, one not yet qualified), two closures of
    different categories, cell sessions in January, February and twice in September (none in August, one cancelled
    in March), three actions created in the year (one done) and two overdue at its end."""
    council = CouncilFactory()
    cell = CellFactory(council=council)
    orgs = {t: OrganisationFactory(council=council, type=t) for t in ("cmp", "ccas", "social_landlord", "police")}
    outcomes = [
        ("cmp", AlertStatus.ACCEPTED, 2),
        ("ccas", AlertStatus.ACCEPTED, 4),
        ("social_landlord", AlertStatus.REORIENTED, 6),
        ("police", AlertStatus.NOT_ADMISSIBLE, 10),
        (None, AlertStatus.SUBMITTED, None),
    ]
    for index, (kind, status, delay) in enumerate(outcomes):
        received = date(Y, 3, 2 + index)
        AlertFactory(
            council=council, cell=cell, status=status, referrer_organisation=orgs.get(kind),
            received_on=received, decided_at=at(received + timedelta(days=delay)) if delay is not None else None,
        )  # fmt: skip
    AlertFactory(council=council, status=AlertStatus.DRAFT, received_on=date(Y, 3, 1))  # a draft: not received
    AlertFactory(council=council, received_on=date(Y - 1, 12, 31))  # before the period
    make = SituationFactory
    open_before = make(council=council, cell=cell, opened_on=date(Y - 1, 6, 1))
    Situation.objects.filter(pk=open_before.pk).update(created_at=at(open_before.opened_on))
    Alert.objects.filter(council=council, referrer_organisation=orgs["ccas"]).update(situation=open_before)  # attached
    make(council=council, cell=cell, opened_on=date(Y - 1, 2, 1), closed_on=date(Y, 3, 15),
         status=SituationStatus.CLOSED, closure_reason=ClosureReason.CARE)  # fmt: skip
    make(council=council, cell=cell, opened_on=date(Y, 4, 1), closed_on=date(Y, 9, 1),
         status=SituationStatus.CLOSED, closure_reason=ClosureReason.DEATH)  # fmt: skip
    make(council=council, cell=cell, opened_on=date(Y, 5, 1))
    for day, status, body in [
        (date(Y, 1, 10), MeetingStatus.SIGNED_OFF, Body.CELL),
        (date(Y, 2, 14), MeetingStatus.PLANNED, Body.CELL),  # held, record not signed yet
        (date(Y, 3, 14), MeetingStatus.CANCELLED, Body.CELL),
        (date(Y, 9, 5), MeetingStatus.SIGNED_OFF, Body.CELL),
        (date(Y, 9, 26), MeetingStatus.SIGNED_OFF, Body.CELL),  # the session moved from August
        (date(Y, 1, 20), MeetingStatus.SIGNED_OFF, Body.COPIL),  # not a cell session
    ]:
        Meeting.objects.create(council=council, cell=cell, body=body, status=status, starts_at=at(day, 14),
                               ends_at=at(day, 16))  # fmt: skip
    org = orgs["cmp"]
    for created, status, due in [
        (date(Y, 2, 1), ActionStatus.DONE, date(Y, 3, 1)),
        (date(Y, 4, 1), ActionStatus.TODO, date(Y, 6, 1)),  # overdue at the end of the year
        (date(Y, 5, 1), ActionStatus.DROPPED, date(Y, 6, 1)),
        (date(Y - 1, 11, 1), ActionStatus.IN_PROGRESS, date(Y - 1, 12, 1)),  # older, overdue too
    ]:
        action = Action.objects.create(council=council, situation=open_before, text="Visite", owner_organisation=org,
                                       due_on=due, status=status)  # fmt: skip
        Action.objects.filter(pk=action.pk).update(created_at=at(created))
    return council


def number(value):
    """A figure as the page writes it ("5,0", "< 5", "—") or as the workbook holds it (5.0, "< 5"), compared."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


def figures(result: report.Report) -> dict:
    out = {}
    for r in result.results:
        out[r.indicator.code] = r.rows[0].value if r.single else {row.label: row.value for row in r.rows}
    return out


def test_every_indicator_of_a_known_year(year):
    values = figures(report.build(year, START, END, exact=True))
    labels = dict(OrganisationType.choices)
    assert values["alerts_received"] == 5
    assert values["alerts_by_referrer_type"] == {
        labels["cmp"]: 1, labels["ccas"]: 1, labels["social_landlord"]: 1, labels["police"]: 1,
        "Structure hors annuaire": 1,
    }  # fmt: skip
    assert values["alerts_by_outcome"] == {
        "À qualifier": 1, "Acceptée, nouvelle situation": 1, "Acceptée, rattachée à une situation déjà ouverte": 1,
        "Réorientée": 1, "Non recevable": 1,
    }  # fmt: skip
    assert values["qualification_delay"] == {"Médiane": 5.0, "Maximum": 10}
    assert values["situations_active"] == {"Au début de la période": 2, "À la fin de la période": 2}
    assert values["situations_new"] == 2
    assert values["situations_closed"] == {
        dict(ClosureReason.choices)["care"]: 1,
        dict(ClosureReason.choices)["death"]: 1,
    }
    sessions = values["sessions_per_month"]
    assert len(sessions) == 12
    assert sessions[f"janvier {Y}"] == 1 and sessions[f"février {Y}"] == 1 and sessions[f"mars {Y}"] == 0
    assert sessions[f"août {Y}"] == 0 and sessions[f"septembre {Y}"] == 2 and sum(sessions.values()) == 4
    assert values["actions"] == {
        "Créées pendant la période": 3,
        "Dont faites": 1,
        "En retard à la fin de la période": 2,
    }


def test_a_quarter_and_a_cell(year, client, member_factory):
    other_cell = CellFactory(council=year)
    client.force_login(member_factory(year, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan"), {"annee": Y, "trimestre": "1"})
    result = page.context["report"]
    assert (result.start, result.end) == (date(Y, 1, 1), date(Y, 3, 31))
    assert figures(result)["situations_closed"] == {dict(ClosureReason.choices)["care"]: 1}
    empty = client.get(reverse("reports:bilan"), {"annee": Y, "cellule": other_cell.pk}).context["report"]
    assert figures(empty)["alerts_received"] == 0


def test_a_custom_period_ending_before_it_starts_is_refused_in_french(year, client, member_factory):
    client.force_login(member_factory(year, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan"), {"debut": f"{Y}-06-01", "fin": f"{Y}-05-01"})
    assert page.status_code == 200
    assert "Le dernier jour doit être postérieur ou égal au premier jour." in page.content.decode()
    custom = client.get(reverse("reports:bilan"), {"debut": f"{Y}-03-01", "fin": f"{Y}-03-31"}).context["report"]
    assert figures(custom)["alerts_received"] == 5


def test_primary_suppression():
    assert str(primary(3, 5)) == "< 5"
    assert primary(0, 5) == 0 and primary(5, 5) == 5 and primary(12, 5) == 12


def test_secondary_suppression_protects_a_single_hidden_cell_from_subtraction():
    shown, total = breakdown([12, 3, 7, 0], 5)
    assert shown == [12, Suppressed(5), Suppressed(5), 0]  # 7, the next smallest, is hidden too
    assert total == 22
    shown, total = breakdown([2, 0], 5)  # the only positive cell would equal the total
    assert shown == [Suppressed(5), 0] and total == Suppressed(5)
    shown, total = breakdown([2, 3, 9], 5)  # two cells hidden already: nothing more
    assert shown == [Suppressed(5), Suppressed(5), 9] and total == 14


def test_figures_outside_the_cell_are_suppressed(year, client, member_factory):
    client.force_login(member_factory(year, Role.OBSERVER).user)
    page = client.get(reverse("reports:bilan"), {"annee": Y})
    values = figures(page.context["report"])
    assert values["alerts_received"] == 5  # not below k
    assert all(isinstance(v, Suppressed) for v in values["alerts_by_referrer_type"].values())
    assert values["qualification_delay"] == {"Médiane": 5.0, "Maximum": 10}  # days, not people
    assert fr("affichés « &lt; 5 »") in page.content.decode()


def test_the_page_and_the_xlsx_carry_the_same_numbers(year, client, member_factory):
    for role, profession in [(Role.COORDINATOR, None), (Role.GOVERNANCE_MEMBER, None)]:
        client.force_login(member_factory(year, role, profession).user)
        page = client.get(reverse("reports:bilan"), {"annee": Y})
        html = page.content.decode()
        shown = []
        for r in page.context["report"].results:
            for row in r.rows:
                shown.append((r.indicator.label, row.label, row.shown))
                assert f'data-indicateur="{r.indicator.code}">{row.shown.replace("<", "&lt;")}</td>' in html
            if r.total is not None:
                shown.append((r.indicator.label, "Total", r.total_shown))
        export = client.get(reverse("reports:export"), {"annee": Y})
        assert export.status_code == 200
        sheet = load_workbook(io.BytesIO(export.content)).active
        exported = [
            (label, detail or "", value) for label, detail, value, _ in sheet.iter_rows(min_row=2, values_only=True)
        ]
        assert [(a, b, number(c)) for a, b, c in exported] == [(a, b, number(c)) for a, b, c in shown]
        event = Event.objects.filter(verb="report_exported").latest("id")
        assert event.data["start"] == START.isoformat() and event.data["exact"] is (role == Role.COORDINATOR)


@pytest.mark.parametrize(
    ("role", "profession", "status"),
    [
        (Role.COORDINATOR, None, 200),
        (Role.DPO, None, 200),
        (Role.GOVERNANCE_MEMBER, None, 200),
        (Role.OBSERVER, None, 200),
        (Role.PARTNER, Profession.ELECTED, 200),
        (Role.PARTNER, Profession.HEALTH, 403),
        (Role.PARTNER, Profession.LANDLORD, 403),
        (Role.CELL_MEMBER, None, 403),
        (Role.HOUSING_MEMBER, None, 403),
    ],
)
def test_who_reads_the_bilan(role, profession, status, client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, role, profession).user)
    assert client.get(reverse("reports:bilan")).status_code == status
    assert client.get(reverse("reports:export")).status_code == status
    menu = 'href="/bilans/"' in client.get(reverse("home")).content.decode()
    assert menu is (status == 200)


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(reverse("reports:bilan")).status_code == 302


def test_the_query_count_does_not_grow_with_the_caseload(year, client, member_factory, django_assert_max_num_queries):
    client.force_login(member_factory(year, Role.COORDINATOR).user)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("reports:bilan"), {"annee": Y})
    for _ in range(5):
        SituationFactory(council=year, opened_on=date(Y, 6, 1))
        AlertFactory(council=year, received_on=date(Y, 6, 2))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("reports:bilan"), {"annee": Y})


def test_every_indicator_is_defined_in_french():
    codes = [i.code for i in registry.indicators]
    assert len(codes) == len(set(codes)) >= 9
    assert all(i.label and i.definition.endswith(".") for i in registry.indicators)
