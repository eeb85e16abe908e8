"""Council use cases: settings, territory, sectors, cells and their charter. Each is atomic and writes an event."""

from django.db import transaction

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.councils.models import (
    Cell,
    CellMember,
    Charter,
    CharterCommitment,
    Commune,
    Council,
    ProblemType,
    PsychiatricSector,
)


@transaction.atomic
def council_update(*, council: Council, actor, changed: list[str]) -> None:
    council.save()
    record_event(council=council, actor=actor, verb="council_updated", target=council, fields=changed)


@transaction.atomic
def council_add_commune(*, council: Council, actor, commune: Commune) -> None:
    council.communes.add(commune)
    record_event(council=council, actor=actor, verb="commune_added", target=council, insee=commune.insee_code)


@transaction.atomic
def council_remove_commune(*, council: Council, actor, commune: Commune) -> None:
    council.communes.remove(commune)
    record_event(council=council, actor=actor, verb="commune_removed", target=council, insee=commune.insee_code)


@transaction.atomic
def sector_create(*, sector: PsychiatricSector, actor) -> None:
    sector.save()
    record_event(council=sector.council, actor=actor, verb="sector_added", target=sector, code=sector.code)


@transaction.atomic
def sector_delete(*, sector: PsychiatricSector, actor) -> None:
    record_event(council=sector.council, actor=actor, verb="sector_removed", target=sector, code=sector.code)
    sector.delete()


# --- cells and their charter ------------------------------------------------------------------------------


@transaction.atomic
def cell_create(*, cell: Cell, actor) -> Cell:
    cell.save()
    record_event(council=cell.council, actor=actor, verb="cell_created", target=cell)
    return cell


@transaction.atomic
def cell_update(*, cell: Cell, actor, fields: list[str]) -> Cell:
    """Saves the cell's settings (its form already validated them; the rule's times are checked again here)."""
    if cell.session_ends <= cell.session_starts:
        raise DomainError("L'heure de fin des séances doit suivre l'heure de début.")
    if not cell.review_offsets:
        raise DomainError("Indiquez au moins un point d'étape, en mois (par exemple 3,6).")
    cell.save(update_fields=fields)
    record_event(council=cell.council, actor=actor, verb="cell_updated", target=cell, fields=fields)
    return cell


@transaction.atomic
def cell_member_add(*, cell: Cell, actor, membership, kind: str = CellMember.Kind.PERMANENT, substitute_for=None):
    """Seats an active member of the council, once; a substitute stands in for a permanent seat of the same cell."""
    if membership.council_id != cell.council_id or not membership.is_active:
        raise DomainError("Seul un membre actif du conseil peut siéger dans la cellule.")
    if cell.members.filter(membership=membership).exists():
        raise DomainError("Cette personne siège déjà dans la cellule.")
    if substitute_for is not None and (
        substitute_for.cell_id != cell.pk or substitute_for.kind != CellMember.Kind.PERMANENT
    ):
        raise DomainError("Un·e suppléant·e remplace un membre permanent de la même cellule.")
    seat = CellMember.objects.create(cell=cell, membership=membership, kind=kind, substitute_for=substitute_for)
    record_event(council=cell.council, actor=actor, verb="cell_member_added", target=cell, seat=seat.pk)
    return seat


@transaction.atomic
def cell_member_remove(*, seat: CellMember, actor) -> None:
    record_event(council=seat.cell.council, actor=actor, verb="cell_member_removed", target=seat.cell, seat=seat.pk)
    seat.delete()


@transaction.atomic
def charter_upload(*, cell: Cell, actor, document) -> Charter:
    """A new version of the charter: every member must commit to it again (concerto/situations/policy.py)."""
    current = Cell.objects.select_for_update().get(pk=cell.pk).current_charter
    charter = Charter.objects.create(
        cell=cell, version=(current.version + 1) if current else 1, document=document, uploaded_by=actor
    )
    record_event(council=cell.council, actor=actor, verb="charter_uploaded", target=cell, version=charter.version)
    return charter


@transaction.atomic
def charter_commit(*, cell: Cell, membership, actor) -> CharterCommitment:
    """Commits a member to the current version of the cell's charter (idempotent); an older version cannot be
    committed to, and only an active member of the cell's council commits."""
    charter = cell.current_charter
    if charter is None:
        raise DomainError("Cette cellule n'a pas encore de charte.")
    if membership.council_id != cell.council_id or not membership.is_active:
        raise DomainError("Seul un membre actif du conseil peut s'engager à la charte de la cellule.")
    commitment, created = CharterCommitment.objects.get_or_create(charter=charter, membership=membership)
    if created:
        record_event(council=cell.council, actor=actor, verb="charter_committed", target=cell, version=charter.version)
    return commitment


# --- the council's list of problem types (concerto/councils/problems.py) ---------------------------------------


def _problem_rows(council: Council) -> list[ProblemType]:
    """The council's rows, locked, written first from the list as it stands (national types, then any national
    type added since): every change starts from the whole list, in its order."""
    from concerto.councils.problems import problem_list

    Council.objects.select_for_update().filter(pk=council.pk).first()  # one change of the list at a time
    existing = {row.code for row in ProblemType.objects.filter(council=council)}
    ProblemType.objects.bulk_create(
        ProblemType(council=council, code=e.code, hidden=e.hidden, position=e.position)
        for e in problem_list(council)
        if e.code not in existing
    )
    rows = list(ProblemType.objects.filter(council=council).order_by("position", "id"))
    for position, row in enumerate(rows):
        row.position = position
    ProblemType.objects.bulk_update(rows, ["position"])
    return rows


@transaction.atomic
def problem_type_add(*, council: Council, actor, label: str) -> ProblemType:
    """A local problem type, last of the list, with a code of its own (`local_<slug>`) that never changes."""
    from concerto.councils.problems import local_code, problem_list

    label = " ".join((label or "").split())
    if not label:
        raise DomainError("Indiquez le libellé du type de problème.")
    if label.casefold() in {e.label.casefold() for e in problem_list(council)}:
        raise DomainError("Ce type de problème existe déjà dans la liste du conseil (masqué ou non).")
    rows = _problem_rows(council)
    problem = ProblemType.objects.create(
        council=council, code=local_code(council, label), label=label, position=len(rows)
    )
    record_event(council=council, actor=actor, verb="problem_type_added", target=council, code=problem.code)
    return problem


@transaction.atomic
def problem_type_change(*, council: Council, actor, code: str, action: str) -> None:
    """Hides or shows a type (`hide`, `show`), or moves it one place (`up`, `down`)."""
    rows = _problem_rows(council)
    index = next((i for i, row in enumerate(rows) if row.code == code), None)
    if index is None:
        raise DomainError("Ce type de problème n'est pas dans la liste du conseil.")
    row = rows[index]
    if action in ("hide", "show"):
        row.hidden = action == "hide"
        row.save(update_fields=["hidden"])
    elif action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(rows):
            return
        row.position, rows[other].position = rows[other].position, row.position
        ProblemType.objects.bulk_update([row, rows[other]], ["position"])
    else:
        raise DomainError("Action inconnue sur la liste des problèmes.")
    record_event(council=council, actor=actor, verb=f"problem_type_{action}", target=council, code=code)
