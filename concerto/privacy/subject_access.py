"""Subject access (GDPR art. 15): everything held about one person across the council, as JSON and as a PDF.
Each app contributes its section about a situation through core's registry (its `declarations.py`).
The production itself is logged (access log per situation, and an event).

The PDF is written for the person: French dates and local times, labels rather than codes, the controller (the
council) and its data protection officer, and the rights the person has (`readable` turns the JSON data into it)."""

import datetime
import json

from django.template.loader import render_to_string
from django.utils import timezone, translation

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership
from concerto.core.crypto import blind_index
from concerto.core.documents import french_date, french_datetime
from concerto.core.events import log_access, record_event
from concerto.core.registry import registry
from concerto.councils.problems import problem_labels
from concerto.privacy.selectors import SCOPES
from concerto.situations.models import Identity

# Keys of the JSON data holding an ISO date, or an ISO date and time (UTC), shown in French in the PDF.
DATE_KEYS = {"birth_date", "opened_on", "closed_on", "date", "since", "due_on", "on", "received_on", "entry_on",
             "exit_on"}  # fmt: skip
DATETIME_KEYS = {"produced_at", "submitted_at", "added", "at"}


def find_identities(council, *, last_name: str, birth_date) -> list[Identity]:
    """Identities are encrypted: they are found through the keyed hash of name + birth year, then checked."""
    index = blind_index(f"{last_name} {birth_date.year}")
    candidates = Identity.objects.filter(council=council, person_index=index).select_related("situation", "alert")
    return [i for i in candidates if i.birth_date == birth_date]


def find_subjects(council, *, last_name: str, birth_date) -> list:
    """The person in the apps' own identities (`registry.register_subject_search`), e.g. a direct housing applicant
    who has no situation: each app searches through its blind index."""
    return [
        match
        for search in registry.subject_searches
        for match in search.find(council, last_name=last_name, birth_date=birth_date)
    ]


def situation_sections(situation) -> dict:
    """Each app's section about the situation (situations, meetings, plans, privacy), in the declared order."""
    section = {}
    for contributor in registry.sections:
        section.update(contributor.collect(situation))
    return section


def controller(council) -> dict:
    """Who is responsible for the processing (the council) and how to reach its data protection officer."""
    dpo = (
        Membership.objects.active()
        .filter(council=council, role=Role.DPO)
        .select_related("user", "organisation")
        .order_by("created_at")
        .first()
    )
    return {
        "controller": {"name": council.name, "legal_form": council.legal_form, "contact_email": council.contact_email},
        "dpo": {
            "name": str(dpo.user), "email": dpo.user.email, "phone": dpo.user.phone,
            "organisation": dpo.organisation.name if dpo.organisation else "",
        } if dpo else None,
    }  # fmt: skip


def collect(council, identities: list[Identity], matches: list = ()) -> dict:
    problems = problem_labels(council)
    situations = {i.situation for i in identities if i.situation_id} | {
        i.alert.situation for i in identities if i.alert_id and i.alert.situation_id
    }
    if identities:
        first = identities[0]
        identity = {
            "last_name": first.last_name,
            "first_name": first.first_name,
            "birth_date": first.birth_date.isoformat() if first.birth_date else None,
            "address": first.address,
            "phone": first.phone,
        }
    else:
        identity = matches[0].identity
    data = {
        "produced_at": timezone.now().isoformat(),
        "council": council.name,
        **controller(council),
        "identity": identity,
        "alerts": [],
        "situations": [],
    }
    for match in matches:
        for key, value in match.data.items():
            data[key] = data.get(key, []) + value if isinstance(value, list) else value
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


def produce(request, identities: list[Identity], matches: list = ()) -> dict:
    data = collect(request.council, identities, matches)
    targets = [identity.situation or identity.alert for identity in identities]
    for target in targets + [target for match in matches for target in match.targets]:
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


def _readable_value(key: str, value):
    if isinstance(value, dict):
        return {k: _readable_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable_value(key, v) for v in value]
    if not isinstance(value, str) or not value:
        return value
    if key in DATETIME_KEYS:
        return french_datetime(datetime.datetime.fromisoformat(value), weekday=False)
    if key in DATE_KEYS:
        return french_date(datetime.date.fromisoformat(value[:10]), weekday=False)
    if key == "what":
        return SCOPES.get(value, "Consultation")
    return value


def readable(data: dict) -> dict:
    """The data as the person reads it: dates in French (« 12 janvier 2027 à 9 h 30 », local time) and the nature of
    each consultation of their file by its label. The JSON keeps ISO dates and codes, for machines."""
    return _readable_value("", data)


def as_pdf(data: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string("privacy/subject_access_pdf.html", {"data": readable(data)})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
