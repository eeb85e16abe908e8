"""The reports app's only write: the record of an export (the page itself writes nothing)."""

from concerto.core.events import record_event


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
