"""Session-wide test options, at the repository root so that pytest registers them before parsing the command line.

--days-ahead N runs the whole session with the clock N days ahead, to catch time bombs: tests that pass today but
fail on a later date because they compare a fixed calendar date with today (CI runs the suite with --days-ahead 400).

The option lives here and not in concerto/conftest.py: pytest only knows the options of the conftest files it loads
before parsing the command line, and with `pytest --days-ahead 400` (no test path) it would take "400" for a path and
never load concerto/conftest.py, rejecting the option. This file, at the root, is loaded for every invocation.

Each pytest-xdist worker runs pytest_configure, so each one travels. Tests that travel themselves (time_machine.travel)
nest inside this travel: time_machine keeps a stack. Browser tests are deselected: chromium keeps its own clock.
"""

import copy
import datetime
import time

import pytest
import time_machine

_DAYS_AHEAD_TRAVEL = pytest.StashKey[time_machine.travel]()


class InvalidTemplateVariable(str):
    """`string_if_invalid` for the whole test suite: an unknown variable in a template fails the test that renders it
    (Django formats `string_if_invalid` with the variable's name when it holds "%s")."""

    def __mod__(self, other):
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")


@pytest.fixture(autouse=True, scope="session")
def _strict_templates():
    """Switched on for every test: `{{ unknown }}`, `{{ unknown|filter }}` or `{% url ... unknown %}` raises.
    `{% if unknown %}` and `{% for x in unknown %}` stay silent (Django resolves them leniently)."""
    from django.conf import settings
    from django.test.utils import override_settings

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
    with override_settings(TEMPLATES=templates):
        yield


def pytest_addoption(parser):
    parser.addoption(
        "--days-ahead",
        type=int,
        default=0,
        metavar="N",
        help="run the whole session with the clock moved N days ahead (time bombs); browser tests are deselected",
    )


def _days_ahead(config) -> int:
    return config.getoption("days_ahead", default=0) or 0


def pytest_configure(config):
    days = _days_ahead(config)
    if days < 0:
        raise pytest.UsageError("--days-ahead must be 0 or more")
    if days:
        # A timestamp, not an aware datetime: time_machine would otherwise set the TZ environment variable.
        travel = time_machine.travel(time.time() + days * 86_400, tick=True)
        travel.start()
        config.stash[_DAYS_AHEAD_TRAVEL] = travel


def pytest_unconfigure(config):
    travel = config.stash.get(_DAYS_AHEAD_TRAVEL, None)
    if travel is not None:
        travel.stop()
        del config.stash[_DAYS_AHEAD_TRAVEL]


def pytest_report_header(config):
    days = _days_ahead(config)
    if days:
        now = datetime.datetime.now()
        return f"--days-ahead {days}: clock moved {days} days ahead, to {now:%Y-%m-%d %H:%M} (browser tests deselected)"


def pytest_collection_modifyitems(config, items):
    if not _days_ahead(config):
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    if browser:
        config.hook.pytest_deselected(items=browser)
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
