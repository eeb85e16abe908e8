from django.conf import settings

from concerto.core.roles import Role


def concerto(request):
    membership = getattr(request, "membership", None)
    return {
        "STATE_BRANDING": settings.CONCERTO_STATE_BRANDING,
        "current_council": getattr(request, "council", None),
        "current_membership": membership,
        "user_memberships": getattr(request, "memberships", []),
        "is_coordinator": bool(membership and membership.role == Role.COORDINATOR),
        "can_read_audit": bool(membership and membership.role in (Role.COORDINATOR, Role.DPO)),
        # The observer is read-only (core/decorators.py refuses their writes): no write button is offered.
        "can_write": bool(membership and membership.role != Role.OBSERVER),
    }
