"""Which actions a user sees, by the disclosure policy (situations/policy.py): landlords, police and elected
officials see only the actions that concern their organisation (domain.md §4); health and social professionals
and the coordinator see the actions of the classes open to them; an owner always sees their own actions."""

from django.db.models import Q, QuerySet

from concerto.plans.models import Action
from concerto.situations.policy import blocked_situation_ids


def visible_actions_q(access) -> Q:
    """The disclosure policy for actions, as a filter (the same rule as `SituationAccess.sees_action`)."""
    if not access.sees_content:
        return Q(pk__in=[])
    own = Q(owner_user_id=access.user_id)
    if access.organisation_id is not None:
        own |= Q(owner_organisation_id=access.organisation_id)
    if access.is_coordinator or access.sees_clinical:
        return own | Q(visibility__in=access.visible_note_classes())
    return own


def actions_for(reader, access) -> QuerySet:
    return (
        Action.objects.filter(situation=access.situation)
        .filter(visible_actions_q(access))
        .select_related("owner_organisation", "owner_user")
    )


def still_shared(actions: QuerySet) -> QuerySet:
    """Leaves out the actions of a person who objected or withdrew their agreement, unless the coordinator kept
    them with a reason: their owners no longer see them in their lists nor in reminders."""
    return actions.exclude(Q(situation_id__in=blocked_situation_ids()) & Q(kept_despite_withdrawal=False))


def my_actions(reader) -> QuerySet:
    """Actions owned by the user, or by their organisation without a named person, in the current council."""
    query = Q(owner_user=reader.user)
    if reader.membership.organisation_id:
        query |= Q(owner_user__isnull=True, owner_organisation_id=reader.membership.organisation_id)
    return (
        still_shared(Action.objects.filter(council=reader.council))
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
