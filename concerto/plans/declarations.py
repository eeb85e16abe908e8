"""What the plans app declares to core's registry (imported by `PlansConfig.ready()`): event labels, retention
rules and anonymiser, its subject-access section, its daily job and its home-page panels."""

from django.db.models import Count
from django.utils import timezone

from concerto.core.registry import ANONYMISE, DESTROY, Panel, registry
from concerto.core.roles import Role
from concerto.plans.access import my_actions
from concerto.plans.enums import OPEN_STATUSES, ActionState
from concerto.plans.indicators import INDICATORS
from concerto.plans.models import Action, ExternalActionLink, ProposalAnswer

LIMIT = 10

registry.register_events(
    {
        "action_created": "Action décidée",
        "action_status_changed": "Statut d'une action modifié",
        "person_answer_recorded": "Réponse de la personne enregistrée",
        "action_decided_after_withdrawal": "Action annulée ou maintenue après le retrait de l'accord",
        "action_reminder_sent": "Relance envoyée au responsable d'une action",
        "actions_exported": "Export des actions du conseil",
        "action_external_link_sent": "Lien envoyé au responsable sans compte d'une action",
        "action_external_updated": "Action mise à jour par son responsable sans compte",
    }
)

registry.register_retention(
    {
        "plans.action": {
            "text": ANONYMISE, "owner_user": ANONYMISE, "kept_after_withdrawal": ANONYMISE,
            "external_owner_name": ANONYMISE, "external_owner_email": ANONYMISE, "external_owner_index": ANONYMISE,
            "external_comment": ANONYMISE,
        },
        "plans.externalactionlink": {"*": DESTROY},
        "plans.proposalanswer": {"told_by": ANONYMISE},
    },
    kept={
        "plans.action": [
            "council", "situation", "owner_organisation", "due_on", "parent", "status", "visibility",
            "kept_despite_withdrawal", "created_by", "created_at", "updated_at", "done_at",
        ],
        "plans.proposalanswer": ["situation", "told_on", "answer", "created_at"],
    },
)  # fmt: skip
registry.register_out_of_scope(
    {
        "plans.reminderdigest": "Le jour où un rappel groupé a été envoyé à un membre.",
        "plans.externalreminderdigest": "Le jour où un rappel groupé a été envoyé à une personne sans compte, sous "
        "une empreinte à clé de son adresse (ni nom ni adresse) ; supprimé après une semaine.",
    }
)


def anonymise_situation(situation) -> None:
    ExternalActionLink.objects.filter(action__situation=situation).delete()
    Action.objects.filter(situation=situation).update(**registry.blanked(Action))
    ProposalAnswer.objects.filter(situation=situation).update(**registry.blanked(ProposalAnswer))


registry.register_anonymiser("plans", anonymise_situation, order=20)


def subject_access_section(situation) -> dict:
    return {
        "actions": [
            {"action": a.text, "owner": a.owner_organisation.name, "due_on": a.due_on.isoformat(),
             "status": a.get_status_display()}
            for a in situation.actions.select_related("owner_organisation")
        ]
    }  # fmt: skip


registry.register_section("plans", subject_access_section, order=30)
registry.register_daily_job("action_reminders", "concerto.plans.tasks.action_reminders")


def overdue_panel(request) -> dict:
    overdue = Action.objects.filter(council=request.council, status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    # Each count links to the council's actions, filtered on that organisation and "overdue".
    return {
        "overdue_state": ActionState.OVERDUE.value,
        "overdue_by_partner": list(
            overdue.values("owner_organisation_id", "owner_organisation__name")
            .annotate(n=Count("id"))
            .order_by("-n", "owner_organisation__name")[:LIMIT]
        ),
    }


def open_actions_panel(request) -> dict:
    return {"open_actions": list(my_actions(request).filter(status__in=OPEN_STATUSES)[:LIMIT])}


registry.register_panel(
    Panel("plans.overdue", "plans/panels/overdue.html", overdue_panel, "coordination", 40,
          frozenset({Role.COORDINATOR}))
)  # fmt: skip
registry.register_panel(
    Panel("plans.open_actions", "plans/panels/open_actions.html", open_actions_panel, "member", 20,
          frozenset(Role) - {Role.OBSERVER})  # an observer never owns an action
)  # fmt: skip


def coordinator_todo_panel(request) -> list[dict]:
    """The coordinator's « À faire maintenant »: the council's overdue actions, to chase (the council's actions,
    filtered on « en retard »)."""
    from django.urls import reverse

    from concerto.core.dashboard import count_label, todo

    overdue = Action.objects.filter(
        council=request.council, status__in=OPEN_STATUSES, due_on__lt=timezone.localdate()
    ).count()
    if not overdue:
        return []
    url = f"{reverse('plans:council_actions')}?state={ActionState.OVERDUE.value}"
    return [todo(f"Relancer {count_label(overdue, 'action', 'actions')}", url, "échéance dépassée")]


def member_todo_panel(request) -> list[dict]:
    """Every member's own overdue actions (theirs, or their organisation's without a named person)."""
    from django.urls import reverse

    from concerto.core.dashboard import todo

    mine = my_actions(request).filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate()).count()
    if not mine:
        return []
    return [todo(f"Mes actions en retard ({mine})", reverse("plans:my_actions"), "à faire ou à mettre à jour")]


registry.register_panel(Panel("plans.todo", "", coordinator_todo_panel, "todo", 30, frozenset({Role.COORDINATOR})))
registry.register_panel(Panel("plans.my_todo", "", member_todo_panel, "todo", 50))

for _indicator in INDICATORS:  # the Bilan page's figures (issue 14)
    registry.register_indicator(_indicator)
