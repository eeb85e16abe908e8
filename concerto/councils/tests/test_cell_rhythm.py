"""The cell's rhythm as a rule (issue 11): the rule's dates, holidays moved, months without session, the cell form's
settings and their French validation, and the year's sessions previewed then created by the coordinator."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.core.typography import french_spaces as fr
from concerto.councils.forms import CellForm
from concerto.councils.models import Cell, CellMember, Frequency, HolidayRule, Ordinal, Weekday
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.meetings.calendar import year_dates
from concerto.meetings.models import Meeting, MeetingInvitation
from concerto.situations.tests.factories import CellFactory

D = datetime.date


def monthly(**kwargs) -> Cell:
    rule = {
        "frequency": Frequency.MONTHLY, "week_ordinal": Ordinal.SECOND, "weekday": Weekday.TUESDAY, "months_off": "8",
        "holiday_rule": HolidayRule.NEXT_WEEK,
    }  # fmt: skip
    return Cell(name="Cellule", **(rule | kwargs))


def held(dates):
    return [d.day for d in dates if d.day is not None]


def test_second_tuesday_of_2025_moves_armistice_to_the_next_week_and_skips_august():
    dates = year_dates(monthly(), 2025)
    assert held(dates) == [
        D(2025, 1, 14), D(2025, 2, 11), D(2025, 3, 11), D(2025, 4, 8), D(2025, 5, 13), D(2025, 6, 10),
        D(2025, 7, 8), D(2025, 9, 9), D(2025, 10, 14), D(2025, 11, 18), D(2025, 12, 9),
    ]  # fmt: skip
    (moved,) = [d for d in dates if d.moved]
    assert moved.rule_day == D(2025, 11, 11)
    assert moved.reason == "11/11 férié (Armistice) → 18/11"


def test_holiday_rule_previous_week_or_skip():
    assert D(2025, 11, 4) in held(year_dates(monthly(holiday_rule=HolidayRule.PREVIOUS_WEEK), 2025))
    dates = year_dates(monthly(holiday_rule=HolidayRule.SKIP), 2025)
    assert not [d for d in held(dates) if d.month == 11]
    (skipped,) = [d for d in dates if d.day is None]
    assert "11/11 férié (Armistice)" in skipped.reason


def test_a_moved_session_landing_on_another_holiday_moves_again():
    """1st Friday of May 2026 is 1 May; a week later is 8 May, also a holiday."""
    dates = year_dates(monthly(week_ordinal=Ordinal.FIRST, weekday=Weekday.FRIDAY, months_off=""), 2026)
    (may,) = [d for d in dates if d.rule_day.month == 5]
    assert may.day == D(2026, 5, 15)
    assert may.reason == "01/05 férié (Fête du Travail) → 08/05 férié (Fête de la Victoire) → 15/05"


def test_last_weekday_and_every_other_week():
    last = held(year_dates(monthly(week_ordinal=Ordinal.LAST, weekday=Weekday.THURSDAY, months_off=""), 2025))
    assert len(last) == 12 and last[0] == D(2025, 1, 30) and last[-1] == D(2026, 1, 8)  # 25/12, then 1/1
    every_other = held(year_dates(monthly(frequency=Frequency.WEEKLY, week_interval=2, months_off="7,8"), 2025))
    assert every_other[:2] == [D(2025, 1, 7), D(2025, 1, 21)]
    assert not [d for d in every_other if d.month in (7, 8)]
    assert year_dates(Cell(name="Sans rythme"), 2025) == []


def form_data(**overrides):
    data = {
        "name": "Cellule Nord", "venue": "CCAS", "frequency": "monthly", "week_ordinal": "2", "weekday": "1",
        "week_interval": "1", "session_starts": "09:30", "session_ends": "12:00", "months_off": ["8"],
        "holiday_rule": "next_week", "rhythm": "", "max_agenda_items": "8", "agenda_closes_days": "7",
        "review_months": "3,6",
    }  # fmt: skip
    return data | overrides


@pytest.mark.parametrize(
    ("review_months", "error"),
    [
        ("3;6", "séparés par des virgules"),
        ("trois", "séparés par des virgules"),
        ("", "Ce champ est obligatoire."),
        ("0,6", "entre 1 et 36 mois"),
        ("3,48", "entre 1 et 36 mois"),
        ("6,6", "deux fois"),
    ],
)
def test_review_months_are_validated_in_french(review_months, error):
    form = CellForm(form_data(review_months=review_months), instance=Cell(council_id=1))
    assert not form.is_valid()
    assert error in " ".join(form.errors["review_months"])


def test_the_form_normalises_review_and_off_months_and_checks_the_times():
    form = CellForm(form_data(review_months=" 6, 3 ", months_off=["8", "7"]), instance=Cell(council_id=1))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["review_months"] == "3,6" and form.cleaned_data["months_off"] == "7,8"
    form = CellForm(form_data(session_ends="09:00"), instance=Cell(council_id=1))
    assert form.errors["session_ends"] == ["L'heure de fin doit suivre l'heure de début."]
    form = CellForm(form_data(max_agenda_items="0", agenda_closes_days="90"), instance=Cell(council_id=1))
    assert "Une séance examine au moins une situation." in form.errors["max_agenda_items"]
    assert "au plus 60 jours" in form.errors["agenda_closes_days"][0]


@pytest.fixture
def coordinator(client):
    membership = MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR)
    client.force_login(membership.user)
    return membership


@pytest.mark.django_db
def test_the_coordinator_edits_capacity_closing_delay_review_months_and_rhythm(client, coordinator):
    cell = CellFactory(council=coordinator.council)
    url = reverse("councils:cell_edit", args=[cell.pk])
    page = client.get(url).content.decode()
    assert "Mois sans séance" in page and "points d&#x27;étape" in page.lower()
    response = client.post(url, form_data(max_agenda_items="5", agenda_closes_days="10", review_months="2,4,6"))
    assert response.status_code == 302
    cell.refresh_from_db()
    assert (cell.max_agenda_items, cell.agenda_closes_days, cell.review_months) == (5, 10, "2,4,6")
    assert cell.months_off == "8" and cell.frequency == Frequency.MONTHLY
    detail = client.get(reverse("councils:cell_detail", args=[cell.pk])).content.decode()
    assert fr("Mensuelle : 2e mardi du mois, 09h30–12h00, sauf en août") in detail and "M+2, M+4, M+6" in detail
    response = client.post(url, form_data(review_months="3 et 6"))
    assert response.status_code == 200 and "par exemple 3,6" in response.content.decode()
    cell.refresh_from_db()
    assert cell.review_months == "2,4,6"


@pytest.mark.django_db
def test_preview_then_confirm_creates_the_year_once(client, coordinator):
    year = timezone.localdate().year + 1
    cell = CellFactory(council=coordinator.council, venue="Mairie, salle 3")
    for field, value in monthly().__dict__.items():
        if field in ("frequency", "week_ordinal", "weekday", "months_off", "holiday_rule"):
            setattr(cell, field, value)
    cell.save()
    member = MembershipFactory(council=coordinator.council, role=Role.CELL_MEMBER)
    CellMember.objects.create(cell=cell, membership=member)
    expected = held(year_dates(cell, year))
    url = reverse("meetings:cell_calendar", args=[cell.pk])

    page = client.post(url, {"year": year, "action": "preview"}).content.decode()
    assert f"Séances à créer ({len(expected)})" in page
    for moved in [d for d in year_dates(cell, year) if d.moved]:
        assert moved.reason in page  # « 11/11 férié (Armistice) → 18/11 »
    assert not Meeting.objects.filter(cell=cell).exists()  # a preview writes nothing

    response = client.post(url, {"year": year, "action": "confirm"})
    assert response.status_code == 302
    meetings = Meeting.objects.filter(cell=cell).order_by("starts_at")
    assert [timezone.localdate(m.starts_at) for m in meetings] == expected
    first = meetings.first()
    assert timezone.localtime(first.starts_at).time() == datetime.time(9, 30)
    assert timezone.localtime(first.ends_at).time() == datetime.time(12, 0) and first.place == "Mairie, salle 3"
    assert MeetingInvitation.objects.filter(meeting=first, user=member.user).exists()

    page = client.post(url, {"year": year, "action": "preview"}).content.decode()
    assert "Séances à créer (0)" in page and "une séance de la cellule existe déjà" in page
    client.post(url, {"year": year, "action": "confirm"})
    assert Meeting.objects.filter(cell=cell).count() == len(expected)


@pytest.mark.django_db
def test_planning_without_a_rule_says_so_and_a_year_out_of_range_is_refused(client, coordinator):
    cell = CellFactory(council=coordinator.council)
    url = reverse("meetings:cell_calendar", args=[cell.pk])
    assert "pas encore de rythme régulier" in client.get(url).content.decode()
    response = client.post(url, {"year": timezone.localdate().year + 1, "action": "confirm"})
    assert "Définissez d&#x27;abord le rythme" in response.content.decode()
    response = client.post(url, {"year": 1999, "action": "preview"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_partner_cannot_plan_nor_edit_a_cell(client):
    partner = MembershipFactory(council=CouncilFactory(), role=Role.PARTNER)
    cell = CellFactory(council=partner.council, frequency=Frequency.MONTHLY)
    client.force_login(partner.user)
    year = timezone.localdate().year + 1
    for name in ("meetings:cell_calendar", "councils:cell_edit"):
        assert client.post(reverse(name, args=[cell.pk]), {"year": year, "action": "confirm"}).status_code == 403
    assert not Meeting.objects.exists()
