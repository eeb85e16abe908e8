"""The council's actions as XLSX (the coordinator's export of the filtered list), through the shared writer
(`core/xlsx.py`: real date cells, a bold frozen header, free text neutralised against spreadsheet formulas)."""

from concerto.core import xlsx

HEADERS = [
    "Situation",
    "Cellule",
    "Action",
    "Suite de l'action n°",
    "Structure responsable",
    "Personne responsable",
    "Échéance",
    "Statut",
    "En retard",
]


def _row(action) -> list:
    return [
        action.situation.code,
        action.situation.cell.name if action.situation.cell else "",
        action.text,
        action.parent_id or "",
        action.owner_organisation.name,
        str(action.owner_user) if action.owner_user else _external(action),
        action.due_on,
        action.get_status_display(),
        "Oui" if action.overdue else "Non",
    ]


def _external(action) -> str:
    return f"{action.external_owner_name} (sans compte)" if action.external_owner_name else ""


def actions_xlsx(actions) -> tuple[bytes, int]:
    """The workbook and its number of rows (`actions` annotated with `overdue`, see plans.access.with_overdue)."""
    return xlsx.workbook("Actions", HEADERS, (_row(action) for action in actions[: xlsx.MAX_ROWS]))
