"""The situations app's share of retention (architecture invariant 6): its rules are declared in
`declarations.py`; these functions apply them. Privacy's `purge()` orchestrates every app."""

from django.utils import timezone

from concerto.core.registry import registry
from concerto.situations.enums import PersonMode
from concerto.situations.models import Attachment, ConsentRecord, Identity, JournalNote, Participant, Relative

ANONYMISED_LABEL = "Anonymisée"


def anonymise_alerts(alerts) -> int:
    """Declined or attached alerts: identity and attached files destroyed, free texts blanked."""
    ids = list(alerts.values_list("pk", flat=True))
    Identity.objects.filter(alert_id__in=ids).delete()
    for attachment in Attachment.objects.filter(alert_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
    for alert in alerts.model.objects.filter(pk__in=ids):
        registry.blank(alert)
        alert.save()
    return len(ids)


def delete_drafts(drafts) -> None:
    """Drafts nobody sent: destroyed whole, with their identity and attached files."""
    for attachment in Attachment.objects.filter(alert__in=drafts):
        attachment.file.delete(save=False)
    drafts.delete()


def anonymise_situation(situation) -> None:
    """Runs last (the other apps' rows about the situation are anonymised first)."""
    Identity.objects.filter(situation=situation).delete()
    JournalNote.objects.filter(situation=situation).delete()
    Relative.objects.filter(situation=situation).delete()
    ConsentRecord.objects.filter(situation=situation).update(**registry.blanked(ConsentRecord))
    Participant.objects.filter(situation=situation).update(**registry.blanked(Participant))
    anonymise_alerts(situation.alerts.all())
    # The audit trail stays (code, who, when, what class — never a name): it is purged by age like every other
    # access-log row, and the situation's events once the access-log period has passed after anonymisation.
    registry.blank(situation)
    situation.label = ANONYMISED_LABEL
    situation.person_mode = PersonMode.ANONYMOUS
    situation.anonymised_at = timezone.now()
    situation.save()
