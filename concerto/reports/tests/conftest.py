"""The reports tests' shared fixture: the year of activity with known answers (concerto/reports/tests/year.py)."""

import pytest

from concerto.reports.tests.year import Year, build_year


@pytest.fixture
def year(db) -> Year:
    """The year described in year.py's docstring (`year.council`, `year.start`, `year.end`…)."""
    return build_year()
