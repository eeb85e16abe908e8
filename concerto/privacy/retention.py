"""Retention enforced by code (architecture invariant 6).

`RULES` declares, for every model field of Concerto that can hold personal data, what happens to it when the
situation's retention period is over: keep (coded, non-identifying, needed for statistics), anonymise (replaced
by a neutral value) or destroy (row or file deleted). A test fails when a new such field has no rule.
`purge()` applies them; `dry_run=True` only counts."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.models import AccessLog, Event
from concerto.privacy.models import PurgeRun

KEEP, ANONYMISE, DESTROY = "keep", "anonymise", "destroy"

# Coded, non-identifying fields kept for statistics (KEEP), listed one by one so that a new field needs a decision.
_KEPT: dict[str, list[str]] = {
    "situations.consentrecord": ["situation", "kind", "occurred_on", "recorded_by", "created_at"],
    "situations.participant": ["situation", "organisation", "since", "until"],
    "situations.situation": [
        "person_mode",
        "sex",
        "age_band",
        "commune",
        "housing_status",
        "landlord_organisation",
        "legal_protection",
        "eviction_stage",
        "urgency",
        "council",
        "cell",
        "code",
        "status",
        "referrer_type",
        "opened_on",
        "closed_on",
        "closure_reason",
        "relay_organisation",
        "watch_until",
        "anonymised_at",
        "withdrawal_pending_since",
        "created_at",
        "updated_at",
    ],
    "situations.alert": [
        "person_mode",
        "sex",
        "age_band",
        "commune",
        "housing_status",
        "landlord_organisation",
        "legal_protection",
        "follow_ups",
        "eviction_stage",
        "urgency",
        "council",
        "cell",
        "reference",
        "status",
        "author",
        "secure_link",
        "referrer_organisation",
        "problems",
        "person_informed",
        "person_agrees",
        "created_at",
        "updated_at",
        "submitted_at",
        "decided_at",
        "decided_by",
        "reoriented_to",
        "situation",
    ],
    "situations.securelink": [
        "council",
        "organisation",
        "token_hash",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
    ],
    "situations.situationproblem": ["situation", "code"],
    "situations.counter": ["council", "kind"],
    "meetings.agendaitem": [
        "meeting",
        "situation",
        "kind",
        "who_tells",
        "tell_by",
        "next_review",
        "decisions_visibility",
    ],
    "plans.action": [
        "council",
        "situation",
        "owner_organisation",
        "due_on",
        "status",
        "visibility",
        "kept_despite_withdrawal",
        "created_by",
        "created_at",
        "updated_at",
    ],
    "plans.proposalanswer": ["situation", "told_on", "answer", "created_at"],
}

RULES: dict[str, dict[str, str]] = {
    # "*" is allowed only to destroy whole rows.
    "situations.identity": {"*": DESTROY},
    "situations.journalnote": {"*": DESTROY},
    "situations.attachment": {"*": DESTROY},
    "meetings.workingnote": {"*": DESTROY},
    "meetings.recordcorrection": {"*": DESTROY},
    "core.event": {"*": DESTROY},
    "core.accesslog": {"*": DESTROY},
    "situations.consentrecord": {"by_whom": ANONYMISE, "means": ANONYMISE},
    "situations.participant": {"user": ANONYMISE},
    "situations.situation": {
        "label": ANONYMISE, "initials": ANONYMISE, "neighbourhood": ANONYMISE, "landlord_name": ANONYMISE,
        "mandataire": ANONYMISE, "housing_since": ANONYMISE, "follow_ups": KEEP, "unpaid_amount": KEEP,
        "label_index": ANONYMISE, "neighbourhood_index": ANONYMISE,
    },
    "situations.alert": {
        "referrer_name": ANONYMISE, "referrer_phone": ANONYMISE, "referrer_email": ANONYMISE,
        "referrer_organisation_name": ANONYMISE, "referrer_role": ANONYMISE, "initials": ANONYMISE,
        "neighbourhood": ANONYMISE, "landlord_name": ANONYMISE, "mandataire": ANONYMISE, "housing_since": ANONYMISE,
        "facts": ANONYMISE, "already_tried": ANONYMISE, "expected_help": ANONYMISE, "decision_reason": ANONYMISE,
    },
    "situations.securelink": {},
    "situations.situationproblem": {},
    "situations.counter": {},
    "meetings.agendaitem": {"decisions": ANONYMISE},
    "plans.action": {"text": ANONYMISE, "owner_user": ANONYMISE, "kept_after_withdrawal": ANONYMISE},
    "plans.proposalanswer": {"told_by": ANONYMISE},
}  # fmt: skip
for _label, _names in _KEPT.items():
    RULES[_label].update(dict.fromkeys(_names, KEEP))

ANONYMISED_LABEL = "Anonymisée"


def _situations_due(council, today):
    limit = today - timedelta(days=365 * council.retention_years)
    return council.situations.filter(status="closed", closed_on__lte=limit, anonymised_at__isnull=True)


def _declined_alerts_due(council, today):
    limit = timezone.now() - timedelta(days=30 * council.declined_alert_retention_months)
    return council.alerts.filter(status__in=["reoriented", "not_admissible"], decided_at__lte=limit).exclude(
        referrer_email=""
    )


def _anonymise_alerts(alerts) -> int:
    from concerto.situations.models import Attachment, Identity

    ids = list(alerts.values_list("pk", flat=True))
    Identity.objects.filter(alert_id__in=ids).delete()
    for attachment in Attachment.objects.filter(alert_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
    for alert in alerts.model.objects.filter(pk__in=ids):
        _blank(alert, "situations.alert")
        alert.save()
    return len(ids)


def _delete_drafts(drafts) -> None:
    """Drafts nobody sent: destroyed whole, with their identity and attached files."""
    from concerto.situations.models import Attachment

    for attachment in Attachment.objects.filter(alert__in=drafts):
        attachment.file.delete(save=False)
    drafts.delete()


def _blank(instance, label: str) -> None:
    """Sets every field the rules mark ANONYMISE to its neutral value (None or empty)."""
    for name, rule in RULES[label].items():
        if rule == ANONYMISE:
            field = instance._meta.get_field(name)
            setattr(instance, field.attname, None if field.null else "")


def anonymise_situation(situation) -> None:
    from concerto.meetings.models import AgendaItem, RecordCorrection, WorkingNote
    from concerto.plans.models import Action, ProposalAnswer
    from concerto.situations.models import ConsentRecord, Identity, JournalNote, Participant

    Identity.objects.filter(situation=situation).delete()
    JournalNote.objects.filter(situation=situation).delete()
    WorkingNote.objects.filter(item__situation=situation).delete()
    RecordCorrection.objects.filter(item__situation=situation).delete()
    AgendaItem.objects.filter(situation=situation).update(decisions="")
    Action.objects.filter(situation=situation).update(text="", owner_user=None)
    ProposalAnswer.objects.filter(situation=situation).update(told_by=None)
    ConsentRecord.objects.filter(situation=situation).update(by_whom="", means="")
    Participant.objects.filter(situation=situation).update(user=None)
    _anonymise_alerts(situation.alerts.all())
    # The audit trail stays (code, who, when, what class — never a name): it is purged by age like every other
    # access-log row, and the situation's events once the access-log period has passed after anonymisation.
    _blank(situation, "situations.situation")
    situation.label = ANONYMISED_LABEL
    situation.person_mode = "anonymous"
    situation.anonymised_at = timezone.now()
    situation.save()


def purge(council, *, dry_run: bool = False, today=None) -> dict[str, int]:
    today = today or timezone.localdate()
    situations = list(_situations_due(council, today))
    alerts = _declined_alerts_due(council, today)
    log_limit = timezone.now() - timedelta(days=30 * council.access_log_retention_months)
    access_logs = AccessLog.objects.filter(council=council, created_at__lt=log_limit)
    anonymised = council.situations.filter(anonymised_at__lt=log_limit).values_list("pk", flat=True)
    events = Event.objects.filter(
        council=council,
        target_type="situations.situation",
        target_id__in=[str(pk) for pk in anonymised],
        created_at__lt=log_limit,
    )
    drafts = council.alerts.filter(
        status="draft", updated_at__lt=timezone.now() - timedelta(days=council.draft_retention_days)
    )
    counts = {
        "situations_anonymised": len(situations),
        "identities_destroyed": sum(1 for s in situations if hasattr(s, "identity")),
        "declined_alerts_anonymised": alerts.count(),
        "drafts_deleted": drafts.count(),
        "access_log_rows_deleted": access_logs.count(),
        "events_deleted": events.count(),
    }
    if not dry_run:
        with transaction.atomic():
            for situation in situations:
                anonymise_situation(situation)
            _anonymise_alerts(alerts)
            _delete_drafts(drafts)
            access_logs.purge()
            events.purge()
        PurgeRun.objects.create(council=council, dry_run=False, counts=counts)
    return counts
