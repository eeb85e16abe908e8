"""Which app may import which (issue 10): the apps form layers, each importing only the layers below it.

    core        → (nothing: the registry in core is filled by the apps, core imports no domain app)
    councils    → core
    accounts    → core, councils
    directory   → core, councils, accounts
    situations  → core, councils, accounts, directory
    plans       → core, councils, accounts, directory, situations
    meetings    → core, councils, accounts, directory, situations, plans
    housing     → core, councils, accounts, directory, situations, plans, meetings
    governance  → core … housing (bodies, decisions, project groups)
    events      → core … governance (workshops, public registration, evaluations, trainings)
    fees        → core … events (membership fees)
    documents   → core … fees (the council's documents library)
    privacy     → core … documents
    reports     → core, councils only (it reads every app's indicators through core's registry)
    demo        → every app (it builds a demonstration council)

Every import counts, at module level or inside a function. `UPWARD` lists the arrows that still run the wrong
way (each a function-level import kept for now); the test fails on any new one, and on an entry that is no
longer needed, so the list only shrinks."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    "core",
    "councils",
    "accounts",
    "directory",
    "situations",
    "plans",
    "meetings",
    "housing",
    "governance",
    "events",
    "fees",
    "documents",
    "privacy",
    "reports",
    "demo",
]
ALLOWED = {app: set(LAYERS[:index]) for index, app in enumerate(LAYERS)}

UPWARD = {
    # A member's MFA requirement depends on the situations they take part in.
    ("concerto/accounts/models.py", "situations"),
    # The cell's membership form reads memberships.
    ("concerto/councils/forms.py", "accounts"),
    # A meeting invitation gives an actor a window on a situation (need-to-know policy).
    ("concerto/situations/policy.py", "meetings"),
    # A withdrawal of consent flags the situation when it still has open actions.
    ("concerto/situations/services.py", "plans"),
}


def imported_apps(path: Path) -> set[str]:
    """The `concerto.<app>` packages a module imports, wherever the import statement is."""
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps |= {name.split(".")[1] for name in names if name.startswith("concerto.") and name.count(".") >= 1}
    return apps


def app_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) > 1 and "tests" not in parts and "migrations" not in parts:
            yield parts[0], path


def arrows() -> set[tuple[str, str]]:
    found = set()
    for app, path in app_modules():
        for other in imported_apps(path) - {app}:
            found.add((str(path.relative_to(ROOT.parent)), other))
    return found


def test_every_app_is_in_the_table():
    apps = {app for app, _ in app_modules() if (ROOT / app / "__init__.py").exists()}
    assert apps == set(LAYERS)


def test_core_imports_no_domain_app():
    core = {(module, other) for module, other in arrows() if module.startswith("concerto/core/")}
    assert not core, f"core importe une application métier : {sorted(core)}"


def test_imports_follow_the_layers():
    wrong = {
        (module, other) for module, other in arrows() if other not in ALLOWED[module.split("/")[1]]
    } - UPWARD  # fmt: skip
    assert not wrong, f"Imports à contre-sens des couches : {sorted(wrong)}"


def test_known_upward_imports_are_still_needed():
    assert not UPWARD - arrows(), f"Retirer de UPWARD : {sorted(UPWARD - arrows())}"


def test_the_walker_sees_function_level_imports(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import os\n\ndef f():\n    from concerto.meetings.models import Meeting\n    import concerto.plans\n"
    )
    assert imported_apps(module) == {"meetings", "plans"}
