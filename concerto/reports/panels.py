"""« Le conseil en chiffres » (issue 14): the home page's panel of key figures for the readers of the Bilan outside
the cell — the members of the bodies, the observer and the elected officials (partners of the elected profession).

The figures of the current year so far, suppressed below the council's k like every figure that leaves the cell;
taken from `report.build` by indicator code (a code no app registers is skipped). The coordinator and the DPO do not
get it: they read the exact Bilan from the menu, and the coordinator's home is their to-do list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from concerto.reports import report
from concerto.reports.access import EXACT_ROLES, may_read

# (indicator code, what the figure counts: singular for 0 and 1, plural); the first MAX_FIGURES registered ones are
# shown, in this order.
KEY_FIGURES = (
    ("alerts_received", ("alerte reçue", "alertes reçues")),
    ("situations_active", ("situation suivie aujourd'hui", "situations suivies aujourd'hui")),
    ("situations_new", ("nouvelle situation", "nouvelles situations")),
    ("sessions_per_month", ("séance de cellule tenue", "séances de cellule tenues")),
    ("events_by_kind", ("événement public tenu", "événements publics tenus")),
    ("trainings_people_trained", ("personne formée", "personnes formées")),
    ("housing_people_housed", ("personne logée (filière appartement)", "personnes logées (filière appartement)")),
)
MAX_FIGURES = 6


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    shown: str


def _value(result: report.Result):
    """A single figure, a partition's total (suppressed as the Bilan shows it), or the last row (the state at the
    end of the period, e.g. the situations followed today)."""
    if result.single:
        return result.rows[0]
    if result.total is not None:
        return report.Row("", result.total)
    return result.rows[-1] if result.rows else report.Row("", None)


def key_figures(council, today: date) -> list[Figure]:
    codes = [code for code, _ in KEY_FIGURES]
    built = report.build(council, date(today.year, 1, 1), today, exact=False, codes=set(codes))
    results = {result.indicator.code: result for result in built.results}
    labels = dict(KEY_FIGURES)
    figures = []
    for code in codes:
        if code in results:
            shown = _value(results[code]).shown
            singular, plural = labels[code]
            figures.append(Figure(code, singular if shown in ("0", "1") else plural, shown))
    return figures[:MAX_FIGURES]


def key_figures_panel(request) -> dict:
    membership = request.membership
    if not may_read(membership) or membership.role in EXACT_ROLES:
        return {}
    today = timezone.localdate()
    return {
        "figures": key_figures(request.council, today),
        "start": date(today.year, 1, 1),
        "today": today,
        "threshold": report.suppression.threshold_for(request.council),
    }
