"""The demo Commission appartement, shaped like the seed (CISSMC Lille-Est): 73 places — 47 flats (sub-letting or
sliding lease), 10 conventioned places in hostels or residences, 4 transitional places, 12 residence places — across
the council's communes and landlords, about a hundred people supported over three years, a waiting list, deposits,
incidents, conventions to renew, official letters and prospected landlords. Every name here is invented.

Deterministic (a seeded random picks only names and amounts of rent), dates relative to `timezone.localdate()`, and
idempotent: places and applications are keyed by label and reference, their child rows are rebuilt.

Last calendar year (L) is built so that its indicators follow from the constants below by simple arithmetic
(tests/test_demo_housing.py):
- every place is under convention all year, capacity 1, and occupied on 1 January of L;
- TURNOVER_PLACES (12): the occupant leaves on day 10 + 20·j of L, the next enters TURNOVER_GAP_DAYS (30) later:
  12 × 30 = 360 vacancy days;
- WORKS_PLACE: the occupant leaves on day WORKS_EXIT_DAY, works for WORKS_DAYS (45) days, the next enters the day
  the works end: 45 days not open, no vacancy;
- every other place keeps its occupant all year (the earlier departures are in L-1, this year's after L);
- a deposit (DEPOSIT €) is paid at each entry into a flat and returned 30 days after each exit from a flat, with
  KEPT € kept on KEPT_PLACES;
- entries of L waited 40 + 5·j days (turnovers) and WORKS_WAIT days (works place) since the file was complete.
"""

from __future__ import annotations

import datetime
import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from concerto.demo.housing_commission import load_housing_commission
from concerto.demo.situations import simple_pdf
from concerto.directory.enums import OrganisationType as T
from concerto.directory.models import Organisation
from concerto.housing.desk_models import OfficialLetter, ProspectedLandlord, ProspectStatus
from concerto.housing.enums import (
    ApplicationStatus,
    Contract,
    ExitReason,
    IncidentKind,
    NationalPlaceKind,
    PlaceStatus,
    RentHelper,
    Typology,
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
    Unavailability,
)
from concerto.situations.enums import ConsentKind

SEED = 73
FLATS, HOSTEL, TRANSITIONAL, RESIDENCE = 47, 10, 4, 12
PLACES = FLATS + HOSTEL + TRANSITIONAL + RESIDENCE  # 73, one person each
TURNOVER_PLACES = (0, 4, 8, 12, 16, 20, 24, 28, 32, 47, 57, 61)  # 9 flats, 1 hostel, 1 transitional, 1 residence
TURNOVER_GAP_DAYS = 30
WORKS_PLACE, WORKS_EXIT_DAY, WORKS_DAYS, WORKS_WAIT = 36, 100, 45, 90
EARLIER_PLACES = (1, 5, 9, 13, 17, 21, 25, 29, 33, 48, 50, 58, 62, 64)  # a departure and an entry in L-1
THIS_YEAR_EXITS = {2: 0.2, 6: 0.3, 10: 0.4, 49: 0.5, 63: 0.25}  # place → share of this year elapsed at the exit
THIS_YEAR_REFILLS = {2: 0.6, 6: 0.7}  # refilled this year; the three others stay vacant
RETURNED_THIS_YEAR = (2,)  # place 6's and 10's deposits are still to be recovered (the desk)
DEPOSIT, KEPT = Decimal("450"), Decimal("120")
KEPT_PLACES = (0, 4)
# The reasons of last year's 13 exits: the 12 turnovers in order, then the works place.
EXIT_REASONS_LAST_YEAR = [
    ExitReason.OWN_LEASE, ExitReason.SLIDING_DONE, ExitReason.HOSTEL, ExitReason.FAMILY, ExitReason.OWN_LEASE,
    ExitReason.HOSPITAL, ExitReason.SLIDING_DONE, ExitReason.OWN_LEASE, ExitReason.HOSTEL, ExitReason.OTHER,
    ExitReason.FAMILY, ExitReason.DEATH, ExitReason.OWN_LEASE,
]  # fmt: skip
EARLIER_REASONS = [ExitReason.OWN_LEASE, ExitReason.HOSTEL, ExitReason.FAMILY, ExitReason.SLIDING_DONE]
RENEWAL_SOON = {5: 20, 30: 45, 50: 70, 65: 85}  # place → days until the convention's renewal (within 3 months)
ARREARS = {3: 20, 7: 60, 11: 120}  # place → days ago (current occupants: the desk's arrears alerts)
# (status, reason): the waiting list (complete files) and a few others.
OTHER_APPLICATIONS = [
    *[(ApplicationStatus.COMPLETE, "")] * 5,
    *[(ApplicationStatus.WAITLISTED, "Attente d'un T1 à Houplines.")] * 2,
    (ApplicationStatus.POSTPONED, "Avis psychiatrique à actualiser."),
    *[(ApplicationStatus.RECEIVED, "")] * 2,
    (ApplicationStatus.REFUSED, "Besoin d'un accompagnement médico-social plus soutenu (orientation SAMSAH)."),
    (ApplicationStatus.WITHDRAWN, "La personne a trouvé un logement par elle-même."),
]

FLAT_LANDLORDS = ["Habitat Lys Métropole", "Logis du Nord Solidaire", "Agence Immobilière Deûle Gestion"]
# (name, type, city, postal code, services): structures of the filière added to the demo directory.
STRUCTURES = [
    ("Résidence sociale Le Colombier (fictive)", T.HOUSING_ASSOCIATION, "Armentières", "59280",
     "Résidence sociale\nPlaces conventionnées"),
    ("Structure d'accueil Les Berges (fictive)", T.HOUSING_ASSOCIATION, "Houplines", "59116",
     "Accueil temporaire\nPlaces de transition"),
    ("Résidence accueil Les Peupliers (fictive)", T.HOUSING_ASSOCIATION, "La Chapelle-d'Armentières", "59930",
     "Résidence accueil\nAccompagnement au quotidien"),
]  # fmt: skip
PROSPECTS = [
    ("SCI Les Jardins de la Lys (fictive)", T.PRIVATE_LANDLORD, ProspectStatus.MEETING, 12,
     "Visite de deux T2 rue des Tisserands avec le bailleur."),
    ("Maison relais Le Tilleul (fictive)", T.HOUSING_ASSOCIATION, ProspectStatus.CONTACTED, 30,
     "Relancer la directrice après le conseil d'administration."),
    ("Foyer Les Hirondelles", None, ProspectStatus.AGREED, 200, ""),
    ("Logis du Nord Solidaire", None, ProspectStatus.TO_CONTACT, None, "Présenter la filière à la nouvelle direction."),
]  # fmt: skip
LETTERS = [
    (150, "Préfecture du Nord — pôle logement", "Demande de places en pension de famille sur le secteur",
     "Le sous-groupe signale l'attente de huit demandes complètes et demande l'ouverture de places."),
    (60, "Mairie d'Armentières — adjointe au logement", "Convention avec Habitat Lys Métropole",
     "Demande de soutien au renouvellement des conventions de sous-location."),
    (15, "Conseil départemental du Nord", "Financement du dépôt de garantie",
     "Le conseil avance les dépôts de garantie ; demande d'un abondement du fonds de solidarité logement."),
]  # fmt: skip
STREETS = ["rue des Tisserands", "rue de la Lys", "avenue Marc-Sangnier", "rue du Moulin", "rue des Prés",
           "rue Jean-Jaurès", "rue des Écoles", "allée des Saules"]  # fmt: skip
FIRST_NAMES = ["Alix", "Bastien", "Chloé", "Damien", "Élise", "Fabien", "Gaëlle", "Hugo", "Inès", "Jordan",
               "Karine", "Loïc", "Maëlle", "Nathan", "Océane", "Pascal", "Quentin", "Rachida", "Sylvain", "Tiphaine",
               "Ulysse", "Valérie", "William", "Yasmina", "Zoé"]  # fmt: skip
LAST_NAMES = ["Ardouin", "Bricout", "Carlier", "Desmet", "Everaere", "Flament", "Goudeseune", "Hennebelle",
              "Ingelaere", "Jacquart", "Kerkhove", "Lemahieu", "Mollet", "Nuyttens", "Obert", "Plouvier",
              "Quenton", "Roussel", "Staelens", "Taffin", "Vandamme", "Wallart"]  # fmt: skip
ORIENTING = ["CMP Les Tilleuls", "EPSM Lys-et-Deûle", "SAMSAH Passerelle", "SAVS L'Escale"]
CURATORS = ["ATMP Flandres", "Association Tutélaire de la Lys"]


CONTRACTS = {NationalPlaceKind.FLAT_SLIDING: Contract.SLIDING, NationalPlaceKind.FLAT_SUBLET: Contract.SUBLET}


def place_kind(index: int) -> str:
    if index < FLATS:
        return NationalPlaceKind.FLAT_SLIDING if index % 4 == 0 else NationalPlaceKind.FLAT_SUBLET
    if index < FLATS + HOSTEL:
        return NationalPlaceKind.HOSTEL
    if index < FLATS + HOSTEL + TRANSITIONAL:
        return NationalPlaceKind.TRANSITIONAL
    return NationalPlaceKind.RESIDENCE


def is_flat(index: int) -> bool:
    return index < FLATS


def _structures(council, organisations: dict) -> dict:
    found = dict(organisations)
    for name, kind, city, postal_code, services in STRUCTURES:
        found[name], _ = Organisation.objects.update_or_create(
            council=council, name=name, defaults={"type": kind, "city": city, "postal_code": postal_code,
                                                  "services": services}
        )  # fmt: skip
    return found


def _landlord(index: int, organisations: dict) -> Organisation:
    if index < FLATS:
        return organisations[FLAT_LANDLORDS[index % len(FLAT_LANDLORDS)]]
    if index < FLATS + HOSTEL:
        name = "Foyer Les Hirondelles" if index % 2 else STRUCTURES[0][0]
        return organisations[name]
    if index < FLATS + HOSTEL + TRANSITIONAL:
        return organisations[STRUCTURES[1][0]]
    return organisations[STRUCTURES[2][0]]


def _label(index: int) -> str:
    if index < FLATS:
        return f"{10 + index // 4 * 2} {STREETS[index % len(STREETS)]}, app. {index % 4 + 1}"
    if index < FLATS + HOSTEL:
        return f"Place conventionnée n° {index - FLATS + 1}"
    if index < FLATS + HOSTEL + TRANSITIONAL:
        return f"Les Berges, place de transition n° {index - FLATS - HOSTEL + 1}"
    return f"Les Peupliers, place n° {index - FLATS - HOSTEL - TRANSITIONAL + 1}"


def _stays(today: datetime.date) -> dict[int, list[dict]]:
    """Each place's stays, oldest first: {"entry", "exit", "reason", "wait"} (exit None for the current one)."""
    last = today.year - 1
    start, jan1 = datetime.date(last - 2, 1, 1), datetime.date(last, 1, 1)
    this_jan1 = datetime.date(today.year, 1, 1)
    elapsed = (today - this_jan1).days

    def this_year(share: float) -> datetime.date:
        return this_jan1 + timedelta(days=int(elapsed * share))

    stays = {}
    for index in range(PLACES):
        rows = [{"entry": start + timedelta(days=3 * index), "exit": None, "reason": "", "wait": 60}]
        if index in EARLIER_PLACES:
            k = EARLIER_PLACES.index(index)
            left = datetime.date(last - 1, 2, 1) + timedelta(days=10 * k)
            rows[-1].update(exit=left, reason=EARLIER_REASONS[k % len(EARLIER_REASONS)])
            rows.append({"entry": left + timedelta(days=21), "exit": None, "reason": "", "wait": 50})
        if index in TURNOVER_PLACES:
            j = TURNOVER_PLACES.index(index)
            left = jan1 + timedelta(days=10 + 20 * j)
            rows[-1].update(exit=left, reason=EXIT_REASONS_LAST_YEAR[j])
            rows.append({"entry": left + timedelta(days=TURNOVER_GAP_DAYS), "exit": None, "reason": "",
                         "wait": 40 + 5 * j})  # fmt: skip
        if index == WORKS_PLACE:
            left = jan1 + timedelta(days=WORKS_EXIT_DAY)
            rows[-1].update(exit=left, reason=EXIT_REASONS_LAST_YEAR[-1])
            rows.append({"entry": left + timedelta(days=WORKS_DAYS), "exit": None, "reason": "", "wait": WORKS_WAIT})
        if index in THIS_YEAR_EXITS:
            rows[-1].update(exit=this_year(THIS_YEAR_EXITS[index]), reason=ExitReason.OWN_LEASE)
            if index in THIS_YEAR_REFILLS:
                rows.append({"entry": this_year(THIS_YEAR_REFILLS[index]), "exit": None, "reason": "", "wait": 75})
        stays[index] = rows
    return stays


def load_housing(council, organisations: dict) -> None:
    """Creates or refreshes the demo council's Commission appartement."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    organisations = _structures(council, organisations)
    communes = list(council.communes.order_by("name"))
    stays = _stays(today)
    convention_start = datetime.date(today.year - 3, 1, 1) - timedelta(days=90)
    places = {}
    for index in range(PLACES):
        rent = Decimal(rng.randrange(280, 460, 10)) if is_flat(index) else Decimal(rng.randrange(180, 320, 10))
        places[index], _ = Place.objects.update_or_create(
            council=council,
            label=_label(index),
            defaults={
                "kind": place_kind(index), "landlord": _landlord(index, organisations),
                "commune": communes[index % len(communes)], "address": _label(index),
                "typology": (Typology.T1, Typology.T2, Typology.T1, Typology.T3)[index % 4] if is_flat(index)
                else Typology.ROOM,
                "capacity": 1, "rent": rent, "charges": Decimal(40 + 5 * (index % 5)),
                "status": PlaceStatus.OCCUPIED, "status_since": stays[index][-1]["entry"],
            },
        )  # fmt: skip
    demo_places = list(places.values())
    Convention.objects.filter(place__in=demo_places).delete()
    Unavailability.objects.filter(place__in=demo_places).delete()
    Convention.objects.bulk_create(
        Convention(
            place=place, signed_on=convention_start - timedelta(days=30), starts_on=convention_start,
            renewal_on=today + timedelta(days=RENEWAL_SOON.get(index, 120 + index * 11 % 900)),
        )
        for index, place in places.items()
    )  # fmt: skip
    works_exit = stays[WORKS_PLACE][0]["exit"]
    Unavailability.objects.create(
        place=places[WORKS_PLACE], starts_on=works_exit, ends_on=works_exit + timedelta(days=WORKS_DAYS - 1),
        reason="Travaux de rénovation de la salle d'eau",
    )  # fmt: skip
    _people(council, organisations, places, stays, rng, today)
    _desk(council, organisations, today)
    load_housing_commission(council, organisations)


def _application(council, number: int, organisations: dict, rng, *, status, completed_on, received_on, **extra):
    orienting = organisations[ORIENTING[number % len(ORIENTING)]]
    application, _ = Application.objects.update_or_create(
        reference=f"{council.code}-LOG-{number:03d}",
        defaults={
            "council": council, "status": status, "status_reason": extra.pop("reason", ""),
            "orienting_organisation": orienting, "psychiatrist_name": "Dr Aline Verbeke",
            "social_opinion": "Autonomie suffisante pour un logement accompagné ; aide à la gestion du budget.",
            "psychiatric_opinion": "Stabilisation clinique ; suivi au CMP et visites infirmières mensuelles.",
            "wished_typology": Typology.T1 if number % 2 else Typology.T2,
            "curator_organisation": organisations[CURATORS[number % 2]] if number % 3 == 0 else None,
            "received_on": received_on, "completed_on": completed_on, "closed_on": extra.pop("closed_on", None),
        },
    )  # fmt: skip
    ApplicantIdentity.objects.update_or_create(
        application=application,
        defaults={
            "last_name": rng.choice(LAST_NAMES), "first_name": rng.choice(FIRST_NAMES),
            "birth_date": datetime.date(1960 + rng.randrange(40), rng.randrange(1, 13), rng.randrange(1, 29)),
        },
    )  # fmt: skip
    return application


def _people(council, organisations, places, stays, rng, today) -> None:
    number, occupancies = 0, []
    for index, rows in stays.items():
        place = places[index]
        for row in rows:
            number += 1
            completed = row["entry"] - timedelta(days=row["wait"])
            application = _application(
                council, number, organisations, rng, status=ApplicationStatus.ADMITTED, completed_on=completed,
                received_on=completed - timedelta(days=20), closed_on=row["exit"],
            )  # fmt: skip
            contract = CONTRACTS.get(place.kind, Contract.RESIDENCE)
            occupancy, _ = Occupancy.objects.update_or_create(
                application=application,
                defaults={
                    "place": place, "entry_on": row["entry"], "contract": contract,
                    "slide_due_on": Occupancy.slide_due(row["entry"]) if contract == Contract.SLIDING else None,
                    "slide_extended": False, "rent": place.rent, "charges": place.charges,
                    "rent_helper": (RentHelper.CURATOR, RentHelper.TEAM, RentHelper.NONE)[number % 3],
                    "care_referent": "Infirmier·e du CMP Les Tilleuls", "exit_on": row["exit"],
                    "exit_reason": row["reason"], "destination": "Logement autonome" if row["exit"] else "",
                },
            )  # fmt: skip
            occupancies.append((index, row, occupancy))
        if rows[-1]["exit"] is not None:
            place.status, place.status_since = PlaceStatus.VACANT, rows[-1]["exit"]
            place.save(update_fields=["status", "status_since"])
    for status, reason in OTHER_APPLICATIONS:
        number += 1
        received = today - timedelta(days=20 + 9 * (number % 10))
        complete = status not in (ApplicationStatus.RECEIVED,)
        _application(
            council, number, organisations, rng, status=status, reason=reason, received_on=received,
            completed_on=received + timedelta(days=10) if complete else None,
            closed_on=today if status in (ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN) else None,
        )  # fmt: skip
    applications = Application.objects.filter(council=council, reference__startswith=f"{council.code}-LOG-")
    ApplicationConsent.objects.filter(application__in=applications).delete()
    ApplicationConsent.objects.bulk_create(
        ApplicationConsent(application=a, kind=ConsentKind.AGREEMENT, occurred_on=a.received_on,
                           by_whom="Équipe qui oriente", means="Entretien")
        for a in applications
    )  # fmt: skip
    _deposits_and_incidents([o for _, _, o in occupancies], occupancies, today)


def _deposits_and_incidents(demo_occupancies, occupancies, today) -> None:
    Deposit.objects.filter(occupancy__in=demo_occupancies).delete()
    OccupancyIncident.objects.filter(occupancy__in=demo_occupancies).delete()
    deposits, incidents = [], []
    this_jan1 = datetime.date(today.year, 1, 1)
    for index, row, occupancy in occupancies:
        if is_flat(index):
            deposit = Deposit(occupancy=occupancy, amount=DEPOSIT, paid_on=row["entry"])
            left = row["exit"]
            if left is not None and (left < this_jan1 or index in RETURNED_THIS_YEAR):
                deposit.returned_on = min(left + timedelta(days=30), today)
                if index in KEPT_PLACES and left.year == today.year - 1:
                    deposit.kept_amount, deposit.kept_reason = KEPT, "Remise en état des peintures."
            deposits.append(deposit)
        if row["exit"] is None and index in ARREARS:
            incidents.append(
                OccupancyIncident(
                    occupancy=occupancy,
                    kind=IncidentKind.ARREARS,
                    occurred_on=today - timedelta(days=ARREARS[index]),
                    note="Deux mois de loyer impayés ; plan d'apurement proposé.",
                )
            )
    Deposit.objects.bulk_create(deposits)
    OccupancyIncident.objects.bulk_create(incidents)


def _desk(council, organisations, today) -> None:
    for days_ago, addressee, subject, summary in LETTERS:
        letter, _ = OfficialLetter.objects.update_or_create(
            council=council, subject=subject,
            defaults={"sent_on": today - timedelta(days=days_ago), "addressee": addressee, "summary": summary},
        )  # fmt: skip
        if not letter.document:
            pdf = simple_pdf(["Courrier officiel du sous-groupe logement (demonstration)", subject])
            letter.document.save("courrier.pdf", ContentFile(pdf), save=False)
            letter.content_type = "application/pdf"
            letter.save()
    for name, kind, status, days_ago, next_step in PROSPECTS:
        organisation = organisations.get(name)
        if organisation is None:
            organisation, _ = Organisation.objects.update_or_create(council=council, name=name, defaults={"type": kind})
        ProspectedLandlord.objects.update_or_create(
            council=council, organisation=organisation,
            defaults={"status": status, "next_step": next_step,
                      "contacted_on": today - timedelta(days=days_ago) if days_ago is not None else None},
        )  # fmt: skip
