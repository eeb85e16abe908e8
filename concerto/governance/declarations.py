"""What the governance app declares to core's registry (imported by its AppConfig.ready()): event labels, audit-log
descriptions, the home panel of the members of the bodies. Governance data is not about the people the council
supports: every model is declared out of the retention rules' scope."""

from concerto.accounts.enums import Role
from concerto.core.registry import Panel, registry

registry.register_events(
    {
        "governance_body_created": "Instance créée",
        "governance_body_updated": "Instance modifiée",
        "governance_member_added": "Membre ajouté à une instance",
        "governance_member_ended": "Fin du mandat d'un membre d'une instance",
        "governance_meeting_convened": "Réunion d'une instance convoquée",
        "governance_meeting_attached": "Réunion déjà prévue rattachée à une instance",
        "governance_attendance_recorded": "Présences d'une réunion d'instance enregistrées",
        "governance_decision_adopted": "Décision adoptée et inscrite au registre",
        "governance_decisions_exported": "Registre des décisions exporté",
        "governance_project_created": "Groupe-projet créé",
        "governance_project_updated": "Groupe-projet modifié",
        "governance_project_status": "État d'un groupe-projet modifié",
        "governance_projects_exported": "Tableau des groupes-projets exporté",
        "governance_action_added": "Action ajoutée au registre d'un groupe-projet",
        "governance_action_done": "Action d'un groupe-projet réalisée",
        "governance_action_reopened": "Action d'un groupe-projet remise à faire",
    }
)
registry.register_describer("governance.councilbody", lambda body: f"Instance « {body.name} »")
registry.register_describer("governance.projectgroup", lambda project: f"Groupe-projet « {project.name} »")

_NOT_PERSONAL = "ne concerne aucune personne accompagnée par le conseil"
registry.register_out_of_scope(
    {
        "governance.councilbody": f"Une instance du conseil (COPIL, bureau, plénière…) : {_NOT_PERSONAL}.",
        "governance.bodymember": f"Le siège d'un·e partenaire dans une instance, pour un mandat : {_NOT_PERSONAL}.",
        "governance.bodymeeting": f"Le lien entre une instance et une réunion : {_NOT_PERSONAL}.",
        "governance.contactattendance": f"La présence d'un contact à une réunion d'instance : {_NOT_PERSONAL}.",
        "governance.projectgroup": f"Un groupe-projet (pôle thématique) du conseil : {_NOT_PERSONAL}.",
        "governance.projectaction": f"Une action du registre d'un groupe-projet : {_NOT_PERSONAL}.",
        "governance.projectstatuschange": f"L'historique de l'état d'un groupe-projet : {_NOT_PERSONAL}.",
        "governance.decision": f"Une décision d'instance (registre des décisions) : {_NOT_PERSONAL}.",
    }
)


def governance_panel(request) -> dict:
    from concerto.governance.selectors import member_home

    return member_home(request)


def _register_meeting_section() -> None:
    from concerto.governance.selectors import meeting_section
    from concerto.meetings.disclosure import register_meeting_section

    register_meeting_section(meeting_section)


_register_meeting_section()

registry.register_panel(
    Panel("governance.member", "governance/panels/member.html", governance_panel, "member", 15,
          frozenset({Role.GOVERNANCE_MEMBER}))
)  # fmt: skip


def _register_indicators() -> None:
    from concerto.governance.indicators import INDICATORS

    for indicator in INDICATORS:  # the Bilan page's figures (issue 14)
        registry.register_indicator(indicator)


_register_indicators()
