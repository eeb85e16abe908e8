"""The module shape of an app (issue 10): views read, call services and render; forms live in `forms.py`; writes
and events go through the services.

A view module is `views.py`, a module of a `views/` package, or any module an app's `urls.py` imports (such as
`councils/cells.py` or `meetings/polls.py`). In a view module, the test fails on a class deriving from a Django
form, and on a direct write: `.save(`, `.create(`, `.delete(`, `.update(` or `record_event(`. `form.save(commit=False)`
builds an unsaved instance and is not a write. `ALLOWED_WRITES` lists the exceptions, each with its reason; it fails
on an entry no longer needed, so the list only shrinks."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORM_BASES = {"Form", "ModelForm", "BaseForm", "BaseModelForm"}
WRITE_METHODS = {"save", "create", "delete", "update"}

# (module, line's call) → reason. Keep it short: each entry is a write that a service should own.
ALLOWED_WRITES: dict[tuple[str, str], str] = {}


def url_modules() -> set[Path]:
    """The modules that an app's `urls.py` imports from its own app (`from concerto.app import cells, views`)."""
    found = set()
    for urls in ROOT.glob("*/urls.py"):
        app = urls.parent.name
        for node in ast.walk(ast.parse(urls.read_text(), filename=str(urls))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(f"concerto.{app}"):
                package = ROOT / Path(*node.module.split(".")[1:])
                for alias in node.names:
                    for candidate in (package / f"{alias.name}.py", package / alias.name / "__init__.py"):
                        if candidate.exists():
                            found.add(candidate)
    return found


def view_modules() -> list[Path]:
    modules = set(ROOT.glob("*/views.py")) | set(ROOT.glob("*/views/*.py")) | url_modules()
    return sorted(modules)


def _name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def form_classes(tree: ast.AST) -> list[str]:
    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(_name(base) in FORM_BASES for base in node.bases)
    ]


def dict_names(tree: ast.AST) -> set[str]:
    """Names bound to a dict (`context = {...}`, `dict(...)`): their `.update(` fills a template context."""
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and (isinstance(node.value, ast.Dict | ast.DictComp) or _name(getattr(node.value, "func", None)) == "dict")
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def writes(tree: ast.AST) -> list[tuple[int, str]]:
    found, dicts = [], dict_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        unsaved = name == "save" and any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords
        )
        on_dict = name == "update" and _name(getattr(node.func, "value", None)) in dicts
        if (isinstance(node.func, ast.Attribute) and name in WRITE_METHODS and not (unsaved or on_dict)) or (
            name == "record_event"
        ):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def test_view_modules_are_found():
    names = {_relative(path) for path in view_modules()}
    assert {"concerto/councils/cells.py", "concerto/meetings/polls.py", "concerto/privacy/access_log.py"} <= names
    assert "concerto/situations/views/alerts.py" in names


def test_no_form_class_in_a_view_module():
    found = {
        _relative(path): classes
        for path in view_modules()
        if (classes := form_classes(ast.parse(path.read_text(), filename=str(path))))
    }
    assert not found, f"Formulaires définis dans un module de vues (à placer dans forms.py) : {found}"


def test_views_write_only_through_services():
    found, used = [], set()
    for path in view_modules():
        for line, call in writes(ast.parse(path.read_text(), filename=str(path))):
            key = (_relative(path), call)
            if key in ALLOWED_WRITES:
                used.add(key)
            else:
                found.append(f"{_relative(path)}:{line} {call}(")
    assert not found, f"Écritures directes dans des vues (à faire dans un service) : {found}"
    assert used == set(ALLOWED_WRITES), f"Exceptions devenues inutiles : {sorted(set(ALLOWED_WRITES) - used)}"


def test_the_checks_catch_a_form_and_a_write():
    """The walks above would see a form class and each kind of write (the test cannot pass by seeing nothing)."""
    tree = ast.parse(
        "class F(forms.ModelForm): pass\n"
        "class G(BaseForm): pass\n"
        "def view(request):\n"
        "    context = {}\n    context.update(a=1)\n"
        "    form.save()\n    form.save(commit=False)\n    Model.objects.create()\n    qs.update(a=1)\n"
        "    obj.delete()\n    record_event(council=None)\n"
    )
    assert form_classes(tree) == ["F", "G"]
    assert [call for _, call in writes(tree)] == [
        "form.save", "Model.objects.create", "qs.update", "obj.delete", "record_event",
    ]  # fmt: skip
