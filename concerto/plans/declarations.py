"""What the plans app declares to core's registry (imported by `PlansConfig.ready()`): event labels, retention
rules and anonymiser, its subject-access section, its daily job and its home-page panels."""

from django.db.models import Count
from django.utils import timezone

from concerto.core.registry import ANONYMISE, Panel, registry
from concerto.core.roles import Role
from concerto.plans.access import my_actions
from concerto.plans.enums import OPEN_STATUSES, ActionState
from concerto.plans.models import Action, ProposalAnswer

LIMIT = 10

registry.register_events(
    {
        "action_created": "Action décidée",
        "action_status_changed": "Statut d'une action modifié",
        "person_answer_recorded": "Réponse de la personne enregistrée",
        "action_decided_after_withdrawal": "Action annulée ou maintenue après le retrait de l'accord",
        "action_reminder_sent": "Relance envoyée au responsable d'une action",
        "actions_exported": "Export des actions du conseil",
    }
)

registry.register_retention(
    {
        "plans.action": {"text": ANONYMISE, "owner_user": ANONYMISE, "kept_after_withdrawal": ANONYMISE},
        "plans.proposalanswer": {"told_by": ANONYMISE},
    },
    kept={
        "plans.action": [
            "council", "situation", "owner_organisation", "due_on", "parent", "status", "visibility",
            "kept_despite_withdrawal", "created_by", "created_at", "updated_at",
        ],
        "plans.proposalanswer": ["situation", "told_on", "answer", "created_at"],
    },
)  # fmt: skip
registry.register_out_of_scope({"plans.reminderdigest": "Le jour où un rappel groupé a été envoyé à un membre."})


def anonymise_situation(situation) -> None:
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
registry.register_panel(Panel("plans.open_actions", "plans/panels/open_actions.html", open_actions_panel, "member", 20))
