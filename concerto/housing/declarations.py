"""What the housing app declares to core's registry (imported by `HousingConfig.ready()`): event labels, audit-log
descriptions, retention rules (applications closed for the council's retention period are anonymised by the daily
job `housing_retention`, like situations), and its daily job."""

from concerto.core.registry import ANONYMISE, DESTROY, RetentionJob, registry

registry.register_events(
    {
        "housing_place_created": "Place de la filière appartement créée",
        "housing_place_updated": "Place de la filière appartement modifiée",
        "housing_place_kind_added": "Type de place ajouté par le conseil",
        "housing_place_unavailable": "Place déclarée indisponible",
        "housing_convention_added": "Convention d'une place enregistrée",
        "housing_application_received": "Demande de logement reçue",
        "housing_application_submitted": "Demande de logement déposée par une équipe de soins",
        "housing_application_updated": "Demande de logement complétée ou modifiée",
        "housing_application_status": "Statut d'une demande de logement modifié",
        "housing_consent_recorded": "Consentement du demandeur enregistré",
        "housing_admitted": "Admission dans une place",
        "housing_slide_extended": "Glissement du bail prolongé",
        "housing_lease_slid": "Bail glissé au nom de l'occupant·e",
        "housing_exit": "Sortie d'une place",
        "housing_deposit_paid": "Dépôt de garantie versé",
        "housing_deposit_returned": "Dépôt de garantie restitué",
        "housing_incident_recorded": "Incident enregistré sur une occupation",
        "housing_applications_anonymised": "Demandes de logement anonymisées (durée de conservation)",
        "housing_letter_added": "Courrier officiel du sous-groupe logement enregistré",
        "housing_prospect_added": "Bailleur prospecté ajouté",
        "housing_prospect_updated": "Suivi d'un bailleur prospecté modifié",
        "housing_commission_scheduled": "Demande de logement inscrite à la Commission appartement",
        "housing_commission_review_scheduled": "Bilan semestriel d'une occupation inscrit à la Commission appartement",
        "housing_commission_chair": "Présidence de la Commission appartement désignée",
        "housing_commission_venue": "Commune accueillant la Commission appartement choisie",
        "housing_letter_updated": "Courrier officiel du sous-groupe logement modifié",
        "housing_letter_deleted": "Courrier officiel du sous-groupe logement supprimé",
        "housing_place_kind_updated": "Type de place du conseil modifié",
        "housing_place_kind_deleted": "Type de place du conseil supprimé",
        "housing_commission_decision": "Décision de la Commission appartement consignée",
        "housing_commission_review": "Bilan semestriel consigné par la Commission appartement",
    }
)
registry.register_describer("housing.place", lambda place: f"Place {place.label}")
registry.register_describer("housing.application", lambda application: f"Demande de logement {application.reference}")

registry.register_retention(
    {
        "housing.applicantidentity": {"*": DESTROY},
        "housing.occupancyincident": {"*": DESTROY},
        "housing.applicationconsent": {"by_whom": ANONYMISE, "means": ANONYMISE, "recorded_by": ANONYMISE},
        "housing.application": {
            "status_reason": ANONYMISE,
            "psychiatrist_name": ANONYMISE,
            "social_opinion": ANONYMISE,
            "psychiatric_opinion": ANONYMISE,
            "accessibility": ANONYMISE,
            "from_situation": ANONYMISE,
            "curator_organisation": ANONYMISE,
            "created_by": ANONYMISE,
        },
        "housing.occupancy": {"care_referent": ANONYMISE, "destination": ANONYMISE},
        "housing.deposit": {"kept_reason": ANONYMISE},
        # What the applicant said, the reason and the joint commitment: personal, anonymised with the application.
        "housing.commissiondecision": {
            "words": ANONYMISE,
            "reason": ANONYMISE,
            "commitment": ANONYMISE,
            "recorded_by": ANONYMISE,
        },
        "housing.occupancyreview": {"note": ANONYMISE, "recorded_by": ANONYMISE},
    },
    kept={
        "housing.application": [
            "council",
            "reference",
            "status",
            "orienting_organisation",
            "wished_typology",
            "received_on",
            "completed_on",
            "closed_on",
            "anonymised_at",
            "created_at",
            "updated_at",
        ],
        "housing.applicationconsent": ["application", "kind", "occurred_on", "created_at"],
        # Dates, contract and money: the indicators of the filière (occupancy, stays, exits, deposits).
        "housing.occupancy": [
            "place",
            "application",
            "entry_on",
            "contract",
            "slide_due_on",
            "rent",
            "charges",
            "rent_helper",
            "exit_on",
            "exit_reason",
            "created_at",
        ],
        "housing.deposit": ["occupancy", "paid_on", "returned_on", "created_at"],
        # The commission's coded facts (indicators: decisions, attendance, waiting time).
        "housing.commissiondecision": [
            "item",
            "application",
            "attended",
            "own_words",
            "outcome",
            "place",
            "entry_on",
            "occupancy",
            "recorded_at",
        ],
        "housing.occupancyreview": ["item", "occupancy", "reviewed_on", "outcome", "created_at"],
    },
)
registry.register_out_of_scope(
    {
        "housing.placekind": "Un type de place ajouté par le conseil.",
        "housing.place": "Une place (logement, chambre) et son bailleur ; l'adresse est chiffrée car, avec "
        "l'occupation, elle situe une personne, mais elle décrit le logement, non la personne.",
        "housing.convention": "La convention d'une place avec son bailleur : des dates.",
        "housing.unavailability": "Une période de travaux d'une place.",
        "housing.officialletter": "Un courrier officiel (interpellation) du sous-groupe logement sur la filière : "
        "il ne nomme pas de personne accompagnée ; résumé et document chiffrés.",
        "housing.prospectedlandlord": "Un bailleur ou une structure prospecté par le sous-groupe logement.",
        "housing.conventionreminder": "La trace de l'envoi du rappel de renouvellement d'une convention.",
        "housing.commissionvenue": "La commune qui accueille une séance de la Commission appartement.",
    }
)
registry.register_daily_job("housing_retention", "concerto.housing.tasks.housing_retention")


def _count_due(council, today) -> int:
    from concerto.housing.retention import applications_due

    return applications_due(council, today).count()


def _purge_due(council, today) -> int:
    from concerto.housing.retention import purge_applications

    return purge_applications(council, today)


# The data-protection page's purge preview counts the applications due, and the purge runs them (the daily job
# `housing_retention` does the same on its own: whichever runs first anonymises, the other finds nothing).
registry.register_retention_job(
    RetentionJob("housing_applications_anonymised", "Demandes de logement à anonymiser (Commission appartement)",
                 _count_due, _purge_due)
)  # fmt: skip
registry.register_daily_job("housing_renewal_reminders", "concerto.housing.renewals.housing_renewal_reminders")


def _register_commission_subjects() -> None:
    from concerto.housing.commission_disclosure import show_commission_items
    from concerto.meetings.disclosure import register_meeting_facts, register_subject_view
    from concerto.meetings.enums import Body, SubjectKind

    for kind in (SubjectKind.APPLICATION, SubjectKind.OCCUPANCY_REVIEW):
        register_subject_view(kind, show_commission_items)
    register_meeting_facts(Body.HOUSING, _venue_facts)


def _venue_facts(meeting) -> list[tuple[str, str]]:
    from concerto.housing.commission import venue_of

    commune = venue_of(meeting)
    return [("Commune qui accueille la séance", commune.name)] if commune else []


_register_commission_subjects()


def _register_subject_access() -> None:
    from concerto.housing.subject_access import find_direct_applicants, situation_section

    registry.register_section("housing", situation_section, order=40)
    # A direct applicant (no situation) is found by the subject-access search through the applicant's blind index.
    registry.register_subject_search("housing", find_direct_applicants, order=40)


_register_subject_access()


def _register_panels() -> None:
    from concerto.core.registry import Panel
    from concerto.core.roles import Role
    from concerto.housing.panels import next_commission_panel, reviews_panel

    members = frozenset({Role.HOUSING_MEMBER})
    registry.register_panel(Panel("housing.next_commission", "housing/panels/next_commission.html",
                                  next_commission_panel, "member", 15, members))  # fmt: skip
    registry.register_panel(Panel("housing.reviews_due", "housing/panels/reviews_due.html", reviews_panel, "member",
                                  16, members))  # fmt: skip


_register_panels()


def _register_indicators() -> None:
    from concerto.housing.indicators import INDICATORS

    for indicator in INDICATORS:  # the Bilan page's figures (issue 14)
        registry.register_indicator(indicator)


_register_indicators()
