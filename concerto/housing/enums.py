"""Choices of the housing commission (Commission appartement, filière appartement) and its table of allowed moves."""

from django.db import models

from concerto.core.transitions import Transitions


class NationalPlaceKind(models.TextChoices):
    """The kinds every council has; a council adds its own (`PlaceKind`)."""

    FLAT_SUBLET = "flat_sublet", "Appartement en sous-location"
    FLAT_SLIDING = "flat_sliding", "Appartement en bail glissant"
    HOSTEL = "hostel", "Place conventionnée en foyer ou résidence"
    TRANSITIONAL = "transitional", "Place de transition (structure d'accueil)"
    RESIDENCE = "residence", "Place en résidence"


class Typology(models.TextChoices):
    ROOM = "room", "Chambre"
    T1 = "t1", "T1"
    T2 = "t2", "T2"
    T3 = "t3", "T3"
    T4 = "t4", "T4"
    T5 = "t5", "T5 ou plus"


class PlaceStatus(models.TextChoices):
    VACANT = "vacant", "Vacante"
    OCCUPIED = "occupied", "Occupée"
    UNAVAILABLE = "unavailable", "Indisponible (travaux)"


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", "Reçue"
    COMPLETE = "complete", "Complète"
    SCHEDULED = "scheduled", "Inscrite à une commission"
    ADMITTED = "admitted", "Admise"
    POSTPONED = "postponed", "Ajournée"
    REFUSED = "refused", "Refusée"
    WAITLISTED = "waitlisted", "En liste d'attente"
    WITHDRAWN = "withdrawn", "Retirée"


S = ApplicationStatus
# Admission is not a plain move: `application_admit` creates the occupancy and sets the status.
APPLICATION_TRANSITIONS = Transitions(
    {
        S.RECEIVED: {S.COMPLETE, S.WITHDRAWN},
        S.COMPLETE: {S.SCHEDULED, S.WAITLISTED, S.WITHDRAWN},
        S.SCHEDULED: {S.POSTPONED, S.REFUSED, S.WAITLISTED, S.WITHDRAWN, S.ADMITTED},
        S.POSTPONED: {S.SCHEDULED, S.WITHDRAWN},
        S.WAITLISTED: {S.SCHEDULED, S.WITHDRAWN, S.ADMITTED},
    },
    labels=dict(ApplicationStatus.choices),
)
# The moves that need a reason, and the statuses that close an application (its retention period starts).
REASON_REQUIRED = {S.POSTPONED, S.REFUSED, S.WAITLISTED, S.WITHDRAWN}
CLOSING = {S.REFUSED, S.WITHDRAWN}
WAITING = {S.COMPLETE, S.SCHEDULED, S.POSTPONED, S.WAITLISTED}


class Contract(models.TextChoices):
    SUBLET = "sublet", "Sous-location"
    SLIDING = "sliding", "Bail glissant"
    RESIDENCE = "residence", "Contrat de résidence ou d'hébergement"


class RentHelper(models.TextChoices):
    NONE = "none", "Aucune aide"
    CURATOR = "curator", "Curateur·rice ou tuteur·rice"
    TEAM = "team", "Équipe de soins et socio-éducative"
    FAMILY = "family", "Famille"


class ExitReason(models.TextChoices):
    OWN_LEASE = "own_lease", "Bail à son nom (autre logement)"
    SLIDING_DONE = "sliding_done", "Bail glissé à son nom"
    HOSTEL = "hostel", "Foyer ou résidence"
    HOSPITAL = "hospital", "Hospitalisation"
    FAMILY = "family", "Retour en famille"
    DEATH = "death", "Décès"
    EVICTION = "eviction", "Expulsion"
    OTHER = "other", "Autre"


# Exit reasons that say something of the person's health: health and social class.
CLINICAL_EXITS = {ExitReason.HOSPITAL}


class IncidentKind(models.TextChoices):
    ARREARS = "arrears", "Impayés de loyer"
    NEIGHBOURHOOD = "neighbourhood", "Troubles de voisinage"
    HOSPITALISATION = "hospitalisation", "Hospitalisation"
    OTHER = "other", "Autre"


CLINICAL_INCIDENTS = {IncidentKind.HOSPITALISATION}


class CommissionOutcome(models.TextChoices):
    """What the quarterly commission decides on an application on its agenda (housing/commission.py)."""

    ADMITTED = "admitted", "Admission dans une place"
    POSTPONED = "postponed", "Ajournement"
    REFUSED = "refused", "Refus"
    WAITLISTED = "waitlisted", "Liste d'attente"


class ReviewOutcome(models.TextChoices):
    """The commission's conclusion on a six-monthly review of an occupancy."""

    CONTINUE = "continue", "Poursuite de l'occupation"
    PREPARE_EXIT = "prepare_exit", "Préparer la sortie"
    SLIDE = "slide", "Faire glisser le bail"
