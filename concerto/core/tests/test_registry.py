"""The apps' declarations in core's registry: every event has a label, the journal describes its targets, daily
jobs and subject-access sections come from the apps."""

import ast
import html
from pathlib import Path

import pytest
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.core.events import record_event
from concerto.core.registry import Panel, Registry, registry
from concerto.core.scheduling import DAILY_JOBS
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.situations.tests.factories import SituationFactory

ROOT = Path(__file__).resolve().parents[2]


def _literals(expr, assignments) -> set[str]:
    """The verbs an expression can take: a string, either branch of `a if c else b`, the values of a dict looked
    up (`{...}[key]`), a variable assigned one of those in the same function, or an f-string's literal prefix
    (returned with a trailing "*")."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return _literals(expr.body, assignments) | _literals(expr.orelse, assignments)
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Dict):
        return set().union(*(_literals(value, assignments) for value in expr.value.values))
    if isinstance(expr, ast.Name) and expr.id in assignments:
        return set().union(*(_literals(value, assignments) for value in assignments[expr.id]))
    if isinstance(expr, ast.JoinedStr) and isinstance(expr.values[0], ast.Constant):
        return {expr.values[0].value + "*"}
    raise AssertionError(f"verb non reconnu : {ast.unparse(expr)}")


def recorded_verbs() -> dict[str, str]:
    """{verb: module} for every `record_event(..., verb=...)` in the non-test source."""
    verbs = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for function in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]:
            assignments = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    assignments.setdefault(node.targets[0].id, []).append(node.value)
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", "")) == (
                    "record_event"
                ):
                    for keyword in call.keywords:
                        if keyword.arg == "verb":
                            verbs.update(dict.fromkeys(_literals(keyword.value, assignments), str(path)))
    return verbs


def test_every_recorded_event_has_a_label():
    verbs = recorded_verbs()
    assert len(verbs) >= 60  # the scan does find the calls
    missing = {verb: module for verb, module in verbs.items() if not verb.endswith("*") and verb not in registry.events}
    assert not missing, f"Événements sans libellé déclaré (declarations.py de l'application) : {missing}"
    for prefix in (verb[:-1] for verb in verbs if verb.endswith("*")):
        assert any(known.startswith(prefix) for known in registry.events), f"aucun libellé pour {prefix}…"


def test_f_string_verbs_declare_each_expansion():
    assert {"alert_reoriented", "alert_not_admissible", "erasure_erased", "erasure_refused"} <= registry.events.keys()
    assert registry.event_label("subject_access_produced") != "subject_access_produced"


def test_a_label_cannot_be_declared_twice_differently():
    local = Registry()
    local.register_events({"x_done": "Fait"})
    local.register_events({"x_done": "Fait"})
    with pytest.raises(ValueError):
        local.register_events({"x_done": "Autre"})
    with pytest.raises(ValueError):
        local.register_retention({"app.model": {"*": "anonymise"}})


def test_panels_are_filtered_by_role():
    local = Registry()
    local.register_panel(Panel("b", "b.html", dict, "member", 20))
    local.register_panel(Panel("a", "a.html", dict, "member", 10, frozenset({Role.DPO})))
    assert [p.name for p in local.panels_for(Role.DPO, "member")] == ["a", "b"]
    assert [p.name for p in local.panels_for(Role.PARTNER, "member")] == ["b"]


def test_daily_jobs_are_declared_by_their_apps():
    assert DAILY_JOBS is registry.daily_jobs
    assert DAILY_JOBS == {
        "action_reminders": "concerto.plans.tasks.action_reminders",
        "review_proposals": "concerto.meetings.tasks.propose_reviews",
        "working_notes": "concerto.meetings.tasks.destroy_working_notes",
        "housing_retention": "concerto.housing.tasks.housing_retention",
        "housing_renewal_reminders": "concerto.housing.renewals.housing_renewal_reminders",
        "events_retention": "concerto.events.tasks.events_retention",
        "fees_reminders": "concerto.fees.tasks.fees_reminders",
        "retention": "concerto.privacy.tasks.retention_purge",
    }


def test_subject_access_sections_come_in_order():
    assert [section.app for section in registry.sections] == ["situations", "meetings", "plans", "housing", "privacy"]


@pytest.mark.django_db
def test_audit_log_shows_labels_and_describes_targets(client, django_assert_max_num_queries):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    situation = SituationFactory(council=council)
    record_event(council=council, actor=coordinator.user, verb="subject_access_produced", target=council)
    for _ in range(5):
        record_event(council=council, actor=coordinator.user, verb="note_added", target=situation)
    record_event(council=council, actor=None, verb="access_log_exported")
    client.force_login(coordinator.user)
    with django_assert_max_num_queries(20):  # one query per target model, not per row
        page = html.unescape(client.get(reverse("audit_log")).content.decode())
    assert fr("Droit d'accès : dossier produit") in page and "Note ajoutée au journal" in page
    assert f"Situation {situation.code}" in page and fr(f"Conseil : {council.name}") in page
    # The raw verb is never shown as text (only as the value of the verb filter's options).
    assert "situations.situation n°" not in page and ">note_added<" not in page
