"""What the situations app declares to core's registry (imported by `SituationsConfig.ready()`): event labels,
audit-log descriptions, retention rules and anonymiser, its subject-access section and its home-page panels."""

from datetime import timedelta

from django.db.models import CharField, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from concerto.core.models import Event
from concerto.core.registry import ANONYMISE, DESTROY, KEEP, Panel, registry
from concerto.core.roles import Role
from concerto.councils.problems import problem_labels
from concerto.councils.problems import register_national as register_national_problems
from concerto.situations import retention
from concerto.situations.enums import AlertStatus, Problem, SituationStatus
from concerto.situations.indicators import INDICATORS
from concerto.situations.policy import active_participations

INACTIVITY_DAYS = 60
REVIEW_HORIZON_DAYS = 14
LIMIT = 10

registry.register_events(
    {
        "alert_created": "Alerte créée",
        "alerts_exported": "Export des alertes",
        "situations_exported": "Export de la liste des situations",
        "alert_submitted": "Alerte envoyée",
        "alert_accepted": "Alerte acceptée",
        # f"alert_{status}" in services.alert_decline, one per refusal status:
        f"alert_{AlertStatus.REORIENTED.value}": "Alerte réorientée",
        f"alert_{AlertStatus.NOT_ADMISSIBLE.value}": "Alerte non recevable",
        "alert_attached": "Alerte rattachée",
        "alert_received_on_changed": "Date de réception de l'alerte corrigée",
        "secure_link_created": "Lien sécurisé créé",
        "secure_link_revoked": "Lien sécurisé révoqué",
        "situation_opened": "Situation ouverte à partir d'une alerte",
        "situation_updated": "Informations modifiées",
        "mode_changed": "Mode modifié",
        "identity_updated": "Identité modifiée",
        "person_informed": "Information de la personne enregistrée",
        "consent_given": "Accord enregistré",
        "consent_objection": "Opposition enregistrée",
        "consent_withdrawn": "Retrait de l'accord enregistré",
        "participant_added": "Participant ajouté",
        "participant_ended": "Participation close",
        "relative_added": "Proche de la personne associé·e",
        "relative_ended": "Participation d'un·e proche close",
        "referent_designated": "Référent·e désigné·e",
        "note_added": "Note ajoutée au journal",
        "eviction_stage_advanced": "Stade de la procédure d'expulsion avancé (journal)",
        "situation_closed": "Situation clôturée",
        "situation_reopened": "Situation rouverte",
    }
)
# The national list of problem types, under each council's own choices (concerto/councils/problems.py).
register_national_problems(Problem.choices)
registry.register_describer("situations.situation", lambda situation: f"Situation {situation.code}")
registry.register_describer(
    "situations.alert", lambda alert: f"Alerte {alert.reference}" if alert.reference else "Alerte (brouillon)"
)
registry.register_describer(
    "situations.securelink", lambda link: f"Lien sécurisé pour {link.organisation}", related=("organisation",)
)

# Coded, non-identifying fields kept for statistics, listed one by one so that a new field needs a decision.
_PERSON = ["person_mode", "sex", "age_band", "commune", "housing_status", "landlord_organisation", "legal_protection",
           "eviction_stage", "urgency", "council", "cell"]  # fmt: skip
registry.register_retention(
    {
        "situations.identity": {"*": DESTROY},
        "situations.journalnote": {"*": DESTROY},
        "situations.relative": {"*": DESTROY},  # a relative's name and contact: destroyed with the situation
        "situations.attachment": {"*": DESTROY},
        "situations.consentrecord": {"by_whom": ANONYMISE, "means": ANONYMISE},
        "situations.participant": {"user": ANONYMISE},
        "situations.situation": {
            "label": ANONYMISE, "initials": ANONYMISE, "neighbourhood": ANONYMISE, "landlord_name": ANONYMISE,
            "mandataire": ANONYMISE, "housing_since": ANONYMISE, "follow_ups": KEEP, "unpaid_amount": KEEP,
            "label_index": ANONYMISE, "neighbourhood_index": ANONYMISE,
        },
        "situations.alert": {
            "referrer_name": ANONYMISE, "referrer_phone": ANONYMISE, "referrer_email": ANONYMISE,
            "referrer_organisation_name": ANONYMISE, "referrer_role": ANONYMISE, "initials": ANONYMISE,
            "neighbourhood": ANONYMISE, "landlord_name": ANONYMISE, "mandataire": ANONYMISE,
            "housing_since": ANONYMISE, "facts": ANONYMISE, "already_tried": ANONYMISE, "expected_help": ANONYMISE,
            "decision_reason": ANONYMISE,
        },
    },
    kept={
        "situations.consentrecord": [
            "situation", "kind", "occurred_on", "recorded_by", "created_at", "covers_relatives",
        ],
        "situations.participant": ["situation", "organisation", "since", "until"],
        "situations.situation": [
            *_PERSON, "code", "status", "referrer_type", "opened_on", "closed_on", "closure_reason",
            "closure_flags", "closure_decided_by", "relay_organisation", "watch_until", "anonymised_at",
            "withdrawal_pending_since", "created_at",
            "updated_at",
        ],
        "situations.alert": [
            *_PERSON, "follow_ups", "reference", "status", "author", "secure_link", "referrer_organisation",
            "problems", "person_informed", "person_agrees", "created_at", "updated_at", "submitted_at", "received_on",
            "decided_at",
            "decided_by", "reoriented_to", "situation",
        ],
        "situations.securelink": [
            "council", "organisation", "token_hash", "created_by", "created_at", "expires_at", "revoked_at",
        ],
        "situations.situationproblem": ["situation", "code"],
        "situations.counter": ["council", "kind"],
    },
)  # fmt: skip
# Last: the situation itself is blanked once every other app has anonymised its rows about it.
registry.register_anonymiser("situations", retention.anonymise_situation, order=90)


def subject_access_section(situation) -> dict:
    problems = problem_labels(situation.council)  # the council's local types too, never a raw code
    return {
        "code": situation.code, "status": situation.get_status_display(),
        "opened_on": situation.opened_on.isoformat(),
        "closed_on": situation.closed_on.isoformat() if situation.closed_on else None,
        "problems": [problems.get(r.code, r.code) for r in situation.problem_rows.all()],
        "housing": situation.get_housing_status_display(),
        "legal_protection": situation.get_legal_protection_display(),
        "consent": [
            {"date": c.occurred_on.isoformat(), "kind": c.get_kind_display(), "by": c.by_whom, "how": c.means}
            for c in situation.consents.all()
        ],
        "participants": [
            {"organisation": p.organisation.name, "since": p.since.isoformat(), "referent": p.is_referent}
            for p in situation.participants.select_related("organisation")
        ],
        "notes": [
            {"date": n.occurred_on.isoformat(), "until": n.ends_on.isoformat() if n.ends_on else None,
             "kind": n.get_kind_display(), "stage": n.get_stage_display(),
             "visibility": n.get_visibility_display(), "text": n.text}
            for n in situation.notes.all()
        ],
    }  # fmt: skip


registry.register_section("situations", subject_access_section, order=10)


def withdrawals_panel(request) -> dict:
    situations = request.council.situations.filter(withdrawal_pending_since__isnull=False)
    return {"withdrawals": list(situations.order_by("withdrawal_pending_since")[:LIMIT])}


def coordination_panel(request) -> dict:
    council, now, today = request.council, timezone.now(), timezone.localdate()
    open_situations = council.situations.exclude(status=SituationStatus.CLOSED)
    last_event = (
        Event.objects.filter(target_type="situations.situation", target_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return {
        "alerts_waiting": council.alerts.filter(status=AlertStatus.SUBMITTED).count(),
        "due_for_review": list(
            open_situations.annotate(review=Max("agenda_items__next_review"))
            .filter(review__lte=today + timedelta(days=REVIEW_HORIZON_DAYS))
            .order_by("review")[:LIMIT]
        ),
        "inactive": list(
            open_situations.annotate(last_activity=Subquery(last_event))
            .filter(last_activity__lt=now - timedelta(days=INACTIVITY_DAYS))
            .order_by("last_activity")[:LIMIT]
        ),
    }


def participations_panel(request) -> dict:
    participations = active_participations(request.user).filter(situation__council=request.council)
    return {
        "my_participations": list(participations.select_related("situation").order_by("-situation__opened_on")[:LIMIT])
    }


_COORDINATOR = frozenset({Role.COORDINATOR})
registry.register_panel(
    Panel("situations.withdrawals", "situations/panels/withdrawals.html", withdrawals_panel, "coordination", 10,
          _COORDINATOR)
)  # fmt: skip
registry.register_panel(
    Panel("situations.coordination", "situations/panels/coordination.html", coordination_panel, "coordination", 20,
          _COORDINATOR)
)  # fmt: skip
registry.register_panel(
    Panel("situations.participations", "situations/panels/participations.html", participations_panel, "member", 30,
          frozenset(Role) - {Role.OBSERVER})  # an observer never takes part in a situation
)  # fmt: skip


def todo_panel(request) -> list[dict]:
    """The coordinator's « À faire maintenant »: alerts waiting for a decision, withdrawals of agreement to settle."""
    from django.urls import reverse

    from concerto.core.dashboard import count_label, todo

    items = []
    waiting = request.council.alerts.filter(status=AlertStatus.SUBMITTED).count()
    if waiting:
        items.append(todo(f"Qualifier {count_label(waiting, 'alerte', 'alertes')}", reverse("situations:alert_inbox")))
    withdrawals = request.council.situations.filter(withdrawal_pending_since__isnull=False).count()
    if withdrawals:
        label = count_label(withdrawals, "retrait d'accord à traiter", "retraits d'accord à traiter")
        items.append(todo(label, f"{reverse('home')}#retraits", "décider du sort des actions en cours"))
    return items


registry.register_panel(Panel("situations.todo", "", todo_panel, "todo", 10, _COORDINATOR))

for _indicator in INDICATORS:  # the Bilan page's figures (issue 14)
    registry.register_indicator(_indicator)
