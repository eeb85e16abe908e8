"""What the reports app declares to core's registry (imported by `ReportsConfig.ready()`): its event labels, how the
journal describes its rows, and why its model holds no personal data."""

from concerto.core.registry import Panel, registry
from concerto.core.roles import Role

registry.register_events(
    {
        "report_exported": "Export du bilan (indicateurs)",
        "annual_report_saved": "Rapport annuel d'activité : texte enregistré",
        "annual_report_exported": "Rapport annuel d'activité téléchargé",
        "observatory_requested": "Observatoire : adhésion d'un conseil demandée",
        "observatory_consented": "Observatoire : adhésion acceptée",
        "observatory_refused": "Observatoire : adhésion refusée",
        "observatory_withdrawn": "Observatoire : adhésion retirée",
        "observatory_exported": "Export de l'observatoire (indicateurs agrégés)",
        "report_settings_updated": "Paramètres du bilan modifiés (seuil de secret statistique, objectif de délai)",
    }
)
registry.register_describer("reports.annualreport", lambda narrative: f"Rapport annuel d'activité {narrative.year}")
registry.register_describer(
    "reports.observatorymembership",
    lambda m: f"Adhésion de {m.member.name} à l'observatoire {m.observatory.name}",
    related=("member", "observatory"),
)
registry.register_out_of_scope(
    {
        "reports.annualreport": "Le texte du rapport annuel d'activité du conseil (introduction, faits marquants, "
        "perspectives) : un document public sur l'activité, jamais sur une personne accompagnée.",
        "reports.observatorymembership": "L'adhésion d'un conseil à un observatoire (qui l'a demandée, acceptée, "
        "refusée ou retirée) : jamais une personne accompagnée.",
    }
)


def _key_figures_panel(request) -> dict:
    from concerto.reports.panels import key_figures_panel

    return key_figures_panel(request)


# « Le conseil en chiffres » on the home page of the Bilan's readers outside the cell (an elected partner only: the
# panel's context returns nothing for a partner of another profession).
registry.register_panel(
    Panel("reports.key_figures", "reports/panels/key_figures.html", _key_figures_panel, "member", 5,
          frozenset({Role.GOVERNANCE_MEMBER, Role.OBSERVER, Role.PARTNER}))
)  # fmt: skip
