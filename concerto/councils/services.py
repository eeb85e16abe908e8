"""Council use cases: settings, territory, sectors, cells and their charter. Each is atomic and writes an event."""

from django.db import transaction

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.councils.models import Cell, CellMember, Charter, CharterCommitment, Commune, Council, PsychiatricSector


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
