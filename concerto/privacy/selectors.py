"""Read-only queries of the data-protection pages: the access log, filtered and labelled as plain rows, and the
unusual reading flagged on the home page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from concerto.core.models import AccessLog

SCOPES = {
    "identity": "Identité",
    "attachment": "Pièce jointe d'une alerte",
    "subject_access": "Droit d'accès (production)",
    "directory_export": "Export de l'annuaire",
    "library_document": "Document de la bibliothèque",
}
TARGETS = {
    "situations.situation": "Situation",
    "situations.alert": "Alerte",
    "councils.council": "Conseil",
    "documents.documentversion": "Version d'un document",
}
UNUSUAL_WINDOW_DAYS = 7


@dataclass(frozen=True)
class AccessLogRow:
    """One line of the access log as the page and the export show it."""

    created_at: datetime
    user: object
    scope_label: str
    target_label: str
    source: str


def access_log_entries(council, filters: dict | None):
    """The council's access log, most recent first, narrowed by the (cleaned) filters when there are any."""
    rows = AccessLog.objects.filter(council=council).select_related("user")
    if not filters:
        return rows
    if filters.get("user"):
        rows = rows.filter(user=filters["user"])
    if filters.get("code"):
        code = filters["code"].strip()
        situations = council.situations.filter(code__iexact=code).values_list("pk", flat=True)
        alerts = council.alerts.filter(reference__iexact=code).values_list("pk", flat=True)
        rows = rows.filter(
            target_type="situations.situation", target_id__in=[str(pk) for pk in situations]
        ) | rows.filter(target_type="situations.alert", target_id__in=[str(pk) for pk in alerts])
    if filters.get("scope"):
        rows = rows.filter(scope=filters["scope"])
    tz = timezone.get_current_timezone()
    if filters.get("since"):
        rows = rows.filter(created_at__gte=datetime.combine(filters["since"], time.min, tzinfo=tz))
    if filters.get("until"):
        rows = rows.filter(created_at__lt=datetime.combine(filters["until"] + timedelta(days=1), time.min, tzinfo=tz))
    return rows


def access_log_rows(council, entries) -> list[AccessLogRow]:
    """The entries with their situation code or alert number (two queries) and the label of their scope."""
    entries = list(entries)
    ids = {kind: {e.target_id for e in entries if e.target_type == kind} for kind in TARGETS}
    codes = {
        "situations.situation": dict(
            council.situations.filter(pk__in=ids["situations.situation"]).values_list("pk", "code")
        ),
        "situations.alert": dict(council.alerts.filter(pk__in=ids["situations.alert"]).values_list("pk", "reference")),
    }
    rows = []
    for entry in entries:
        found = codes.get(entry.target_type, {}).get(int(entry.target_id)) if entry.target_id.isdigit() else None
        rows.append(
            AccessLogRow(
                created_at=entry.created_at,
                user=entry.user,
                source=entry.source,
                scope_label=SCOPES.get(entry.scope, entry.scope),
                target_label=f"{TARGETS.get(entry.target_type, entry.target_type)} {found or entry.target_id}",
            )  # fmt: skip
        )
    return rows


def unusual_reads(council) -> list[dict]:
    """Members who opened more identities in one day than the council's threshold, over the last week."""
    since = timezone.now() - timedelta(days=UNUSUAL_WINDOW_DAYS)
    return list(
        AccessLog.objects.filter(council=council, scope="identity", created_at__gte=since, user__isnull=False)
        .annotate(day=TruncDate("created_at"))
        .values("user__first_name", "user__last_name", "user__email", "day")
        .annotate(n=Count("id"))
        .filter(n__gt=council.unusual_reads_per_day)
        .order_by("-day", "-n")[:20]
    )
