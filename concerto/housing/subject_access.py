"""The housing app's share of a subject-access export (GDPR art. 15): the person's applications — what was asked and
decided, where they lived — and what the Commission appartement recorded about them: whether they came to present
their situation, their words, the decisions and the joint commitment, the conclusions of the six-monthly reviews.

The opinions, the incidents and the reviews' notes are written by professionals: they are given through the
professional who wrote them, as the situation's health content is (not in this export).

Two ways in: an application made from a situation comes with the situation's section (`situation_section`); a direct
application (from a care team, no situation) is found by the privacy app's search through the applicant's blind index
(`find_direct_applicants`), never by decrypting every identity."""

from __future__ import annotations

from django.utils import timezone

from concerto.core.registry import SubjectMatch
from concerto.housing.models import ApplicantIdentity, Application, CommissionDecision, person_index


def _iso(day):
    return day.isoformat() if day else None


def _decision(decision: CommissionDecision) -> dict:
    meeting = decision.item.meeting
    return {
        "meeting": str(meeting),
        "on": _iso(timezone.localdate(meeting.starts_at)),
        "attended": decision.attended,
        "words": decision.words,
        "own_words": decision.own_words,
        "decision": decision.get_outcome_display(),
        "reason": decision.reason,
        "place": decision.place.label if decision.place else None,
        "entry_on": _iso(decision.entry_on),
        "commitment": decision.commitment,
    }


def application_export(application: Application) -> dict:
    """One application as the person reads it (`applications` prefetched by `_applications`)."""
    occupancies = list(application.occupancies.all())
    return {
        "reference": application.reference,
        "status": application.get_status_display(),
        "received_on": _iso(application.received_on),
        "stays": [
            {"place": o.place.label, "entry_on": _iso(o.entry_on), "exit_on": _iso(o.exit_on)} for o in occupancies
        ],
        "commission": [_decision(d) for d in application.commission_decisions.all()],
        "reviews": [
            {"on": _iso(r.reviewed_on), "conclusion": r.get_outcome_display()}
            for o in occupancies
            for r in o.reviews.all()
        ],
    }


def _applications(queryset):
    return queryset.prefetch_related(
        "occupancies__place",
        "occupancies__reviews",
        "commission_decisions__item__meeting",
        "commission_decisions__place",
    ).order_by("received_on", "pk")


def situation_section(situation) -> dict:
    """The housing applications made from the person's situation."""
    return {"housing_applications": [application_export(a) for a in _applications(situation.housing_applications)]}


def find_direct_applicants(council, *, last_name: str, birth_date) -> list[SubjectMatch]:
    """The direct applications (no situation) of the person: candidates by the keyed hash of name + birth year, then
    the birth date checked on those few only."""
    index = person_index(last_name.strip(), birth_date)
    if not index:
        return []
    candidates = ApplicantIdentity.objects.filter(
        application__council=council, application__from_situation__isnull=True, person_index=index
    ).select_related("application")
    found = [identity for identity in candidates if identity.birth_date == birth_date]
    if not found:
        return []
    first = found[0]
    applications = _applications(Application.objects.filter(pk__in=[i.application_id for i in found]))
    return [
        SubjectMatch(
            identity={
                "last_name": first.last_name,
                "first_name": first.first_name,
                "birth_date": _iso(first.birth_date),
                "address": "",
                "phone": first.phone,
            },
            data={"housing_applications": [application_export(a) for a in applications]},
            targets=tuple(i.application for i in found),
        )
    ]
