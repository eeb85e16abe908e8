"""The register of decisions and the COPIL's table of projects as XLSX, and the table of projects as a PDF."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from concerto.core import xlsx
from concerto.core.documents import french_date, letterhead


def decisions_xlsx(decisions) -> tuple[bytes, int]:
    headers = [
        "Date",
        "Instance",
        "Réunion",
        "Décision",
        "Groupe-projet",
        "Nouvel état",
        "Pour",
        "Contre",
        "Abstentions",
    ]
    rows = (
        [
            d.decided_on, d.body_meeting.body.name, timezone.localtime(d.body_meeting.meeting.starts_at), d.text,
            d.project.name if d.project else "", d.get_project_status_display(), d.votes_for, d.votes_against,
            d.abstentions,
        ]
        for d in decisions
    )  # fmt: skip
    return xlsx.workbook("Décisions", headers, rows)


def project_rows(projects) -> list[dict]:
    """One row per project for the table the COPIL reviews: its status, pilot, partners, open and done actions,
    the next due action and the latest decision."""
    rows = []
    for project in projects:
        actions = list(project.actions.all())
        open_actions = [a for a in actions if a.done_on is None]
        dated = sorted((a for a in open_actions if a.due_on), key=lambda a: a.due_on)
        decisions = sorted(project.decisions.all(), key=lambda d: (d.decided_on, d.pk), reverse=True)
        rows.append(
            {
                "project": project,
                "partners": ", ".join(o.name for o in project.partners.all()),
                "open": len(open_actions),
                "done": len(actions) - len(open_actions),
                "next_action": dated[0] if dated else None,
                "last_decision": decisions[0] if decisions else None,
            }
        )
    return rows


def projects_xlsx(rows) -> tuple[bytes, int]:
    headers = [
        "Groupe-projet", "Thématique", "Public visé", "Pilote", "Structures partenaires", "État", "Actions en cours",
        "Actions réalisées", "Prochaine échéance", "Dernière décision",
    ]  # fmt: skip
    data = (
        [
            r["project"].name, r["project"].theme, r["project"].target_population, r["project"].pilot_name,
            r["partners"], r["project"].get_status_display(), r["open"], r["done"],
            r["next_action"].due_on if r["next_action"] else None,
            r["last_decision"].decided_on if r["last_decision"] else None,
        ]
        for r in rows
    )  # fmt: skip
    return xlsx.workbook("Groupes-projets", headers, data)


def projects_pdf(council, rows) -> bytes:
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(
            "governance/projects_pdf.html",
            {
                "council": letterhead(council),
                "rows": rows,
                "today": french_date(timezone.localdate(), weekday=False),
            },
        )
    return HTML(string=html).write_pdf()
