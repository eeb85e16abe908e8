"""Subject access (GDPR art. 15): everything held about one person across the council, as JSON and as a PDF.
The production itself is logged (access log per situation, and an event)."""

import json

from django.template.loader import render_to_string
from django.utils import timezone

from concerto.core.crypto import blind_index
from concerto.core.events import log_access, record_event
from concerto.core.models import AccessLog
from concerto.situations.enums import Problem
from concerto.situations.models import Identity


def find_identities(council, *, last_name: str, birth_date) -> list[Identity]:
    """Identities are encrypted: they are found through the keyed hash of name + birth year, then checked."""
    index = blind_index(f"{last_name} {birth_date.year}")
    candidates = Identity.objects.filter(council=council, person_index=index).select_related("situation", "alert")
    return [i for i in candidates if i.birth_date == birth_date]


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
        data["situations"].append(
            {
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
                    {"date": n.occurred_on.isoformat(), "visibility": n.get_visibility_display(), "text": n.text}
                    for n in situation.notes.all()
                ],
                "decisions": [
                    {"meeting": str(item.meeting), "decisions": item.decisions}
                    for item in situation.agenda_items.select_related("meeting")
                ],
                "actions": [
                    {"action": a.text, "owner": a.owner_organisation.name, "due_on": a.due_on.isoformat(),
                     "status": a.get_status_display()}
                    for a in situation.actions.select_related("owner_organisation")
                ],
                "accesses": [
                    {"at": log.created_at.isoformat(), "by": str(log.user) if log.user else None, "what": log.scope,
                     "from": log.source}
                    for log in AccessLog.objects.filter(
                        target_type="situations.situation", target_id=str(situation.pk)
                    ).select_related("user")
                ],
            }
        )  # fmt: skip
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
