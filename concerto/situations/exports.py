"""The coordinator's export of the situation list (XLSX): codes and follow-up dates, never an identity nor the
situation's label."""

from concerto.core import xlsx
from concerto.councils.problems import problem_labels

HEADERS = [
    "Code",
    "Statut",
    "Cellule",
    "Commune",
    "Ouverte le",
    "Structure référente",
    "Prochain point",
    "Dernière activité",
]


def situations_xlsx(situations) -> tuple[bytes, int]:
    """`situations` annotated by filters.with_list_columns."""
    rows = (
        [
            situation.code,
            situation.get_status_display(),
            situation.cell.name if situation.cell else "",
            situation.commune.name if situation.commune else "",
            situation.opened_on,
            situation.referent or "",
            situation.next_review,
            situation.last_activity,
        ]
        for situation in situations
    )
    return xlsx.workbook("Situations", HEADERS, rows)


ALERT_HEADERS = [
    "Numéro",
    "Reçue le",
    "Envoyée le",
    "Structure à l'origine",
    "Commune",
    "Problèmes observés",
    "Urgence perçue",
    "Statut",
]


def alerts_xlsx(alerts, council) -> tuple[bytes, int]:
    """Never the person's identity nor the referrer's name or contact details. Problems by the council's labels
    (its own types included)."""
    labels = problem_labels(council)
    rows = (
        [
            alert.reference or "",
            alert.received_on,
            alert.submitted_at,
            alert.referrer_organisation_label,
            alert.commune.name if alert.commune else "",
            ", ".join(labels.get(code, code) for code in alert.problems),
            alert.get_urgency_display(),
            alert.get_status_display(),
        ]
        for alert in alerts
    )
    return xlsx.workbook("Alertes", ALERT_HEADERS, rows)
