"""The cross-council observatory (issue 14): a federation of CLSM or a regional platform is a council of Concerto
whose page « Observatoire » sums the indicators of the member councils that consent.

- Who reads it: the observatory council's readers of the Bilan (`access.may_read`), always with suppressed figures
  (k of the observatory council): no reader of the observatory is inside the member councils' cells.
- What is summed: every `summable` indicator (counts, amounts), row by row on the rows' labels; the suppression
  (primary, and secondary in a partition) applies to the SUM, through `report.as_result`, as on the Bilan. A median,
  a delay or a rate does not add up: it is listed as « non agrégé entre conseils », name only.
- Which councils: those whose coordinator consented and did not withdraw since. A consent covers every period
  (the observatory reads last year's figures of a council that joined this year); a withdrawal takes the council's
  figures out at once, for every period, since nothing is stored: the sum is computed on each request.
- Fewer than `MIN_MEMBERS` (3) consenting councils: no figure at all. With one council the figures would be that
  council's own, attributed; with two, the coordinator of one (who reads their council's exact figures) would get
  the other's by subtraction, small counts included. With three or more, two members together could still
  subtract theirs from the sum: the suppression of the sum protects small counts, not a council against a
  coalition of the others (stated on the page).

Cost: one computation per summable indicator and per consenting council, so the query count grows with the
number of member councils (not with their caseload) — issue 15 may group the councils in one query per indicator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from concerto.core.registry import registry
from concerto.core.roles import Role
from concerto.reports import report, suppression
from concerto.reports.access import may_read
from concerto.reports.models import ObservatoryMembership

MIN_MEMBERS = 3
NOT_SUMMED = "non agrégé entre conseils"
SHARED = "les indicateurs agrégés de votre conseil, sous le secret statistique, jamais une situation"

PENDING, ACTIVE, REFUSED, WITHDRAWN = "pending", "active", "refused", "withdrawn"
STATUS_LABELS = {
    PENDING: "En attente de réponse",
    ACTIVE: "Accepté",
    REFUSED: "Refusé",
    WITHDRAWN: "Retiré",
}


def status_of(membership: ObservatoryMembership) -> str:
    if membership.withdrawn_at is not None:
        return WITHDRAWN if membership.consented_at is not None else REFUSED
    return ACTIVE if membership.consented_at is not None else PENDING


# -- who reads and acts -------------------------------------------------------------------------------------------
def observatory_access(request) -> bool:
    """The observatory page: the Bilan's readers of the current council (never exact). True for its coordinator,
    who asks councils to join."""
    if not may_read(request.membership):
        raise PermissionDenied("L'observatoire est réservé à la coordination, aux instances et aux élu·es.")
    return request.membership.role == Role.COORDINATOR


def member_access(request) -> bool:
    """The page « Observatoires » of a member council: its coordinator answers, its DPO reads (what the council
    shares is a data-protection matter). True when the reader may answer."""
    if request.membership is None or request.membership.role not in (Role.COORDINATOR, Role.DPO):
        raise PermissionDenied("Les demandes des observatoires sont réservées à la coordination et au DPO.")
    return request.membership.role == Role.COORDINATOR


# -- rows ----------------------------------------------------------------------------------------------------------
def consenting(observatory):
    return ObservatoryMembership.objects.filter(
        observatory=observatory, consented_at__isnull=False, withdrawn_at__isnull=True
    ).select_related("member")


def memberships_of(observatory):
    """Every request the observatory made, whatever its state (its coordinator's follow-up)."""
    return ObservatoryMembership.objects.filter(observatory=observatory).select_related("member")


def requests_to(member):
    return (
        ObservatoryMembership.objects.filter(member=member)
        .select_related("observatory")
        .order_by("observatory__name", "id")
    )


def pending_for(member):
    return requests_to(member).filter(consented_at__isnull=True, withdrawn_at__isnull=True)


def request_for(member, pk: int) -> ObservatoryMembership:
    """A request addressed to this council; another council's request is a 404."""
    return get_object_or_404(requests_to(member), pk=pk)


# -- the sum -------------------------------------------------------------------------------------------------------
@dataclass
class Observatory:
    council: object
    start: date
    end: date
    members: list  # the consenting memberships
    report: report.Report | None  # None with fewer than MIN_MEMBERS councils
    not_summed: list  # indicators listed by name only

    @property
    def enough(self) -> bool:
        return self.report is not None


def _number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _add(values: list):
    numbers = [v for v in values if _number(v)]
    if any(isinstance(v, float) for v in numbers):  # a Decimal does not add to a float
        numbers = [float(v) for v in numbers]
    return sum(numbers) if numbers else None


def summed(values: list):
    """The councils' values of one indicator added up: a single figure, or rows summed by label (first-seen order;
    a label missing in a council adds nothing)."""
    if not any(isinstance(v, list) for v in values):
        return _add(values)
    by_label: dict[str, list] = {}
    for rows in values:
        for label, value in rows or []:
            by_label.setdefault(label, []).append(value)
    return [(label, _add(found)) for label, found in by_label.items()]


def build(observatory, start: date, end: date) -> Observatory:
    members = list(consenting(observatory))
    indicators = [i for i in registry.indicators if i.summable]
    not_summed = [i for i in registry.indicators if not i.summable]
    if len(members) < MIN_MEMBERS:
        return Observatory(observatory, start, end, members, None, not_summed)
    k = suppression.threshold_for(observatory)
    results = []
    for indicator in indicators:
        # One computation per member council: the query count grows with the members (issue 15 may group them).
        values = [indicator.compute(m.member, start, end, None) for m in members]
        results.append(report.as_result(indicator, summed(values), exact=False, k=k))
    built = report.Report(observatory, start, end, None, False, k, results)
    return Observatory(observatory, start, end, members, built, not_summed)


def xlsx_rows(result: Observatory) -> list[list]:
    """The page's figures line by line (`report.xlsx_rows`), then the indicators that are not summed."""
    if result.report is None:
        return []
    lines = report.xlsx_rows(result.report)
    lines += [[indicator.label, "", NOT_SUMMED, indicator.unit] for indicator in result.not_summed]
    return lines
