"""A council's list of problem types: the national list, with the council's own choices on top of it.

The national list is the situations app's `Problem` enum; situations is a layer above this app
(`core/tests/test_layers.py`), so it registers the list here when the apps are ready (`situations/declarations.py`),
like the registry. A council that never changed its list has no `ProblemType` row and uses the national list as it
is. The first change (`services.problem_type_*`) writes one row per type, in the list's order: the coordinator may
then hide a type, add a local one (code `local_<slug>`) and move them up or down. A code stored on an alert or a
situation never changes: a hidden type is no longer offered, and still shows its label where it was chosen."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from concerto.councils.models import Council, ProblemType

LOCAL_PREFIX = "local_"  # the same as situations.enums.LOCAL_PROBLEM_PREFIX (the policy reads it there)
_national: list[tuple[str, str]] = []


def register_national(choices) -> None:
    """The national list (code, label), in its order; set once at start-up by the situations app."""
    _national[:] = [(str(code), str(label)) for code, label in choices]


def national() -> list[tuple[str, str]]:
    return list(_national)


@dataclass(frozen=True)
class ProblemEntry:
    code: str
    label: str
    hidden: bool = False
    position: int = 0

    @property
    def is_local(self) -> bool:
        return self.code.startswith(LOCAL_PREFIX)


def problem_list(council: Council) -> list[ProblemEntry]:
    """Every type of the council's list, hidden ones included, in its order (one query). A national type added to
    the code after the council changed its list comes last, shown."""
    rows = list(ProblemType.objects.filter(council=council))
    labels = dict(_national)
    if not rows:
        return [ProblemEntry(code, label, position=i) for i, (code, label) in enumerate(_national)]
    entries = [
        ProblemEntry(row.code, labels.get(row.code) or row.label or row.code, row.hidden, row.position) for row in rows
    ]
    known = {row.code for row in rows}
    last = max(row.position for row in rows)
    entries += [
        ProblemEntry(code, label, position=last + i)
        for i, (code, label) in enumerate((c, lbl) for c, lbl in _national if c not in known)
    ]
    return entries


def problem_choices(council: Council, keep=()) -> list[tuple[str, str]]:
    """What a form offers: the types shown, in the council's order, and the hidden ones among `keep` (the codes
    already chosen on the record being edited, so that saving it does not drop them)."""
    keep = set(keep or ())
    return [(e.code, e.label) for e in problem_list(council) if not e.hidden or e.code in keep]


def problem_labels(council: Council) -> dict[str, str]:
    """Every code of the council's list (hidden ones too) → its label, to show the stored codes."""
    return {**dict(_national), **{e.code: e.label for e in problem_list(council)}}


def local_code(council: Council, label: str) -> str:
    """A new local code from the label (`local_<slug>`, 32 characters at most), unique in the council."""
    slug = slugify(label).replace("-", "_")[: 28 - len(LOCAL_PREFIX)].strip("_") or "type"
    base = LOCAL_PREFIX + slug
    taken = set(ProblemType.objects.filter(council=council, code__startswith=base).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}_{n}"
    return code
