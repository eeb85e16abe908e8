"""Which actions a user sees, by the disclosure policy (situations/policy.py): landlords, police and elected
officials see only the actions that concern their organisation (domain.md §4); health and social professionals
and the coordinator see the actions of the classes open to them; an owner always sees their own actions."""

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from concerto.core.roles import Role
from concerto.plans.enums import OPEN_STATUSES
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


def with_overdue(actions: QuerySet, today=None) -> QuerySet:
    """Annotates `is_open` and `overdue` (open and past its due date: the table's "En retard" badge)."""
    today = today or timezone.localdate()
    return actions.annotate(
        is_open=Case(
            When(status__in=OPEN_STATUSES, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        overdue=Case(
            When(status__in=OPEN_STATUSES, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def council_actions(reader) -> QuerySet:
    """Every action of the council, for its coordinator only (who sees every class of every situation, policy
    table): any other role gets nothing, whatever the page that asks."""
    if reader.membership is None or reader.membership.role != Role.COORDINATOR:
        return Action.objects.none()
    return with_overdue(
        Action.objects.filter(council=reader.council).select_related(
            "situation", "situation__cell", "owner_organisation", "owner_user"
        )
    ).order_by("due_on", "id")


def updatable_q(request, access) -> Q:
    """`can_update` as a filter, for anyone but the coordinator (who updates every action): the actions they own, or
    that their organisation owns without a named person."""
    own = Q(owner_user_id=request.user.id)
    if request.membership.organisation_id is not None:
        own |= Q(owner_user__isnull=True, owner_organisation_id=request.membership.organisation_id)
    return own


def with_row_controls(actions: QuerySet, request, access) -> QuerySet:
    """Annotates what the actions table offers on each row: `editable` (the status form, `can_update`) and
    `awaits_decision` (the coordinator's keep-or-drop decision on an open action after a withdrawal of agreement)."""
    withdrawal = access.is_coordinator and access.situation.withdrawal_pending_since is not None
    return actions.annotate(
        editable=Value(True)
        if access.is_coordinator
        else Case(When(updatable_q(request, access), then=Value(True)), default=Value(False)),
        awaits_decision=Case(
            When(Q(status__in=OPEN_STATUSES, kept_despite_withdrawal=False), then=Value(withdrawal)),
            default=Value(False),
        ),
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
