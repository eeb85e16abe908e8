"""Data-protection use cases: the retention settings and the decisions on erasure requests. Each one is atomic,
enforces its rules (a future API calls the same functions) and writes an event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.councils.models import Council
from concerto.privacy.models import ErasureRequest
from concerto.privacy.retention import anonymise_situation

RETENTION_FIELDS = [
    "retention_years", "declined_alert_retention_months", "draft_retention_days",
    "access_log_retention_months", "unusual_reads_per_day",
]  # fmt: skip


def retention_changes(council: Council, values: dict) -> dict:
    """The settings that `values` would change, compared with the stored row."""
    stored = Council.objects.get(pk=council.pk)
    return {name: values[name] for name in RETENTION_FIELDS if name in values and getattr(stored, name) != values[name]}


@transaction.atomic
def retention_update(*, council: Council, actor, values: dict) -> dict:
    """Saves the retention settings within their bounds (the model's validators); returns what changed."""
    unknown = set(values) - set(RETENTION_FIELDS)
    if unknown:
        raise DomainError("Seules les durées de conservation se règlent ici.")
    for name, value in values.items():
        field = Council._meta.get_field(name)
        try:
            field.clean(value, council)
        except ValidationError as error:
            label = str(field.verbose_name)
            raise DomainError(f"{label[:1].upper()}{label[1:]} : {' '.join(error.messages)}") from error
    changes = retention_changes(council, values)
    if not changes:
        return changes
    for name, value in changes.items():
        setattr(council, name, value)
    council.save(update_fields=list(changes))
    record_event(council=council, actor=actor, verb="retention_updated", target=council, changes=changes)
    return changes


@transaction.atomic
def erasure_decide(
    *, council: Council, actor, situation, requested_on, decision: str, reason: str = ""
) -> ErasureRequest:
    """Records the decision on an erasure request; when granted, the situation is anonymised at once."""
    if decision not in ErasureRequest.Decision.values:
        raise DomainError("Choisissez une décision : effacement réalisé ou refusé.")
    if situation is None or situation.council_id != council.pk or situation.anonymised_at is not None:
        raise DomainError("Aucune situation non anonymisée ne porte ce code dans ce conseil.")
    if requested_on is None or requested_on > timezone.localdate():
        raise DomainError("La date de la demande ne peut pas être dans le futur.")
    if decision == ErasureRequest.Decision.REFUSED and not (reason or "").strip():
        raise DomainError("Indiquez le motif du refus : il est conservé et communiqué à la personne.")
    code = situation.code
    if decision == ErasureRequest.Decision.ERASED:
        anonymise_situation(situation)
    erasure_request = ErasureRequest.objects.create(
        council=council, situation_code=code, requested_on=requested_on, decision=decision, reason=reason,
        decided_by=actor,
    )  # fmt: skip
    record_event(council=council, actor=actor, verb=f"erasure_{decision}", target=council, code=code)
    return erasure_request


def access_log_exported(*, council: Council, actor, rows: int) -> None:
    """Exporting the access log is itself traced: who took a copy, and of how many lines."""
    record_event(council=council, actor=actor, verb="access_log_exported", rows=rows)
