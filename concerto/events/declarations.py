"""What the events app declares to core's registry (imported by its AppConfig.ready()): event labels, audit-log
descriptions, retention rules (retention.py, run by the daily job `events_retention`)."""

from concerto.core.registry import ANONYMISE, registry

registry.register_events(
    {
        "events_topic_added": "Thème d'événement ajouté",
        "events_event_created": "Événement créé",
        "events_event_updated": "Événement modifié",
        "events_event_cancelled": "Événement annulé",
        "events_facilitator_added": "Animateur·rice d'un événement ajouté·e",
        "events_facilitator_removed": "Animateur·rice d'un événement retiré·e",
        "events_registered": "Inscription à un événement (page publique)",
        "events_registration_cancelled": "Inscription à un événement annulée par la personne",
        "events_attendance_recorded": "Présences d'un événement notées",
        "events_evaluated": "Questionnaire d'évaluation d'un événement rempli",
        "events_training_created": "Session de formation créée",
        "events_training_updated": "Session de formation modifiée",
        "events_trainee_added": "Stagiaire inscrit·e à une formation",
        "events_training_attendance": "Présences d'une formation notées",
        "events_personal_data_anonymised": "Données des inscrit·es et stagiaires anonymisées (durée de conservation)",
    }
)
registry.register_describer("events.event", lambda event: f"Événement « {event.title} »")
registry.register_describer("events.trainingsession", lambda session: f"Formation « {session.title} »")
registry.register_describer("events.trainee", lambda trainee: f"Stagiaire {trainee.pk}")

registry.register_retention(
    {
        "events.registration": {"name": ANONYMISE, "email": ANONYMISE, "email_index": ANONYMISE, "phone": ANONYMISE},
        "events.evaluation": {"comment": ANONYMISE},
        "events.facilitator": {"name": ANONYMISE},
        "events.trainee": {"name": ANONYMISE, "email": ANONYMISE},
    },
    kept={
        # The hash of a used or expired link, the attendance and the dates: the event's counts.
        "events.registration": ["event", "token_hash", "attendance", "created_at", "cancelled_at", "anonymised_at"],
        "events.evaluation": ["event", "registration", "created_at"],
        # A member or a contact of the directory leads the event as a professional; the peer-expert mark is kept.
        "events.facilitator": ["event", "member", "contact"],
        "events.trainee": ["session", "organisation", "organisation_name", "attendance", "created_at", "anonymised_at"],
    },
)
registry.register_out_of_scope(
    {
        "events.topic": "Un thème d'événement du conseil.",
        "events.event": "Un événement public du conseil (titre, date, lieu, places) : il ne nomme personne.",
        "events.trainingsession": "Une session de formation (intitulé, dates, lieu) et ses formateur·rices, des "
        "professionnel·les.",
    }
)
registry.register_daily_job("events_retention", "concerto.events.tasks.events_retention")


def _register_indicators() -> None:
    from concerto.events.indicators import INDICATORS

    for indicator in INDICATORS:  # the Bilan page's figures (issue 14)
        registry.register_indicator(indicator)


_register_indicators()
