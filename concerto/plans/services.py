from django.db import transaction

from concerto.core.events import record_event
from concerto.plans.models import Action, ProposalAnswer


@transaction.atomic
def action_create(*, situation, actor, data: dict) -> Action:
    action = Action.objects.create(council=situation.council, situation=situation, created_by=actor, **data)
    record_event(
        council=situation.council, actor=actor, verb="action_created", target=situation, action=action.pk,
        owner=action.owner_organisation_id, due=action.due_on.isoformat(),
    )  # fmt: skip
    return action


@transaction.atomic
def action_set_status(*, action: Action, actor, status: str) -> None:
    previous = action.status
    if previous == status:
        return
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    record_event(
        council=action.council, actor=actor, verb="action_status_changed", target=action.situation,
        action=action.pk, before=previous, after=status,
    )  # fmt: skip


@transaction.atomic
def answer_record(*, situation, actor, data: dict) -> ProposalAnswer:
    answer = ProposalAnswer.objects.create(situation=situation, told_by=actor, **data)
    record_event(
        council=situation.council, actor=actor, verb="person_answer_recorded", target=situation, answer=answer.answer
    )
    return answer
