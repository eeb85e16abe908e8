"""Which actions a user sees. Landlords, police and elected officials see only the actions that concern their
organisation (domain.md §4); health and social professionals and the coordinator see every action of a
situation they may open."""

from django.db.models import Q, QuerySet

from concerto.plans.models import Action


def actions_for(request, access) -> QuerySet:
    actions = Action.objects.filter(situation=access.situation).select_related("owner_organisation", "owner_user")
    if access.is_coordinator or access.sees_clinical:
        return actions
    return actions.filter(Q(owner_user=request.user) | Q(owner_organisation_id=access.organisation_id))


def my_actions(request) -> QuerySet:
    """Actions owned by the user, or by their organisation without a named person, in the current council."""
    query = Q(owner_user=request.user)
    if request.membership.organisation_id:
        query |= Q(owner_user__isnull=True, owner_organisation_id=request.membership.organisation_id)
    return (
        Action.objects.filter(council=request.council)
        .filter(query)
        .select_related("situation", "owner_organisation")
        .order_by("due_on", "id")
    )


def can_update(request, access, action: Action) -> bool:
    return (
        access.is_coordinator
        or action.owner_user_id == request.user.id
        or (
            action.owner_user_id is None
            and request.membership.organisation_id is not None
            and action.owner_organisation_id == request.membership.organisation_id
        )
    )
