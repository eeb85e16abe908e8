from django.db import transaction
from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.models import Event
from concerto.plans.enums import ACTION_TRANSITIONS, OPEN_STATUSES, ActionStatus
from concerto.plans.external_services import check_owner, email_index, external_link_send
from concerto.plans.models import Action, ProposalAnswer


@transaction.atomic
def action_create(*, situation, actor, data: dict) -> Action:
    from concerto.situations.policy import consent_state
    from concerto.situations.rules import ConsentBlocked, check_same_council

    if consent_state(situation)[0]:
        raise ConsentBlocked(
            "La personne s'est opposée au partage ou a retiré son accord : aucune nouvelle action ne peut être "
            "décidée à son sujet."
        )
    check_same_council(situation.council, data.get("owner_organisation"), data.get("owner_user"))
    check_owner(data)
    parent = data.get("parent")
    if parent is not None and parent.situation_id != situation.pk:
        raise DomainError("Une action de suite prolonge une action de la même situation.")
    if data.get("due_on") and data["due_on"] < timezone.localdate():
        raise DomainError("L'échéance d'une nouvelle action ne peut pas être dans le passé.")
    data = {**data, "external_owner_name": (data.get("external_owner_name") or "").strip(),
            "external_owner_email": (data.get("external_owner_email") or "").strip()}  # fmt: skip
    action = Action.objects.create(
        council=situation.council, situation=situation, created_by=actor,
        external_owner_index=email_index(data["external_owner_email"]), **data,
    )  # fmt: skip
    record_event(
        council=situation.council, actor=actor, verb="action_created", target=situation, action=action.pk,
        owner=action.owner_organisation_id, due=action.due_on.isoformat(),
        **({"parent": parent.pk} if parent is not None else {}),
        **({"external_owner": True} if action.has_external_owner else {}),
    )  # fmt: skip
    if action.has_external_owner:  # the person without an account gets their link by e-mail
        external_link_send(action=action, actor=actor)
    return action


@transaction.atomic
def action_remind(*, action: Action, actor) -> None:
    """The coordinator's one-click reminder to the owner of an open action (the owner person, a person without an
    account through a new link, or the owner organisation's members of the council when no person is named): at
    most one a day per action. The e-mail is
    sent by a task once the reminder is recorded."""
    from concerto.plans.access import still_shared
    from concerto.plans.tasks import reminder_recipients, send_action_reminder

    action = Action.objects.select_for_update().select_related("situation").get(pk=action.pk)
    if action.status not in OPEN_STATUSES:
        raise DomainError("Cette action est faite ou abandonnée : il n'y a rien à relancer.")
    if not still_shared(Action.objects.filter(pk=action.pk)).exists():
        raise DomainError(
            "La personne s'est opposée au partage ou a retiré son accord : cette action ne peut pas être relancée."
        )
    if not action.has_external_owner and not reminder_recipients(action):
        raise DomainError(
            "Personne ne peut recevoir cette relance : la structure responsable n'a aucun membre actif dans le "
            "conseil. Nommez une personne responsable."
        )
    today = timezone.localdate()
    already = Event.objects.filter(
        council=action.council, verb="action_reminder_sent", target_type="situations.situation",
        target_id=str(action.situation_id), data__action=action.pk, created_at__date=today,
    )  # fmt: skip
    if already.exists():
        raise DomainError("Cette action a déjà été relancée aujourd'hui : une seule relance par jour et par action.")
    record_event(
        council=action.council, actor=actor, verb="action_reminder_sent", target=action.situation, action=action.pk,
        owner=action.owner_organisation_id,
    )  # fmt: skip
    if action.has_external_owner:  # a person without an account: a new link by e-mail (the previous one revoked)
        external_link_send(action=action, actor=actor, reissued=True)
    else:
        enqueue_on_commit(send_action_reminder, action.pk)


def actions_export_record(*, council, actor, rows: int) -> None:
    """The export of the council's actions holds the actions' texts: its production is recorded in the journal."""
    record_event(council=council, actor=actor, verb="actions_exported", rows=rows)


@transaction.atomic
def action_set_status(*, action: Action, actor, status: str) -> None:
    previous = Action.objects.select_for_update().values_list("status", flat=True).get(pk=action.pk)
    if previous == status:
        return
    ACTION_TRANSITIONS.check(previous, status)
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_at", "updated_at"])
    record_event(
        council=action.council, actor=actor, verb="action_status_changed", target=action.situation,
        action=action.pk, before=previous, after=status,
    )  # fmt: skip


@transaction.atomic
def answer_record(*, situation, actor, data: dict) -> ProposalAnswer:
    from concerto.situations.rules import check_not_future

    check_not_future(data.get("told_on"), "La date de la réponse ne peut pas être dans le futur.")
    answer = ProposalAnswer.objects.create(situation=situation, told_by=actor, **data)
    record_event(
        council=situation.council, actor=actor, verb="person_answer_recorded", target=situation, answer=answer.answer
    )
    return answer


@transaction.atomic
def action_decide_after_withdrawal(*, action: Action, actor, keep: bool, reason: str = "") -> None:
    """After an objection or a withdrawal, the coordinator cancels each open action or keeps it with a reason.
    Once no open action is left undecided, the situation leaves the dashboard's list."""
    situation = action.situation
    if not situation.withdrawal_pending_since or action.status not in OPEN_STATUSES:
        raise DomainError("Cette action n'attend pas de décision à la suite d'un retrait de l'accord.")
    if keep and not reason.strip():
        raise DomainError("Indiquez pourquoi l'action est maintenue malgré le retrait de l'accord.")
    if keep:
        action.kept_after_withdrawal = reason.strip()
        action.kept_despite_withdrawal = True
        action.save(update_fields=["kept_after_withdrawal", "kept_despite_withdrawal", "updated_at"])
    else:
        action_set_status(action=action, actor=actor, status=ActionStatus.DROPPED)
    record_event(
        council=action.council, actor=actor, verb="action_decided_after_withdrawal", target=situation,
        action=action.pk, kept=keep,
    )  # fmt: skip
    undecided = situation.actions.filter(status__in=OPEN_STATUSES, kept_despite_withdrawal=False)
    if not undecided.exists():
        situation.withdrawal_pending_since = None
        situation.save(update_fields=["withdrawal_pending_since", "updated_at"])
