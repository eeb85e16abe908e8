"""Subject access (GDPR art. 15): everything held about one person across the council, as JSON and as a PDF.
Each app contributes its section about a situation through core's registry (its `declarations.py`).
The production itself is logged (access log per situation, and an event)."""

import json

from django.template.loader import render_to_string
from django.utils import timezone

from concerto.core.crypto import blind_index
from concerto.core.events import log_access, record_event
from concerto.core.registry import registry
from concerto.situations.enums import Problem
from concerto.situations.models import Identity


def find_identities(council, *, last_name: str, birth_date) -> list[Identity]:
    """Identities are encrypted: they are found through the keyed hash of name + birth year, then checked."""
    index = blind_index(f"{last_name} {birth_date.year}")
    candidates = Identity.objects.filter(council=council, person_index=index).select_related("situation", "alert")
    return [i for i in candidates if i.birth_date == birth_date]


def situation_sections(situation) -> dict:
    """Each app's section about the situation (situations, meetings, plans, privacy), in the declared order."""
    section = {}
    for contributor in registry.sections:
        section.update(contributor.collect(situation))
    return section


def collect(council, identities: list[Identity]) -> dict:
    problems = dict(Problem.choices)
    situations = {i.situation for i in identities if i.situation_id} | {
        i.alert.situation for i in identities if i.alert_id and i.alert.situation_id
    }
    first = identities[0]
    data = {
        "produced_at": timezone.now().isoformat(),
        "council": council.name,
        "identity": {
            "last_name": first.last_name,
            "first_name": first.first_name,
            "birth_date": first.birth_date.isoformat() if first.birth_date else None,
            "address": first.address,
            "phone": first.phone,
        },  # fmt: skip
        "alerts": [],
        "situations": [],
    }
    for identity in identities:
        if identity.alert_id:
            alert = identity.alert
            data["alerts"].append(
                {
                    "reference": alert.reference, "status": alert.get_status_display(),
                    "submitted_at": alert.submitted_at.isoformat() if alert.submitted_at else None,
                    "referrer": alert.referrer_organisation_label, "facts": alert.facts,
                    "problems": [problems.get(p, p) for p in alert.problems],
                    "attachments": [
                        {"type": a.content_type, "size": a.size, "added": a.created_at.isoformat()}
                        for a in alert.attachments.all()
                    ],
                }
            )  # fmt: skip
    for situation in sorted(situations, key=lambda s: s.code):
        data["situations"].append(situation_sections(situation))
    return data


def produce(request, identities: list[Identity]) -> dict:
    data = collect(request.council, identities)
    for identity in identities:
        target = identity.situation or identity.alert
        log_access(
            council=request.council, user=request.user, target=target, scope="subject_access", source=request.path
        )
    record_event(
        council=request.council, actor=request.user, verb="subject_access_produced", target=request.council,
        situations=len(data["situations"]), alerts=len(data["alerts"]),
    )  # fmt: skip
    return data


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def as_pdf(data: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("privacy/subject_access_pdf.html", {"data": data})).write_pdf(
        pdf_variant="pdf/ua-1"
    )
