"""Read-only views of a situation, computed for one reader under the disclosure policy (concerto/situations/policy.py):
the summary at a glance and the history. A constant number of queries whatever the size of the situation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from concerto.core.models import AccessLog, Event
from concerto.core.registry import registry
from concerto.situations.enums import CLINICAL_CLOSURE_FLAGS, ClosureFlag, ConsentKind
from concerto.situations.policy import consent_state
from concerto.situations.services import open_actions

# How many of the latest agenda items are looked at for the last decision (a situation rarely has more than a few
# points per year; those without a decision the reader may see are skipped).
RECENT_ITEMS = 12
OTHER_EVENT = "Autre événement"


@dataclass
class Summary:
    """What the summary tab says at a glance. Content fields stay empty when the reader does not see them."""

    status: str
    sees_content: bool = False
    referent: object = None
    consent: str = ""
    consent_on: object = None
    last_decision: object = None  # the agenda item (its meeting, its decisions)
    next_review: object = None
    next_session: object = None
    open_actions: int = 0
    overdue_actions: int = 0
    last_activity: object = None
    closure_flags: list[str] = field(default_factory=list)


def _consent_text(situation) -> tuple[str, object]:
    blocked, agreement = consent_state(situation)
    if agreement is not None:
        return "Accord de la personne enregistré", agreement.occurred_on
    records = sorted(situation.consents.all(), key=lambda r: (r.created_at, r.pk))
    if blocked:
        last = next(r for r in reversed(records) if r.kind != ConsentKind.INFORMED)
        return last.get_kind_display(), last.occurred_on
    if records:
        return "Personne informée, sans accord enregistré", records[-1].occurred_on
    return "Aucun consentement enregistré", None


def situation_summary(access) -> Summary:
    """The summary of `access.situation` for the reader of `access` (see SituationAccess)."""
    situation = access.situation
    summary = Summary(status=situation.get_status_display(), sees_content=access.sees_content)
    if not access.sees_content:
        return summary
    today, now = timezone.localdate(), timezone.now()
    summary.referent = (
        situation.participants.filter(is_referent=True, since__lte=today)
        .exclude(until__lt=today)
        .select_related("organisation", "user")
        .first()
    )
    summary.consent, summary.consent_on = _consent_text(situation)
    items = list(situation.agenda_items.select_related("meeting").order_by("-meeting__starts_at")[:RECENT_ITEMS])
    items = [item for item in items if not item.meeting.is_cancelled]
    held = [item for item in items if item.meeting.starts_at <= now]
    # A decision is shown only when its class is open to the reader (the coordinator sees every class), and never to
    # someone only invited for one point (they see that point's decisions in the meeting, nothing else).
    if access.invited:
        held = []
    summary.last_decision = next(
        (item for item in held if item.decisions and item.decisions_visibility in access.classes), None
    )
    summary.next_review = next((i.next_review for i in held if i.next_review), None)
    summary.next_session = next(
        (i.meeting for i in reversed(items) if i.meeting.starts_at > now and not i.meeting.is_frozen),
        None,
    )
    actions = [a for a in open_actions(situation) if access.sees_action(a)]
    summary.open_actions = len(actions)
    summary.overdue_actions = sum(1 for a in actions if a.due_on < today)
    summary.last_activity = (
        Event.objects.filter(target_type="situations.situation", target_id=str(situation.pk))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if situation.is_closed:
        labels = dict(ClosureFlag.choices)
        summary.closure_flags = [
            labels.get(flag, flag)
            for flag in situation.closure_flags
            if access.sees_clinical or flag not in CLINICAL_CLOSURE_FLAGS
        ]
    return summary


@dataclass
class HistoryRow:
    at: object
    label: str
    who: object = None


def _reader_label(membership, user) -> str:
    if membership is None:
        return str(user) if user else "une personne qui n'est plus membre"
    detail = membership.organisation.name if membership.organisation_id else membership.get_role_display().lower()
    return f"{user} ({detail})"


def situation_history(access) -> list[HistoryRow]:
    """The situation's events with their labels, newest first; identity reads folded into one line per day and
    reader ("Identité consultée 3 fois par Jeanne Martin (CMP)") so that they do not drown the real events."""
    from concerto.accounts.models import Membership

    situation = access.situation
    target = {"target_type": "situations.situation", "target_id": str(situation.pk)}
    rows = [
        HistoryRow(at=e.created_at, label=registry.events.get(e.verb, OTHER_EVENT), who=e.actor)
        for e in Event.objects.filter(**target).select_related("actor")
    ]
    reads = list(AccessLog.objects.filter(**target, scope="identity").select_related("user").order_by("created_at"))
    counts = Counter((timezone.localdate(r.created_at), r.user_id) for r in reads)
    latest = {(timezone.localdate(r.created_at), r.user_id): r for r in reads}  # the day's last read, for its time
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            council=situation.council, user_id__in={r.user_id for r in reads if r.user_id}
        ).select_related("organisation")
    }
    for key, read in latest.items():
        n = counts[key]
        who = _reader_label(memberships.get(read.user_id), read.user)
        label = f"Identité consultée {n} fois par {who}" if n > 1 else f"Identité consultée par {who}"
        rows.append(HistoryRow(at=read.created_at, label=label, who=read.user))
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows
