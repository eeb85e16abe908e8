"""Use cases of the Commission appartement: the only writers. Each is atomic, checks its rules before writing
(a refused call writes nothing: `DomainError` with a French message) and records an event (labels in
declarations.py). The place's status follows its occupancies and unavailabilities (`place_refresh_status`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.housing.enums import (
    APPLICATION_TRANSITIONS,
    CLOSING,
    REASON_REQUIRED,
    ApplicationStatus,
    Contract,
    ExitReason,
    NationalPlaceKind,
    PlaceStatus,
)
from concerto.housing.models import (
    ApplicantIdentity,
    Application,
    ApplicationConsent,
    Convention,
    Deposit,
    Occupancy,
    OccupancyIncident,
    Place,
    PlaceKind,
    Unavailability,
)
from concerto.situations.models import Counter
from concerto.situations.rules import check_past_day, check_same_council

PLACE_FIELDS = ["kind", "label", "address", "commune", "landlord", "typology", "capacity", "rent", "charges", "notes"]
APPLICATION_FIELDS = [
    "from_situation",
    "orienting_organisation",
    "psychiatrist_name",
    "social_opinion",
    "psychiatric_opinion",
    "wished_typology",
    "accessibility",
    "curator_organisation",
    "received_on",
]
IDENTITY_FIELDS = ["last_name", "first_name", "birth_date", "phone"]


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_kind_label(council, label: str, *, exclude: PlaceKind | None = None) -> str:
    """The label's slug, refused when empty or when a national kind or another kind of the council already has this
    code or this label (a renamed kind keeps its code: the places refer to it)."""
    code = slugify(label)[:32]
    if not code:
        raise DomainError("Indiquez le libellé du type de place.")
    others = PlaceKind.objects.filter(council=council).exclude(pk=exclude.pk if exclude else None)
    taken = {*NationalPlaceKind.values, *(slugify(x)[:32] for x in NationalPlaceKind.labels)}
    taken |= {c for kind in others for c in (kind.code, slugify(kind.label)[:32])}
    if code in taken:
        raise DomainError(f"Le type de place « {label} » existe déjà.")
    return code


@transaction.atomic
def place_kind_add(*, council, actor, label: str) -> PlaceKind:
    """A kind of place of this council, next to the national ones; its code is derived from the label."""
    label = label.strip()
    code = _check_kind_label(council, label)
    kind = PlaceKind.objects.create(council=council, code=code, label=label)
    record_event(council=council, actor=actor, verb="housing_place_kind_added", label=label)
    return kind


@transaction.atomic
def place_kind_update(*, kind: PlaceKind, actor, label: str) -> PlaceKind:
    """A new label for one of the council's kinds; its code stays (the places refer to it)."""
    kind = PlaceKind.objects.select_for_update().get(pk=kind.pk)
    label = label.strip()
    _check_kind_label(kind.council, label, exclude=kind)
    former, kind.label = kind.label, label
    kind.save(update_fields=["label"])
    record_event(council=kind.council, actor=actor, verb="housing_place_kind_updated", former=former, label=label)
    return kind


@transaction.atomic
def place_kind_delete(*, kind: PlaceKind, actor) -> None:
    """A kind no place uses; one in use is refused (its places would lose their kind)."""
    kind = PlaceKind.objects.select_for_update().get(pk=kind.pk)
    used = Place.objects.filter(council=kind.council, kind=kind.code).count()
    if used:
        places = "1 place" if used == 1 else f"{used} places"
        raise DomainError(
            f"Le type de place « {kind.label} » est utilisé par {places} : "
            "changez d'abord leur type, puis supprimez-le."
        )
    record_event(council=kind.council, actor=actor, verb="housing_place_kind_deleted", label=kind.label)
    kind.delete()


# --- places and conventions ------------------------------------------------------------------------------------


def _check_place(council, data: dict) -> None:
    check_same_council(council, data.get("landlord"))
    commune = data.get("commune")
    if commune is not None and not council.communes.filter(pk=commune.pk).exists():
        raise DomainError("Cette commune n'est pas sur le territoire du conseil.")
    if data.get("capacity") is not None and data["capacity"] < 1:
        raise DomainError("La capacité d'une place est d'au moins une personne.")


@transaction.atomic
def place_create(*, council, actor, data: dict) -> Place:
    _check_place(council, data)
    place = Place(council=council, status=PlaceStatus.VACANT, status_since=timezone.localdate())
    for name in PLACE_FIELDS:
        if name in data:
            setattr(place, name, data[name])
    place.save()
    record_event(council=council, actor=actor, verb="housing_place_created", target=place)
    return place


@transaction.atomic
def place_update(*, place: Place, actor, data: dict) -> Place:
    place = Place.objects.select_for_update().get(pk=place.pk)
    _check_place(place.council, data)
    current = place.occupancies.filter(exit_on__isnull=True).count()
    if data.get("capacity") is not None and data["capacity"] < current:
        raise DomainError(f"La place a {current} occupant·es : sa capacité ne peut pas être inférieure.")
    for name in PLACE_FIELDS:
        if name in data:
            setattr(place, name, data[name])
    place.save()
    record_event(council=place.council, actor=actor, verb="housing_place_updated", target=place)
    return place


@transaction.atomic
def convention_add(*, place: Place, actor, data: dict) -> Convention:
    starts_on, ends_on, renewal_on = data["starts_on"], data.get("ends_on"), data.get("renewal_on")
    check_past_day(data.get("signed_on"), "la date de signature")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("La fin de la convention ne peut pas précéder son début.")
    if renewal_on is not None and renewal_on < starts_on:
        raise DomainError("Le renouvellement ne peut pas précéder le début de la convention.")
    overlapping = place.conventions.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise DomainError("Une convention de cette place couvre déjà une partie de ces dates.")
    convention = Convention.objects.create(
        place=place, **{k: data.get(k) for k in ("signed_on", "starts_on", "ends_on", "renewal_on")}
    )
    record_event(council=place.council, actor=actor, verb="housing_convention_added", target=place)
    return convention


@transaction.atomic
def unavailability_add(*, place: Place, actor, data: dict) -> Unavailability:
    place = Place.objects.select_for_update().get(pk=place.pk)
    starts_on, ends_on = data["starts_on"], data.get("ends_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("La fin de l'indisponibilité ne peut pas précéder son début.")
    busy = place.occupancies.filter(Q(exit_on__isnull=True) | Q(exit_on__gt=starts_on))
    if ends_on is not None:
        busy = busy.filter(entry_on__lte=ends_on)
    if busy.exists():
        raise DomainError("La place est occupée pendant ces dates : enregistrez d'abord la sortie.")
    period = Unavailability.objects.create(
        place=place, starts_on=starts_on, ends_on=ends_on, reason=data.get("reason", "")
    )
    place_refresh_status(place)
    record_event(council=place.council, actor=actor, verb="housing_place_unavailable", target=place)
    return period


def place_refresh_status(place: Place, today: date | None = None) -> None:
    """Occupied while someone lives there, unavailable during works, vacant otherwise; `status_since` moves only
    when the status changes."""
    today = today or timezone.localdate()
    if place.occupancies.filter(entry_on__lte=today).filter(Q(exit_on__isnull=True) | Q(exit_on__gt=today)).exists():
        status = PlaceStatus.OCCUPIED
    elif (
        place.unavailabilities.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exists()
    ):
        status = PlaceStatus.UNAVAILABLE
    else:
        status = PlaceStatus.VACANT
    if status != place.status:
        place.status, place.status_since = status, today
        place.save(update_fields=["status", "status_since", "updated_at"])


# --- applications ----------------------------------------------------------------------------------------------


@transaction.atomic  # the counter's row lock needs a transaction, also when a factory calls this directly
def next_reference(council) -> str:
    year = timezone.localdate().year
    counter, _ = Counter.objects.select_for_update().get_or_create(council=council, kind="housing", year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"{council.code}-L{year}-{counter.value:04d}"


@transaction.atomic
def application_create(*, council, actor, data: dict, identity: dict) -> Application:
    check_past_day(data.get("received_on"), "la date de réception")
    situation = data.get("from_situation")
    check_same_council(council, data.get("orienting_organisation"), data.get("curator_organisation"), situation)
    if not (identity.get("last_name") or "").strip():
        raise DomainError("Indiquez le nom de la personne.")
    communes = list(data.pop("wished_communes", []))
    application = Application(council=council, reference=next_reference(council), created_by=actor)
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.save()
    application.wished_communes.set(communes)
    ApplicantIdentity.objects.create(
        application=application,
        **{k: identity.get(k) or "" for k in IDENTITY_FIELDS if k != "birth_date"},
        birth_date=identity.get("birth_date"),
    )
    record_event(council=council, actor=actor, verb="housing_application_received", target=application)
    return application


@transaction.atomic
def application_update(*, application: Application, actor, data: dict) -> Application:
    """The file completed over time (opinions, needs, curator); the identity is changed apart."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_past_day(data.get("received_on", application.received_on), "la date de réception")
    check_same_council(application.council, data.get("orienting_organisation"), data.get("curator_organisation"),
                       data.get("from_situation"))  # fmt: skip
    communes = data.pop("wished_communes", None)
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.save()
    if communes is not None:
        application.wished_communes.set(communes)
    record_event(council=application.council, actor=actor, verb="housing_application_updated", target=application)
    return application


@transaction.atomic
def application_set_status(*, application: Application, actor, status: str, reason: str = "", on=None) -> None:
    """A move of the table (`APPLICATION_TRANSITIONS`); admission goes through `application_admit`."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if status == ApplicationStatus.ADMITTED:
        raise DomainError("L'admission s'enregistre avec l'entrée dans une place (« Admettre dans une place »).")
    APPLICATION_TRANSITIONS.check(application.status, status)
    if status in REASON_REQUIRED and not reason.strip():
        raise DomainError("Indiquez le motif de cette décision.")
    today = timezone.localdate()
    if status == ApplicationStatus.COMPLETE:
        on = on or today
        check_past_day(
            on,
            "la date à laquelle la demande est complète",
            not_before=application.received_on,
            not_before_text="à sa réception",
        )
        application.completed_on = on
    if status in CLOSING:
        application.closed_on = today
    application.status, application.status_reason = status, reason.strip()
    application.save()
    record_event(
        council=application.council, actor=actor, verb="housing_application_status", target=application, status=status
    )


@transaction.atomic
def application_consent_record(*, application: Application, actor, data: dict) -> ApplicationConsent:
    check_past_day(data.get("occurred_on"), "la date du recueil", not_before=None)
    consent = ApplicationConsent.objects.create(application=application, recorded_by=actor, **data)
    record_event(
        council=application.council, actor=actor, verb="housing_consent_recorded", target=application, kind=consent.kind
    )
    return consent


# --- occupancy -------------------------------------------------------------------------------------------------


def check_entry(place: Place, entry_on: date, *, exclude=None) -> None:
    """The rules of an entry: a past day, inside a convention of the place, not during works, and no more
    occupants at once than the place's capacity."""
    check_past_day(entry_on, "la date d'entrée")
    conventions = list(place.conventions.all())
    if not conventions:
        raise DomainError("Cette place n'a pas de convention : enregistrez-la avant une entrée.")
    if not any(c.runs_on(entry_on) for c in conventions):
        starts = [c.starts_on for c in conventions if c.starts_on > entry_on]
        if starts:
            raise DomainError(f"L'entrée ne peut pas précéder le début de la convention ({_d(min(starts))}).")
        raise DomainError("L'entrée ne peut pas être postérieure à la fin de la convention de la place.")
    if (
        place.unavailabilities.filter(starts_on__lte=entry_on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=entry_on))
        .exists()
    ):
        raise DomainError("La place est indisponible (travaux) à cette date.")
    overlapping = place.occupancies.filter(Q(exit_on__isnull=True) | Q(exit_on__gt=entry_on))
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    if overlapping.count() >= place.capacity:
        raise DomainError(
            f"La place est déjà occupée à cette date ({place.capacity} occupant·e{'s' if place.capacity > 1 else ''} "
            "au plus) : enregistrez d'abord la sortie de l'occupant·e actuel·le."
        )


@transaction.atomic
def application_admit(*, application: Application, actor, place: Place, data: dict) -> Occupancy:
    """Admission to a place: the occupancy is created and the application admitted, or nothing is written."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    place = Place.objects.select_for_update().get(pk=place.pk)  # serialises concurrent entries into one place
    check_same_council(application.council, place)
    APPLICATION_TRANSITIONS.check(application.status, ApplicationStatus.ADMITTED)
    entry_on = data["entry_on"]
    check_entry(place, entry_on)
    contract = data["contract"]
    occupancy = Occupancy.objects.create(
        place=place,
        application=application,
        entry_on=entry_on,
        contract=contract,
        slide_due_on=Occupancy.slide_due(entry_on) if contract == Contract.SLIDING else None,
        rent=data.get("rent", place.rent),
        charges=data.get("charges", place.charges),
        rent_helper=data.get("rent_helper") or "none",
        care_referent=data.get("care_referent", ""),
    )
    application.status, application.status_reason = ApplicationStatus.ADMITTED, ""
    application.save(update_fields=["status", "status_reason", "updated_at"])
    place_refresh_status(place)
    record_event(council=application.council, actor=actor, verb="housing_admitted", target=application, place=place.pk)
    return occupancy


@transaction.atomic
def occupancy_extend_slide(*, occupancy: Occupancy, actor) -> None:
    if occupancy.contract != Contract.SLIDING or occupancy.slide_extended:
        raise DomainError("Seul un bail glissant non encore prolongé peut l'être (12 mois, une fois).")
    occupancy.slide_extended = True
    occupancy.slide_due_on = Occupancy.slide_due(occupancy.entry_on, extended=True)
    occupancy.save(update_fields=["slide_extended", "slide_due_on"])
    record_event(council=occupancy.place.council, actor=actor, verb="housing_slide_extended", target=occupancy.place)


@transaction.atomic
def occupancy_exit(*, occupancy: Occupancy, actor, data: dict) -> None:
    occupancy = (
        Occupancy.objects.select_for_update(of=("self",)).select_related("place", "application").get(pk=occupancy.pk)
    )
    if occupancy.exit_on is not None:
        raise DomainError("La sortie de cette occupation est déjà enregistrée.")
    exit_on = data.get("exit_on")
    check_past_day(exit_on, "la date de sortie")
    if exit_on < occupancy.entry_on:
        raise DomainError(f"La sortie ne peut pas précéder l'entrée ({_d(occupancy.entry_on)}).")
    if not data.get("exit_reason"):
        raise DomainError("Indiquez le motif de sortie.")
    occupancy.exit_on, occupancy.exit_reason = exit_on, data["exit_reason"]
    occupancy.destination = data.get("destination", "")
    occupancy.save(update_fields=["exit_on", "exit_reason", "destination"])
    application = occupancy.application
    if not application.occupancies.filter(exit_on__isnull=True).exists():
        application.closed_on = exit_on
        application.save(update_fields=["closed_on", "updated_at"])
    place_refresh_status(occupancy.place)
    record_event(
        council=application.council, actor=actor, verb="housing_exit", target=application, reason=occupancy.exit_reason
    )


SLID_DESTINATION = "Même logement, bail glissé à son nom"


def check_slide(occupancy: Occupancy, on: date) -> None:
    """The rules of a slide: a current sliding lease, on a past day not before the entry."""
    if occupancy.contract != Contract.SLIDING:
        raise DomainError(
            f"Seul un bail glissant peut glisser au nom de la personne : cette occupation est en "
            f"« {occupancy.get_contract_display().lower()} »."
        )
    if occupancy.exit_on is not None:
        raise DomainError("La sortie de cette occupation est déjà enregistrée.")
    if on > timezone.localdate():
        raise DomainError("Le bail glisse au jour de la séance : consignez ce bilan le jour de la séance ou après.")
    if on < occupancy.entry_on:
        raise DomainError(f"Le bail ne peut pas glisser avant l'entrée ({_d(occupancy.entry_on)}).")


@transaction.atomic
def occupancy_slide(*, occupancy: Occupancy, actor, on: date) -> None:
    """The sliding lease slides to the occupant on `on`: they stay in the same flat, now on a lease in their own
    name. For the filière appartement it is an exit (reason « bail glissé à son nom »), and the flat leaves the
    association's stock: the place's running convention ends the day before (no vacancy is counted, no renewal is
    asked), unless someone else still lives there. All or nothing."""
    occupancy = (
        Occupancy.objects.select_for_update(of=("self",)).select_related("place", "application").get(pk=occupancy.pk)
    )
    check_slide(occupancy, on)
    place = Place.objects.select_for_update().get(pk=occupancy.place_id)
    data = {"exit_on": on, "exit_reason": ExitReason.SLIDING_DONE, "destination": SLID_DESTINATION}
    occupancy_exit(occupancy=occupancy, actor=actor, data=data)
    if not place.occupancies.filter(Q(exit_on__isnull=True) | Q(exit_on__gt=on)).exists():
        running = place.conventions.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        for convention in running:
            convention.ends_on = max(convention.starts_on, on - timedelta(days=1))
            convention.save(update_fields=["ends_on"])
    place_refresh_status(place)
    record_event(council=place.council, actor=actor, verb="housing_lease_slid", target=occupancy.application)


@transaction.atomic
def deposit_pay(*, occupancy: Occupancy, actor, data: dict) -> Deposit:
    check_past_day(data.get("paid_on"), "la date du versement", not_before=None)
    if data.get("amount") is None or data["amount"] <= 0:
        raise DomainError("Le montant du dépôt de garantie doit être positif.")
    deposit = Deposit.objects.create(occupancy=occupancy, amount=data["amount"], paid_on=data["paid_on"])
    record_event(council=occupancy.place.council, actor=actor, verb="housing_deposit_paid", target=occupancy.place)
    return deposit


@transaction.atomic
def deposit_return(*, deposit: Deposit, actor, data: dict) -> None:
    deposit = Deposit.objects.select_for_update(of=("self",)).select_related("occupancy__place").get(pk=deposit.pk)
    if deposit.returned_on is not None:
        raise DomainError(f"Ce dépôt de garantie a déjà été restitué le {_d(deposit.returned_on)}.")
    returned_on = data.get("returned_on")
    check_past_day(returned_on, "la date de restitution", not_before=deposit.paid_on, not_before_text="au versement")
    kept = data.get("kept_amount") or 0
    if kept < 0 or kept > deposit.amount:
        raise DomainError("Le montant retenu doit être compris entre 0 et le montant du dépôt.")
    if kept and not (data.get("kept_reason") or "").strip():
        raise DomainError("Indiquez le motif de la retenue.")
    deposit.returned_on, deposit.kept_amount = returned_on, kept or None
    deposit.kept_reason = (data.get("kept_reason") or "").strip()
    deposit.save(update_fields=["returned_on", "kept_amount", "kept_reason"])
    record_event(
        council=deposit.occupancy.place.council,
        actor=actor,
        verb="housing_deposit_returned",
        target=deposit.occupancy.place,
    )


@transaction.atomic
def incident_add(*, occupancy: Occupancy, actor, data: dict) -> OccupancyIncident:
    check_past_day(
        data.get("occurred_on"), "la date de l'incident", not_before=occupancy.entry_on, not_before_text="à l'entrée"
    )
    incident = OccupancyIncident.objects.create(
        occupancy=occupancy, author=actor, kind=data["kind"], occurred_on=data["occurred_on"], note=data.get("note", "")
    )
    record_event(
        council=occupancy.place.council,
        actor=actor,
        verb="housing_incident_recorded",
        target=occupancy.application,
        kind=incident.kind,
    )
    return incident
