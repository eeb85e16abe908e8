"""Who the alerts and the new situations are about (issue 14): commune, problems, urgency, person mode and consent
at alert; age band, sex, housing status and legal protection of the situations opened in the period.

Declared in core's registry through `indicators.INDICATORS` (this module holds the querysets both modules start
from). Every function takes `(council, start, end, cell=None)` (both ends of the period included) and runs one
aggregate query (two for the problems: the council's list of problem types, then the counts), whatever the caseload.
A breakdown by a coded field lists every choice in the field's order, zeros included."""

from __future__ import annotations

from django.db.models import Count, Q

from concerto.core.registry import Indicator
from concerto.councils.problems import problem_list
from concerto.situations.enums import (
    AgeBand,
    Agreement,
    AlertStatus,
    HousingStatus,
    LegalProtection,
    PersonMode,
    Sex,
    Urgency,
)
from concerto.situations.models import Alert, Situation

NOT_GIVEN = "Non renseigné"
NO_COMMUNE = "Commune non renseignée"
NO_PROBLEM = "Aucun problème indiqué"


def received(council, start, end, cell=None):
    """The alerts received in the period: sent to the council (drafts left out), with a reception day in it."""
    alerts = Alert.objects.filter(council=council, received_on__range=(start, end)).exclude(status=AlertStatus.DRAFT)
    return alerts.filter(cell=cell) if cell is not None else alerts


def council_situations(council, cell=None):
    situations = Situation.objects.filter(council=council)
    return situations.filter(cell=cell) if cell is not None else situations


def opened(council, start, end, cell=None):
    return council_situations(council, cell).filter(opened_on__range=(start, end))


def by_choice(queryset, field: str, choices, *, blank_row: bool = True, only_if_used=()) -> list[tuple[str, int]]:
    """Counts by the value of `field`, one row per choice in the choices' order (zeros shown). A value outside the
    choices (a blank) goes to the « Non renseigné » row, shown always when `blank_row`, else only when not zero; the
    choices of `only_if_used` (a band kept for old records) are shown only when not zero."""
    counts = dict(queryset.values_list(field).annotate(n=Count("id")).order_by())
    rows = []
    for value, label in choices:
        n = counts.pop(value, 0)
        if n or value not in only_if_used:
            rows.append((str(label), n))
    others = sum(counts.values())
    if blank_row or others:
        rows.append((NOT_GIVEN, others))
    return rows


def alerts_by_commune(council, start, end, cell=None) -> list[tuple[str, int]]:
    """By the commune's name (with its department when two communes of the rows share a name), most alerts first."""
    counts = list(
        received(council, start, end, cell)
        .values_list("commune_id", "commune__name", "commune__department_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    names = [name for commune, name, _, _ in counts if commune is not None]
    rows = []
    for commune, name, department, n in counts:
        if commune is None:
            rows.append((NO_COMMUNE, n))
        else:
            rows.append((f"{name} ({department})" if names.count(name) > 1 else name, n))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def alerts_in_qpv(council, start, end, cell=None) -> int:
    return received(council, start, end, cell).filter(is_qpv=True).count()


def alerts_by_problem(council, start, end, cell=None) -> list[tuple[str, int]]:
    """Each type of the council's list (hidden types too) counted over the alerts that report it: a problem code is
    stored in the alert's JSON list, quoted, so `"code"` matches that code only (`"debt"` is not in `"local_debt"`).
    Types no alert of the period reports are left out; most reported first."""
    entries = problem_list(council)
    counts = {f"p{i}": Count("id", filter=Q(problems__icontains=f'"{entry.code}"')) for i, entry in enumerate(entries)}
    counts["none"] = Count("id", filter=Q(problems=[]))
    totals = received(council, start, end, cell).aggregate(**counts)
    rows = [(entry.label, totals[f"p{i}"]) for i, entry in enumerate(entries) if totals[f"p{i}"]]
    rows = sorted(rows, key=lambda row: (-row[1], row[0]))
    return rows + [(NO_PROBLEM, totals["none"])] if totals["none"] else rows


def alerts_by_urgency(council, start, end, cell=None) -> list[tuple[str, int]]:
    return by_choice(received(council, start, end, cell), "urgency", Urgency.choices, blank_row=False)


def alerts_by_person_mode(council, start, end, cell=None) -> list[tuple[str, int]]:
    return by_choice(received(council, start, end, cell), "person_mode", PersonMode.choices, blank_row=False)


CONSENT_AT_ALERT = [
    ("Non demandé", ~Q(person_agrees__in=[Agreement.YES, Agreement.NO]) & ~Q(person_informed=Agreement.YES)),
    ("Refusé", Q(person_agrees=Agreement.NO)),
    ("Donné", Q(person_agrees=Agreement.YES)),
    ("Partiel (personne informée, accord non recueilli)",
     ~Q(person_agrees__in=[Agreement.YES, Agreement.NO]) & Q(person_informed=Agreement.YES)),
]  # fmt: skip


def alerts_by_consent(council, start, end, cell=None) -> list[tuple[str, int]]:
    counts = received(council, start, end, cell).aggregate(
        **{f"c{i}": Count("id", filter=condition) for i, (_, condition) in enumerate(CONSENT_AT_ALERT)}
    )
    return [(label, counts[f"c{i}"]) for i, (label, _) in enumerate(CONSENT_AT_ALERT)]


def situations_by_age_band(council, start, end, cell=None) -> list[tuple[str, int]]:
    return by_choice(
        opened(council, start, end, cell), "age_band", AgeBand.choices, blank_row=False, only_if_used={AgeBand.UNDER_25}
    )


def situations_by_sex(council, start, end, cell=None) -> list[tuple[str, int]]:
    return by_choice(opened(council, start, end, cell), "sex", Sex.choices)


def situations_by_housing_status(council, start, end, cell=None) -> list[tuple[str, int]]:
    return by_choice(opened(council, start, end, cell), "housing_status", HousingStatus.choices)


def situations_by_legal_protection(council, start, end, cell=None) -> list[tuple[str, int]]:
    return by_choice(opened(council, start, end, cell), "legal_protection", LegalProtection.choices, blank_row=False)


OPENED = "Situations ouvertes pendant la période"
PEOPLE_INDICATORS = [
    Indicator(
        "alerts_by_commune",
        "Alertes reçues par commune",
        "Les alertes reçues, selon la commune de la personne, de la plus représentée à la moins représentée ; "
        "« Commune non renseignée » quand l'alerte n'en indique pas.",
        "situations",
        14,
        alerts_by_commune,
    ),
    Indicator(
        "alerts_in_qpv",
        "Alertes reçues : dont en quartier prioritaire (QPV)",
        "Parmi les alertes reçues, celles qui concernent une personne domiciliée dans un quartier prioritaire de la "
        "politique de la ville (QPV), selon l'alerte.",
        "situations",
        14,
        alerts_in_qpv,
    ),
    Indicator(
        "alerts_by_problem",
        "Alertes reçues par problème observé",
        "Les alertes reçues, selon les problèmes observés qu'elles signalent (liste des types de problèmes du "
        "conseil). Une alerte peut signaler plusieurs problèmes : elle est comptée pour chacun, la somme des lignes "
        "dépasse donc le nombre d'alertes. Les problèmes qu'aucune alerte ne signale ne sont pas listés.",
        "situations",
        15,
        alerts_by_problem,
        partition=False,
    ),
    Indicator(
        "alerts_by_urgency",
        "Alertes reçues par urgence perçue",
        "Les alertes reçues, selon l'urgence perçue par la structure qui les a transmises.",
        "situations",
        16,
        alerts_by_urgency,
    ),
    Indicator(
        "alerts_by_person_mode",
        "Alertes reçues par mode de désignation de la personne",
        "Les alertes reçues, selon que la personne y est anonyme, désignée par ses initiales ou nommée.",
        "situations",
        17,
        alerts_by_person_mode,
    ),
    Indicator(
        "alerts_by_consent",
        "Consentement de la personne à l'alerte",
        "Les alertes reçues, selon ce que la structure a déclaré dans l'alerte : « Donné » quand la personne est "
        "d'accord, « Refusé » quand elle ne l'est pas, « Partiel » quand elle est informée de l'alerte sans que son "
        "accord soit connu, « Non demandé » quand elle n'en est pas informée (ou que la structure ne le sait pas) et "
        "que son accord n'est pas connu.",
        "situations",
        18,
        alerts_by_consent,
    ),
    Indicator(
        "situations_by_age_band",
        "Nouvelles situations par tranche d'âge",
        f"{OPENED}, selon la tranche d'âge de la personne (dont les 18 à 24 ans) ; l'ancienne tranche « moins de 25 "
        "ans » n'apparaît que si des situations l'ont encore.",
        "situations",
        26,
        situations_by_age_band,
    ),
    Indicator(
        "situations_by_sex",
        "Nouvelles situations par sexe",
        f"{OPENED}, selon le sexe de la personne ; « Non renseigné » quand il n'est pas indiqué.",
        "situations",
        27,
        situations_by_sex,
    ),
    Indicator(
        "situations_by_housing_status",
        "Nouvelles situations par situation de logement",
        f"{OPENED}, selon la situation de logement de la personne ; « Non renseigné » quand elle n'est pas indiquée.",
        "situations",
        28,
        situations_by_housing_status,
    ),
    Indicator(
        "situations_by_legal_protection",
        "Nouvelles situations par mesure de protection juridique",
        f"{OPENED}, selon la mesure de protection juridique de la personne (« Inconnue » quand elle n'est pas connue).",
        "situations",
        29,
        situations_by_legal_protection,
    ),
]
