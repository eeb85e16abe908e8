"""The reports app's writes: the record of an export, and the narrative of the annual activity report."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from concerto.core.concurrency import VersionConflict, save_versioned
from concerto.core.events import record_event
from concerto.reports.models import AnnualReport

NARRATIVE_FIELDS = ("introduction", "highlights", "outlook")


def report_export_record(*, council, actor, start, end, cell, exact: bool) -> None:
    record_event(
        council=council,
        actor=actor,
        verb="report_exported",
        start=start.isoformat(),
        end=end.isoformat(),
        cell=cell.name if cell else "",
        exact=exact,
    )


@transaction.atomic
def annual_report_save(*, council, year: int, actor, data: dict, expected_version: int) -> AnnualReport:
    """Saves the narrative of `year`. `expected_version` is the version the form was loaded at (0: not written yet);
    raises VersionConflict when someone saved it in between."""
    values = {name: data[name] for name in NARRATIVE_FIELDS}
    narrative = AnnualReport.objects.filter(council=council, year=year).first()
    if not 0 <= expected_version < 2**31:  # a forged version: stale by definition (and too large for the database)
        raise VersionConflict
    if narrative is None:
        if expected_version:
            raise VersionConflict
        try:
            with transaction.atomic():
                narrative = AnnualReport.objects.create(council=council, year=year, updated_by=actor, **values)
        except IntegrityError as clash:  # created by someone else since the form was loaded
            raise VersionConflict from clash
    else:
        for name, value in {**values, "updated_by": actor, "updated_at": timezone.now()}.items():
            setattr(narrative, name, value)
        fields = [*values, "updated_by", "updated_at"]
        save_versioned(narrative, expected_version=expected_version, update_fields=fields)
    record_event(council=council, actor=actor, verb="annual_report_saved", target=narrative, year=year)
    return narrative


def annual_report_export_record(*, council, actor, year: int, kind: str) -> None:
    record_event(council=council, actor=actor, verb="annual_report_exported", year=year, format=kind)


@transaction.atomic
def report_settings_update(*, council, actor, changed: list[str]) -> None:
    """Saves the Bilan's settings of `council` (the form has set them) and records the new values."""
    council.save(update_fields=["report_threshold", "first_session_target_days"])
    record_event(
        council=council,
        actor=actor,
        verb="report_settings_updated",
        target=council,
        fields=changed,
        threshold=council.report_threshold,
        target_days=council.first_session_target_days,
    )
