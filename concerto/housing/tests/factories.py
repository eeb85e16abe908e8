"""Test helpers of the housing app: places with a convention, applications with identity, consent and opinions,
and the matrix world's housing (a place of the world's landlord with a current occupancy)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from concerto.housing import services
from concerto.housing.enums import ApplicationStatus, Contract, IncidentKind, NationalPlaceKind, Typology
from concerto.housing.models import (
    ApplicantIdentity,
    Application,
    ApplicationConsent,
    Convention,
    Deposit,
    Occupancy,
    OccupancyIncident,
    Place,
)
from concerto.situations.enums import ConsentKind

PSY_SENTINEL = "SENTINELLE-AVIS-PSYCHIATRIQUE-7f3a"
SOCIAL_SENTINEL = "SENTINELLE-AVIS-SOCIAL-2b9c"
HOSPITAL_SENTINEL = "SENTINELLE-HOSPITALISATION-91de"
NAME_SENTINEL = "SENTINELLE-NOM-5e1f"


def make_place(
    council,
    landlord,
    *,
    starts_on: date | None = None,
    ends_on=None,
    renewal_on=None,
    capacity=1,
    label="Appartement 1",
    **kwargs,
) -> Place:
    """A place with one convention (from `starts_on`, a year ago by default)."""
    today = timezone.localdate()
    place = Place.objects.create(
        council=council,
        landlord=landlord,
        kind=kwargs.pop("kind", NationalPlaceKind.FLAT_SUBLET),
        label=label,
        typology=kwargs.pop("typology", Typology.T2),
        capacity=capacity,
        status_since=kwargs.pop("status_since", today),
        address=kwargs.pop("address", "12 rue des Lilas"),
        rent=Decimal("350"),
        charges=Decimal("50"),
        **kwargs,
    )
    Convention.objects.create(
        place=place,
        signed_on=starts_on or today - timedelta(days=365),
        starts_on=starts_on or today - timedelta(days=365),
        ends_on=ends_on,
        renewal_on=renewal_on,
    )
    return place


def make_application(
    council, organisation, *, status=ApplicationStatus.COMPLETE, completed_on=None, consent=True, **kwargs
) -> Application:
    today = timezone.localdate()
    application = Application.objects.create(
        council=council,
        reference=services.next_reference(council),
        status=status,
        orienting_organisation=organisation,
        received_on=kwargs.pop("received_on", completed_on or today - timedelta(days=60)),
        completed_on=completed_on or today - timedelta(days=30),
        psychiatric_opinion=kwargs.pop("psychiatric_opinion", PSY_SENTINEL),
        social_opinion=kwargs.pop("social_opinion", SOCIAL_SENTINEL),
        psychiatrist_name="Dr Psy",
        **kwargs,
    )
    ApplicantIdentity.objects.create(application=application, last_name=NAME_SENTINEL, first_name="Camille")
    if consent:
        ApplicationConsent.objects.create(
            application=application, kind=ConsentKind.AGREEMENT, occurred_on=today, by_whom="CMP", means="Entretien"
        )
    return application


def make_occupancy(place, application, entry_on: date, exit_on=None, exit_reason="", **kwargs) -> Occupancy:
    occupancy = Occupancy.objects.create(
        place=place,
        application=application,
        entry_on=entry_on,
        exit_on=exit_on,
        exit_reason=exit_reason,
        contract=kwargs.pop("contract", Contract.SUBLET),
        **kwargs,
    )
    services.place_refresh_status(place)
    return occupancy


def housing_world(w):
    """The matrix world's housing, built once: a place of the world's landlord (« Bailleur ») with a current
    occupancy, a deposit, a hospitalisation incident and an application carrying the sentinels."""
    if getattr(w, "housing", None) is not None:
        return w.housing
    from types import SimpleNamespace

    today = timezone.localdate()
    landlord = w.participant_members["participant_bailleur"].organisation
    place = make_place(w.council, landlord, label="Résidence du Parc, app. 3")
    application = make_application(w.council, w.org, status=ApplicationStatus.WAITLISTED)
    occupancy = make_occupancy(place, application, today - timedelta(days=100))
    deposit = Deposit.objects.create(occupancy=occupancy, amount=Decimal("400"), paid_on=today - timedelta(days=99))
    OccupancyIncident.objects.create(
        occupancy=occupancy,
        kind=IncidentKind.HOSPITALISATION,
        occurred_on=today - timedelta(days=10),
        note=HOSPITAL_SENTINEL,
    )
    waiting = make_application(w.council, w.org, status=ApplicationStatus.SCHEDULED)
    w.housing = SimpleNamespace(
        place=place, application=application, occupancy=occupancy, deposit=deposit, waiting=waiting
    )
    return w.housing


def commission_world(w):
    """The matrix world's Commission appartement session (planned, started three hours ago): an application and the
    review of the world's occupancy on its agenda, the members of the commission invited."""
    if getattr(w, "commission", None) is not None:
        return w.commission
    from types import SimpleNamespace

    from concerto.meetings.enums import Body, SubjectKind
    from concerto.meetings.models import AgendaItem, Meeting

    housing = housing_world(w)
    start = timezone.now() - timedelta(hours=3)
    meeting = Meeting.objects.create(
        council=w.council, body=Body.HOUSING, starts_at=start, ends_at=start + timedelta(hours=2), place="Mairie"
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        subject_kind=SubjectKind.APPLICATION,
        application=housing.waiting,
        topic=f"Demande de logement {housing.waiting.reference}",
    )
    review = AgendaItem.objects.create(
        meeting=meeting,
        subject_kind=SubjectKind.OCCUPANCY_REVIEW,
        occupancy=housing.occupancy,
        topic="Bilan",
        position=1,
    )
    w.commission = SimpleNamespace(meeting=meeting, item=item, review=review)
    return w.commission
