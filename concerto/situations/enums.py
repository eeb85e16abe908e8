from django.db import models

from concerto.core.transitions import Transitions


class PersonMode(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonyme"
    INITIALS = "initials", "Initiales"
    NOMINATIVE = "nominative", "Nominatif"


class Sex(models.TextChoices):
    FEMALE = "f", "Femme"
    MALE = "m", "Homme"
    OTHER = "x", "Autre ou non précisé"


class AgeBand(models.TextChoices):
    UNDER_18 = "lt18", "Moins de 18 ans"
    AGE_18_24 = "18_24", "18 à 24 ans"
    # Kept for the situations entered before the 18–24 band existed (not offered for new entries).
    UNDER_25 = "lt25", "Moins de 25 ans (ancienne tranche)"
    AGE_25_39 = "25_39", "25 à 39 ans"
    AGE_40_59 = "40_59", "40 à 59 ans"
    AGE_60_74 = "60_74", "60 à 74 ans"
    OVER_75 = "75p", "75 ans et plus"
    UNKNOWN = "unknown", "Inconnu"


class HousingStatus(models.TextChoices):
    SOCIAL_TENANT = "social_tenant", "Locataire du parc social"
    PRIVATE_TENANT = "private_tenant", "Locataire du parc privé"
    OWNER = "owner", "Propriétaire"
    HOSTED = "hosted", "Hébergé·e (famille, tiers, structure)"
    HOMELESS = "homeless", "Sans domicile"
    OTHER = "other", "Autre"


class LegalProtection(models.TextChoices):
    NONE = "none", "Aucune"
    PENDING = "pending", "Demande en cours"
    SAFEGUARD = "safeguard", "Sauvegarde de justice"
    CURATORSHIP = "curatorship", "Curatelle"
    GUARDIANSHIP = "guardianship", "Tutelle"
    UNKNOWN = "unknown", "Inconnue"


class FollowUp(models.TextChoices):
    GP = "gp", "Médecin généraliste"
    CMP = "cmp", "CMP / psychiatrie"
    SAVS = "savs", "SAVS / SAMSAH"
    SOCIAL_WORKER = "social_worker", "Travailleur social"
    HOME_CARE = "home_care", "Aide ou soins à domicile"
    ADDICTION = "addiction", "Soins en addictologie"
    NONE = "none", "Aucun suivi connu"


class Problem(models.TextChoices):
    HOARDING = "hoarding", "Incurie, accumulation (syndrome de Diogène)"
    NUISANCE = "nuisance", "Nuisances (odeurs, bruit)"
    NEIGHBOUR_CONFLICT = "neighbour_conflict", "Conflit de voisinage"
    AGGRESSIVENESS = "aggressiveness", "Agressivité, menaces"
    DANGER = "danger", "Danger (incendie, gaz, électricité)"
    UNPAID_RENT = "unpaid_rent", "Impayés de loyer"
    DEBT = "debt", "Dettes, surendettement"
    CARE_REFUSAL = "care_refusal", "Refus ou rupture de soins"
    ISOLATION = "isolation", "Isolement"
    ADDICTION = "addiction", "Addiction"
    COGNITIVE = "cognitive", "Troubles cognitifs, déclin cognitif"
    LOSS_OF_RIGHTS = "loss_of_rights", "Perte de droits"
    ABUSE = "abuse", "Suspicion de maltraitance"
    RISK_TO_OTHERS = "risk_to_others", "Mise en danger d'autrui"
    CHILD_IN_HOUSEHOLD = "child_in_household", "Enfant mineur au foyer"


# Problems that are health information: hidden from landlords, police and elected officials (domain.md §4: they
# "do not need to know the pathology"). Debt, neighbour conflict, risk to others and a child in the household are
# observed facts the landlord or the police often report themselves: not clinical.
CLINICAL_PROBLEMS = {Problem.CARE_REFUSAL, Problem.ADDICTION, Problem.COGNITIVE, Problem.ABUSE}


class EvictionStage(models.TextChoices):
    """The stages of an eviction procedure, in the order of the procedure (a journal entry moves the situation's
    stage forward only: concerto/situations/journal.py)."""

    NONE = "none", "Aucune procédure"
    REMINDER = "reminder", "Relances, plan d'apurement"
    SUMMONS = "summons", "Commandement de payer / assignation"
    HEARING = "hearing", "Audience"
    DELAYS = "delays", "Délais accordés"
    JUDGMENT = "judgment", "Jugement d'expulsion"
    COMMAND = "command", "Commandement de quitter les lieux"
    FORCE = "force", "Concours de la force publique demandé"
    FORCE_GRANTED = "force_granted", "Concours de la force publique accordé"
    EVICTED = "evicted", "Expulsion réalisée"


# The stages a journal entry records (from the summons on: reminders are not a stage of the court procedure).
PROCEDURE_STAGES = [s for s in EvictionStage if s not in (EvictionStage.NONE, EvictionStage.REMINDER)]


class NoteKind(models.TextChoices):
    """What a journal entry records: a free note, or a dated event of the situation."""

    NOTE = "note", "Note libre"
    HOSPITALISATION = "hospitalisation", "Hospitalisation"
    CRISIS = "crisis", "Crise gérée hors cellule"
    PROCEDURE = "procedure", "Étape de la procédure d'expulsion"


# Journal entries that are health information: never below the health and social class (journal.py enforces it).
HEALTH_NOTE_KINDS = {NoteKind.HOSPITALISATION, NoteKind.CRISIS}

# A council's own problem types (councils.ProblemType) have codes with this prefix. What they say is unknown to the
# policy: they are treated as health information (health and social class), like the clinical national types.
LOCAL_PROBLEM_PREFIX = "local_"


def is_clinical_problem(code: str) -> bool:
    return code in CLINICAL_PROBLEMS or str(code).startswith(LOCAL_PROBLEM_PREFIX)


class Urgency(models.TextChoices):
    LOW = "low", "Peu urgente"
    MEDIUM = "medium", "À traiter dans le mois"
    HIGH = "high", "Urgente (dans la semaine)"


class Agreement(models.TextChoices):
    YES = "yes", "Oui"
    NO = "no", "Non"
    UNKNOWN = "unknown", "Ne sait pas"


class AlertStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "À qualifier"
    ACCEPTED = "accepted", "Acceptée"
    REORIENTED = "reoriented", "Réorientée"
    NOT_ADMISSIBLE = "not_admissible", "Non recevable"


class SituationStatus(models.TextChoices):
    TO_EXAMINE = "to_examine", "À examiner en cellule"
    FOLLOWED = "followed", "Suivie"
    WATCH = "watch", "En veille"
    CLOSED = "closed", "Clôturée"


class ConsentKind(models.TextChoices):
    INFORMED = "informed", "Personne informée"
    AGREEMENT = "agreement", "Accord pour le partage"
    OBJECTION = "objection", "Opposition"
    WITHDRAWAL = "withdrawal", "Retrait de l'accord"


class Visibility(models.TextChoices):
    PARTICIPANTS = "participants", "Toutes les personnes qui participent"
    HEALTH_SOCIAL = "health_social", "Professionnels de santé et du social seulement"
    COORDINATOR = "coordinator", "Coordination seulement"


class Relationship(models.TextChoices):
    """A relative of the person, at the table with the person's agreement: the bond only, never a free text."""

    PARENT = "parent", "Parent"
    CHILD = "child", "Enfant"
    SIBLING = "sibling", "Frère ou sœur"
    PARTNER = "partner", "Conjoint·e, partenaire"
    FAMILY = "family", "Autre membre de la famille"
    CARER = "carer", "Aidant·e, ami·e, voisin·e de confiance"


class ClosureReason(models.TextChoices):
    MAINTAINED = "maintained", "Maintien dans le logement, situation stabilisée"
    CARE = "care", "Entrée ou retour dans le soin"
    RELAY = "relay", "Relais par les services de droit commun (CMP, SAVS/SAMSAH, DAC, mandataire, aide à domicile)"
    REHOUSED = "rehoused", "Relogement ou changement d'hébergement (y compris EHPAD)"
    HOSPITALISATION = "hospitalisation", "Hospitalisation longue"
    REFUSAL = "refusal", "Refus persistant (veille sans action)"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Retrait du consentement"
    EVICTED = "evicted", "Expulsion réalisée"
    LEFT = "left", "Départ du territoire, perte de contact"
    DEATH = "death", "Décès"
    NOT_ADMISSIBLE = "not_admissible", "Non recevable ou réorientée"


class ClosureFlag(models.TextChoices):
    """What else holds at closure, on top of the main reason (several may apply: housing kept + care refused)."""

    HOUSING_KEPT = "housing_kept", "Logement maintenu"
    EVICTION_AVOIDED = "eviction_avoided", "Expulsion évitée ou suspendue"
    CARE_ENGAGED = "care_engaged", "Soins engagés"
    CARE_REFUSAL = "care_refusal", "Refus de soins persistant"
    PROTECTION_MEASURE = "protection_measure", "Mesure de protection engagée"
    RELAY = "relay", "Relais pris par le droit commun"
    HOUSING_CLEANED = "housing_cleaned", "Logement désencombré ou nettoyé"
    CONTACT_LOST = "contact_lost", "Perte de contact"


# Closure flags that say something of the person's health (health and social class, like CLINICAL_CLOSURES).
CLINICAL_CLOSURE_FLAGS = {ClosureFlag.CARE_ENGAGED, ClosureFlag.CARE_REFUSAL}


class ClosureDecider(models.TextChoices):
    CELL = "cell", "En séance de la cellule"
    COORDINATOR = "coordinator", "Par la coordination"


class OpenActionChoice(models.TextChoices):
    """What becomes of an open action when its situation closes."""

    CANCEL = "cancel", "Annuler"
    KEEP = "keep", "Garder (motif)"


class ReopenReason(models.TextChoices):
    NEW_ALERT = "new_alert", "Nouvelle alerte"
    WORSENED = "worsened", "Aggravation pendant la veille"
    PERSON_REQUEST = "person_request", "Demande de la personne"
    PARTNER_REQUEST = "partner_request", "Demande d'un partenaire"
    OTHER = "other", "Autre"


def _alert_refusal(current: str, target: str) -> str:
    if current == AlertStatus.DRAFT:
        return "Cette alerte est encore un brouillon : elle doit être envoyée avant d'être qualifiée."
    if current == AlertStatus.SUBMITTED:
        return "Cette alerte a déjà été envoyée : elle attend sa qualification."
    return f"Cette alerte a déjà été traitée ({AlertStatus(current).label.lower()})."


# The allowed moves of an alert (checked by the services, concerto/core/transitions.py).
ALERT_TRANSITIONS = Transitions(
    {
        AlertStatus.DRAFT: {AlertStatus.SUBMITTED},
        AlertStatus.SUBMITTED: {AlertStatus.ACCEPTED, AlertStatus.REORIENTED, AlertStatus.NOT_ADMISSIBLE},
    },
    dict(AlertStatus.choices),
    refusal=_alert_refusal,
)


def _situation_refusal(current: str, target: str) -> str:
    if current == SituationStatus.CLOSED and target == SituationStatus.CLOSED:
        return "Cette situation est déjà clôturée."
    if target == SituationStatus.FOLLOWED and current != SituationStatus.CLOSED:
        return "Cette situation n'est pas clôturée : il n'y a rien à rouvrir."
    return (
        f"Une situation « {SituationStatus(current).label} » ne peut pas passer à « {SituationStatus(target).label} »."
    )


# Every open status may close; a closed situation reopens as followed; a cell's sign-off moves « to examine » to
# « followed » (concerto/meetings/services.py).
SITUATION_TRANSITIONS = Transitions(
    {
        SituationStatus.TO_EXAMINE: {SituationStatus.FOLLOWED, SituationStatus.CLOSED},
        SituationStatus.FOLLOWED: {SituationStatus.CLOSED},
        SituationStatus.WATCH: {SituationStatus.CLOSED},
        SituationStatus.CLOSED: {SituationStatus.FOLLOWED},
    },
    dict(SituationStatus.choices),
    refusal=_situation_refusal,
)
