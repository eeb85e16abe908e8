"""What the fees app declares to core's registry (imported by its AppConfig.ready()): event labels, describers,
its daily job (automatic reminders, off unless a council sets a delay) and that its rows hold nothing about a person
the council supports."""

from concerto.core.registry import registry

registry.register_events(
    {
        "fees_settings_updated": "Réglage des cotisations modifié",
        "fees_member_added": "Membre cotisant ajouté",
        "fees_member_updated": "Membre cotisant modifié",
        "fees_calls_generated": "Appels de cotisation émis",
        "fees_payment_recorded": "Paiement de cotisation enregistré",
        "fees_reminder_sent": "Relance de cotisation envoyée",
        "fees_exported": "Export des appels de cotisation",
    }
)
registry.register_describer("fees.feecall", lambda call: f"Appel de cotisation {call.reference}")
registry.register_describer("fees.feemember", lambda member: f"Membre cotisant {member.name}")
registry.register_describer("fees.feesettings", lambda settings: "Réglage des cotisations")

registry.register_out_of_scope(
    {
        "fees.feesettings": "Le taux de cotisation du conseil et ses délais.",
        "fees.feemember": "Une commune ou une organisation qui cotise ; son adresse de contact est une adresse de "
        "service (chiffrée au cas où elle serait nominative), jamais celle d'une personne accompagnée.",
        "fees.feecall": "Un appel de cotisation d'une commune ou d'une organisation : population, taux, montant.",
        "fees.feepayment": "Un paiement d'une commune ou d'une organisation.",
        "fees.feereminder": "La trace de l'envoi d'une relance de cotisation.",
    }
)
registry.register_daily_job("fees_reminders", "concerto.fees.tasks.fees_reminders")


def _register_indicators() -> None:
    from concerto.fees.indicators import INDICATORS

    for indicator in INDICATORS:  # the Bilan page's figures (issue 14)
        registry.register_indicator(indicator)


_register_indicators()
