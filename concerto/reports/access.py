"""Who may read the Bilan page and how exact its figures are (issue 14).

- the coordinator and the DPO read the exact figures (their own work inside the cell, and the register's control);
- a member of the bodies (COPIL, plenary), the observer and a partner who is an elected official read the
  figures suppressed below k (every figure that leaves the cell: see `suppression.py`);
- every other member (cell or Commission appartement member, a partner of another profession): 403, they have no
  reason to read the council's figures.
The XLSX export follows the same rule: exact for the first two, suppressed for the others.

The annual activity report is made to leave the cell (COPIL, funders): every reader of the Bilan may download it and
its figures are always suppressed; only the coordinator and the DPO write its narrative."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from concerto.core.roles import Role

EXACT_ROLES = frozenset({Role.COORDINATOR, Role.DPO})
SUPPRESSED_ROLES = frozenset({Role.GOVERNANCE_MEMBER, Role.OBSERVER})
ELECTED = "elected"  # accounts' Profession.ELECTED


@dataclass(frozen=True)
class ReportAccess:
    council: object
    exact: bool


def may_read(membership) -> bool:
    if membership is None:
        return False
    role = membership.role
    return (
        role in EXACT_ROLES or role in SUPPRESSED_ROLES or (role == Role.PARTNER and membership.profession == ELECTED)
    )


def report_access(request) -> ReportAccess:
    if not may_read(request.membership):
        raise PermissionDenied("Les bilans sont réservés à la coordination, aux instances et aux élu·es.")
    return ReportAccess(request.council, exact=request.membership.role in EXACT_ROLES)


def may_edit_narrative(membership) -> bool:
    return membership is not None and membership.role in EXACT_ROLES
