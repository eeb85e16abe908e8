"""Access helpers of the Commission appartement: the ONLY way views load places, applications, identities and
occupancies (architecture invariants 2, 3, 4 and 10).

Who sees what:
- the coordinator: everything of the council;
- a member of the commission (role HOUSING_MEMBER): every place and application of the council; the opinions and
  the health incidents only with a health or social profession (the professions of the situations' policy), and
  the applicant's identity and the opinions only while the applicant's agreement holds (the situations' consent
  rule) — every read of an identity is logged;
- a landlord or structure (a partner whose organisation is the landlord of a place): its own places and their
  occupancy (dates and status only) — never an application, an opinion, an incident or an exit reason;
- anyone else: 403. An object of another council, or another landlord's place: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import CLINICAL_PROFESSIONS, Role
from concerto.core.events import log_access
from concerto.housing.enums import CLINICAL_INCIDENTS
from concerto.housing.models import ApplicantIdentity, Application, Occupancy, OccupancyIncident, Place
from concerto.situations.policy import Info, consent_state

COORDINATOR, MEMBER, LANDLORD = "coordinator", "member", "landlord"


@dataclass(frozen=True)
class HousingAccess:
    """One reader's standing in the council's Commission appartement."""

    council: object
    user: object
    standing: str
    clinical_profession: bool = False
    organisation_id: int | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.standing == COORDINATOR

    @property
    def is_landlord(self) -> bool:
        return self.standing == LANDLORD

    @property
    def sees_applications(self) -> bool:
        return self.standing in (COORDINATOR, MEMBER)

    @property
    def sees_clinical(self) -> bool:
        """Health and social class (opinions, health incidents, clinical exit reasons)."""
        return self.is_coordinator or (self.standing == MEMBER and self.clinical_profession)

    @property
    def can_edit(self) -> bool:
        return self.is_coordinator


def landlord_places(reader) -> QuerySet:
    membership = reader.membership
    if membership is None or membership.role != Role.PARTNER or membership.organisation_id is None:
        return Place.objects.none()
    return Place.objects.filter(council=reader.council, landlord_id=membership.organisation_id)


def shows_housing(reader) -> bool:
    """Whether the reader has a Commission appartement page (the header's entry)."""
    membership = getattr(reader, "membership", None)
    if membership is None:
        return False
    return membership.role in (Role.COORDINATOR, Role.HOUSING_MEMBER) or landlord_places(reader).exists()


def housing_access(reader, *, applications: bool = False, edit: bool = False) -> HousingAccess:
    """The reader's standing, or 403: the commission's pages are for the coordinator, its members and the
    landlords of its places; `applications` and `edit` narrow further."""
    membership = reader.membership
    if membership.role == Role.COORDINATOR:
        access = HousingAccess(reader.council, reader.user, COORDINATOR, True)
    elif membership.role == Role.HOUSING_MEMBER:
        clinical = membership.profession in CLINICAL_PROFESSIONS
        access = HousingAccess(reader.council, reader.user, MEMBER, clinical, membership.organisation_id)
    elif landlord_places(reader).exists():
        access = HousingAccess(reader.council, reader.user, LANDLORD, False, membership.organisation_id)
    else:
        raise PermissionDenied
    if (applications and not access.sees_applications) or (edit and not access.can_edit):
        raise PermissionDenied
    return access


def places_for(access: HousingAccess) -> QuerySet:
    places = Place.objects.filter(council=access.council)
    if access.is_landlord:
        places = places.filter(landlord_id=access.organisation_id)
    return places


def place_for(access: HousingAccess, pk: int) -> Place:
    return get_object_or_404(places_for(access).select_related("commune", "landlord"), pk=pk)


def applications_for(access: HousingAccess) -> QuerySet:
    if not access.sees_applications:
        return Application.objects.none()
    return Application.objects.filter(council=access.council)


def application_for(access: HousingAccess, reference: str) -> Application:
    return get_object_or_404(
        applications_for(access).select_related("orienting_organisation", "curator_organisation", "from_situation"),
        reference=reference,
    )


@dataclass(frozen=True)
class ApplicationView:
    """What one reader may see of one application (the classes of the situations' policy)."""

    application: Application
    classes: frozenset
    consent_blocked: bool

    @property
    def sees_clinical(self) -> bool:
        return Info.HEALTH_SOCIAL in self.classes

    @property
    def sees_identity(self) -> bool:
        return Info.IDENTITY in self.classes


def consent_of(application: Application) -> tuple[bool, object | None]:
    """(blocked, agreement): the application's own consent records, or its situation's when it has none."""
    if not application.consents.exists() and application.from_situation_id:
        return consent_state(application.from_situation)
    return consent_state(application)


def application_view(access: HousingAccess, application: Application) -> ApplicationView:
    blocked, agreement = consent_of(application)
    classes = {Info.STATUS, Info.PARTICIPANTS}
    if access.is_coordinator:
        classes |= {Info.HEALTH_SOCIAL, Info.IDENTITY, Info.COORDINATOR}
    elif agreement is not None and not blocked:
        # As for a situation: nothing nominative nor clinical is shared without the person's agreement.
        classes.add(Info.IDENTITY)
        if access.sees_clinical:
            classes.add(Info.HEALTH_SOCIAL)
    return ApplicationView(application, frozenset(classes), blocked)


def identity_for(reader, view: ApplicationView, *, source: str) -> ApplicantIdentity | None:
    """The only way to read an applicant's identity: checks the view and logs the read (like the situations')."""
    if not view.sees_identity:
        raise Http404
    identity = ApplicantIdentity.objects.filter(application=view.application).first()
    log_access(council=reader.council, user=reader.user, target=view.application, scope="identity", source=source)
    return identity


def occupancies_for(access: HousingAccess, place: Place) -> QuerySet:
    return Occupancy.objects.filter(place=place).select_related("application")


def occupancy_for(access: HousingAccess, pk: int) -> Occupancy:
    """For the coordinator's forms (entry, exit, deposit, incident)."""
    if not access.can_edit:
        raise PermissionDenied
    return get_object_or_404(
        Occupancy.objects.filter(place__council=access.council).select_related("place", "application"), pk=pk
    )


def incidents_for(access: HousingAccess, occupancies) -> QuerySet:
    """Incidents of these occupancies the reader may see: none for a landlord; the health ones only to the health
    and social class."""
    if access.is_landlord:
        return OccupancyIncident.objects.none()
    incidents = OccupancyIncident.objects.filter(occupancy__in=occupancies)
    if not access.sees_clinical:
        incidents = incidents.exclude(kind__in=CLINICAL_INCIDENTS)
    return incidents
